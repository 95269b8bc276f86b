/**
 * The `payload` of an Outpost GitHub Deployment: what was applied (kind, namespace, name in
 * outpost.yaml, Outpost name and id, the salted spec digest) and from where (repository,
 * commit). The action writes it; the next plan reads it back as the last applied record; the bot
 * reads it from `deployment` webhooks to start following the resource. Versioned: a reader
 * ignores versions it does not know instead of misreading them. It never holds a value in
 * clear — only salted digests (see digest.ts).
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { AppliedRecord } from "./applied-record.ts";

export const payloadVersion = 1;

/**
 * An applied record as the payload holds it: the repository and commit always known (the
 * Deployment's own), `appliedAt` left to the Deployment's creation time.
 */
export type OutpostDeploymentPayload = Omit<
  AppliedRecord,
  "appliedAt" | "repository" | "commit"
> & {
  readonly version: typeof payloadVersion;
  /** `owner/name` of the repository whose outpost.yaml applied it. */
  readonly repository: string;
  /** The commit applied. */
  readonly commit: string;
};

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

const schema = {
  type: "object",
  required: [
    "version",
    "kind",
    "namespace",
    "key",
    "outpostName",
    "digest",
    "repository",
    "commit",
  ],
  additionalProperties: false,
  properties: {
    version: { const: payloadVersion },
    kind: { enum: ["service", "job"] },
    namespace: name,
    key: name,
    outpostName: name,
    outpostId: name,
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
    inputsDigest: hex,
    repository: { type: "string", pattern: "^[^/\\s]+/[^/\\s]+$" },
    commit: { type: "string", pattern: "^([0-9a-f]{40}|[0-9a-f]{64})$" },
  },
} as const;

const validate = new Ajv2020({ allErrors: true, strict: true }).compile<OutpostDeploymentPayload>(
  schema,
);

/** Builds the payload for a record about to be applied. */
export function buildDeploymentPayload(
  record: AppliedRecord,
  repository: string,
  commit: string,
): DeploymentPayload {
  return {
    outpost: {
      version: payloadVersion,
      kind: record.kind,
      namespace: record.namespace,
      key: record.key,
      outpostName: record.outpostName,
      ...(record.outpostId === undefined ? {} : { outpostId: record.outpostId }),
      digest: { salt: record.digest.salt, spec: record.digest.spec, env: { ...record.digest.env } },
      ...(record.inputsDigest === undefined ? {} : { inputsDigest: record.inputsDigest }),
      repository: record.repository ?? repository,
      commit: record.commit ?? commit,
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
  if (version !== payloadVersion) {
    return typeof version === "number" && version > payloadVersion
      ? { type: "unsupported", version }
      : { type: "invalid", problems: [`unknown version ${JSON.stringify(version)}`] };
  }
  if (validate(outpost)) return { type: "outpost", payload: outpost };
  return {
    type: "invalid",
    problems: (validate.errors ?? []).map(
      (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
    ),
  };
}

/** The applied record a payload describes; `appliedAt` is the Deployment's creation time. */
export function recordFromPayload(
  payload: OutpostDeploymentPayload,
  appliedAt: string,
): AppliedRecord {
  return {
    kind: payload.kind,
    namespace: payload.namespace,
    key: payload.key,
    outpostName: payload.outpostName,
    ...(payload.outpostId === undefined ? {} : { outpostId: payload.outpostId }),
    digest: payload.digest,
    ...(payload.inputsDigest === undefined ? {} : { inputsDigest: payload.inputsDigest }),
    repository: payload.repository,
    commit: payload.commit,
    appliedAt,
  };
}
