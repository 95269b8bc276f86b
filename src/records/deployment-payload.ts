/**
 * The `payload` of an Outpost GitHub Deployment: what was applied (kind, namespace, name in
 * outpost.yaml, Outpost name and id, the keyed spec digest), by which project (identity: config
 * file and environment) and from where (repository, commit). The action writes it; the next plan
 * reads it back as a record; the bot reads it from `deployment` webhooks to start following the
 * resource. Versioned: a reader ignores versions it does not know instead of misreading them. It
 * never holds a value in clear, nor a digest anyone could test guesses against (see digest.ts).
 *
 * Version 1 (before identities and keys) is still read: it names no config file or environment,
 * and its digests are salted SHA-256.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { changeRequest, type AppliedRecord, type RecordState } from "./applied-record.ts";
import type { SpecDigest } from "./digest.ts";

export const payloadVersion = 2;

/** An Outpost Deployment's payload, of either version. */
export interface OutpostDeploymentPayload {
  readonly version: 1 | 2;
  readonly kind: AppliedRecord["kind"];
  readonly namespace: string;
  readonly key: string;
  readonly outpostName: string;
  readonly outpostId?: string;
  /** The project whose records these are; absent in version 1. */
  readonly identity?: { readonly config: string; readonly environment: string };
  readonly digest: SpecDigest;
  readonly inputsDigest?: string;
  /** Jobs: what caused the run (see AppliedRecord.request). */
  readonly request?: string;
  /** `owner/name` of the repository whose outpost.yaml applied it. */
  readonly repository: string;
  /** The commit applied. */
  readonly commit: string;
  /**
   * A record rewritten under the current records key (or out of version 1): nothing was sent to
   * Outpost for it, so there is nothing new to follow.
   */
  readonly rewrite?: boolean;
}

/** What the Deployment's `payload` holds: Outpost's part under one key, so others can coexist. */
export interface DeploymentPayload {
  readonly outpost: OutpostDeploymentPayload;
}

export type ParsedPayload =
  | { readonly type: "outpost"; readonly payload: OutpostDeploymentPayload }
  /** Not an Outpost deployment (another tool's): ignore it. */
  | { readonly type: "other" }
  /** Written by a newer version of Outpost: ignore it rather than misread it. */
  | { readonly type: "unsupported"; readonly version: unknown }
  | { readonly type: "invalid"; readonly problems: readonly string[] };

const hex = { type: "string", pattern: "^[0-9a-f]+$", maxLength: 128 } as const;
const name = { type: "string", minLength: 1, maxLength: 253 } as const;

const common = {
  kind: { enum: ["service", "job"] },
  namespace: name,
  key: name,
  outpostName: name,
  outpostId: name,
  inputsDigest: hex,
  repository: { type: "string", pattern: "^[^/\\s]+/[^/\\s]+$" },
  commit: { type: "string", pattern: "^([0-9a-f]{40}|[0-9a-f]{64})$" },
} as const;
const required = ["version", "kind", "namespace", "key", "outpostName", "digest", "repository"];

const schemas = {
  1: {
    type: "object",
    required: [...required, "commit"],
    additionalProperties: false,
    properties: {
      ...common,
      version: { const: 1 },
      digest: {
        type: "object",
        required: ["salt", "spec", "env"],
        additionalProperties: false,
        properties: {
          salt: { type: "string", minLength: 1, maxLength: 128 },
          spec: hex,
          env: { type: "object", additionalProperties: hex },
        },
      },
    },
  },
  2: {
    type: "object",
    required: [...required, "commit", "identity"],
    additionalProperties: false,
    properties: {
      ...common,
      version: { const: 2 },
      identity: {
        type: "object",
        required: ["config", "environment"],
        additionalProperties: false,
        properties: { config: { ...name, maxLength: 1024 }, environment: name },
      },
      digest: {
        type: "object",
        required: ["version", "key", "spec", "env", "public"],
        additionalProperties: false,
        properties: {
          version: { const: 2 },
          key: hex,
          spec: hex,
          env: { type: "object", additionalProperties: hex },
          public: hex,
        },
      },
      request: { type: "string", minLength: 1, maxLength: 200 },
      rewrite: { const: true },
    },
  },
} as const;

type PayloadValidator = ValidateFunction<OutpostDeploymentPayload>;
let validators: { readonly 1: PayloadValidator; readonly 2: PayloadValidator } | undefined;

/** Compiled on first use: the action's validate mode, and its start, never pay for it. */
function validatorOf(version: 1 | 2): PayloadValidator {
  if (validators === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    validators = {
      1: ajv.compile<OutpostDeploymentPayload>(schemas[1]),
      2: ajv.compile<OutpostDeploymentPayload>(schemas[2]),
    };
  }
  return validators[version];
}

/** Builds the payload for a record about to be applied. */
export function buildDeploymentPayload(
  record: Omit<AppliedRecord, "state">,
  repository: string,
  commit: string,
  options: { readonly rewrite?: boolean } = {},
): DeploymentPayload {
  return {
    outpost: {
      version: payloadVersion,
      kind: record.kind,
      namespace: record.namespace,
      key: record.key,
      outpostName: record.outpostName,
      ...(record.outpostId === undefined ? {} : { outpostId: record.outpostId }),
      identity: { config: record.identity.config, environment: record.identity.environment },
      digest: record.digest,
      ...(record.inputsDigest === undefined ? {} : { inputsDigest: record.inputsDigest }),
      ...(record.request === undefined ? {} : { request: record.request }),
      repository: record.identity.repository ?? repository,
      commit: record.commit ?? commit,
      ...(options.rewrite === true ? { rewrite: true } : {}),
    },
  };
}

/** Reads a Deployment's `payload` (an object, or the JSON text GitHub may hold instead). */
export function parseDeploymentPayload(payload: unknown): ParsedPayload {
  let value = payload;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return { type: "other" };
    }
  }
  if (typeof value !== "object" || value === null || !("outpost" in value))
    return { type: "other" };
  const outpost = value.outpost;
  if (typeof outpost !== "object" || outpost === null) {
    return { type: "invalid", problems: ["`outpost` is not an object"] };
  }
  const version = "version" in outpost ? outpost.version : undefined;
  if (version !== 1 && version !== 2) {
    return typeof version === "number" && version > payloadVersion
      ? { type: "unsupported", version }
      : { type: "invalid", problems: [`unknown version ${JSON.stringify(version)}`] };
  }
  const validate = validatorOf(version);
  if (validate(outpost)) return { type: "outpost", payload: outpost };
  return {
    type: "invalid",
    problems: (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
    ),
  };
}

/**
 * The record a payload describes; `appliedAt` is the Deployment's creation time. Version 1
 * payloads name no identity: the caller decides whose they are (`identity`).
 */
export function recordFromPayload(
  payload: OutpostDeploymentPayload,
  appliedAt: string,
  state: RecordState,
  identity: AppliedRecord["identity"],
): AppliedRecord {
  return {
    kind: payload.kind,
    namespace: payload.namespace,
    key: payload.key,
    outpostName: payload.outpostName,
    ...(payload.outpostId === undefined ? {} : { outpostId: payload.outpostId }),
    identity,
    digest: payload.digest,
    ...(payload.inputsDigest === undefined ? {} : { inputsDigest: payload.inputsDigest }),
    ...(payload.request === undefined
      ? payload.kind === "job"
        ? { request: changeRequest }
        : {}
      : { request: payload.request }),
    commit: payload.commit,
    state,
    appliedAt,
  };
}
