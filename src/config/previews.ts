/**
 * Preview deployments: for a pull request from the repository itself, each service with a
 * `preview:` becomes `<service>-pr-<number>` in the preview namespace, with the preview's fields
 * over its own (merged as `defaults` are: `env` key by key), and no jobs. A pull request's
 * previews are a project of their own for records (`preview/pr-<number>`), so that they are
 * created, updated and deleted together and never touch anything else.
 */
import { parseDuration } from "../duration.ts";
import { PathMatcher } from "../files/path-matcher.ts";
import { previewEnvironment, previewName, previewedService } from "../records/preview-identity.ts";
import type { ConfigPath } from "./config-path.ts";
import type { DesiredState } from "./desired-state.ts";
import type { EnvironmentView } from "./environments.ts";
import type { OutpostConfig, Preview, Service } from "./schema.generated.ts";

export const previewDefaults = { idleExpiry: "24h", ttl: "72h", maxConcurrent: 5 } as const;

/** The fields of `preview:` that say when and how long, not what: never a service field. */
const previewOnly = ["paths", "idle_expiry", "ttl"] as const;

/** The pull request previews are deployed for. */
export interface PreviewTarget {
  readonly pull: number;
  /**
   * The pull request's head branch: what a preview of a `repo` service deploys, unless its
   * `preview.branch` says otherwise. Undefined: the service's own branch.
   */
  readonly headBranch?: string | undefined;
  /** The files the pull request changes, for `preview.paths`; undefined: not known (all previews). */
  readonly changed?: readonly string[] | undefined;
  /** The pull request is closed: none of its previews is wanted any more. */
  readonly closed?: boolean | undefined;
}

/** The services of the document that have a preview, by name. */
export function previewedServices(
  document: OutpostConfig,
): [string, Service & { preview: Preview }][] {
  return Object.entries(document.services ?? {}).flatMap(
    ([name, service]): [string, Service & { preview: Preview }][] =>
      service?.preview === undefined ? [] : [[name, { ...service, preview: service.preview }]],
  );
}

/**
 * The services whose preview a pull request calls for: those whose `preview.paths` match a file
 * it changes, or with no `paths`, all. `changed` undefined: not known, so all of them.
 */
export function servicesToPreview(
  document: OutpostConfig,
  changed: readonly string[] | undefined,
): string[] {
  return previewedServices(document)
    .filter(([, service]) => {
      const paths = service.preview.paths;
      if (paths === undefined || changed === undefined) return true;
      const matcher = new PathMatcher(paths);
      return changed.some((file) => matcher.matches(file));
    })
    .map(([name]) => name);
}

export interface PreviewLimits {
  readonly namespace: string;
  readonly maxConcurrent: number;
  /** US dollars an hour, for all previews at their maximum replicas; undefined: no budget. */
  readonly maxHourly: number | undefined;
}

export function previewLimits(document: OutpostConfig): PreviewLimits {
  return {
    namespace: document.previews?.namespace ?? document.namespace,
    maxConcurrent: document.previews?.max_concurrent ?? previewDefaults.maxConcurrent,
    maxHourly: document.previews?.max_hourly,
  };
}

export interface PreviewExpiry {
  readonly idleMs: number;
  readonly ttlMs: number;
}

/** When a service's previews expire. */
export function previewExpiry(preview: Preview): PreviewExpiry {
  return {
    idleMs: parseDuration(preview.idle_expiry ?? previewDefaults.idleExpiry) ?? 0,
    ttlMs: parseDuration(preview.ttl ?? previewDefaults.ttl) ?? 0,
  };
}

/**
 * The document as a pull request's previews see it: the named services only, each under its
 * preview name with its preview's fields, in the preview namespace; problems point where each
 * field was written.
 */
export function previewView(
  base: EnvironmentView,
  pull: number,
  services: readonly string[],
): EnvironmentView {
  const document = base.document;
  const original = new Map<string, string>();
  const previews: Record<string, Service> = {};
  for (const [name, service] of previewedServices(document)) {
    if (!services.includes(name)) continue;
    const { preview, ...own } = service;
    const fields: Record<string, unknown> = { ...preview };
    for (const key of previewOnly) delete fields[key];
    const env =
      own.env === undefined && preview.env === undefined
        ? {}
        : { env: { ...own.env, ...preview.env } };
    const merged: Service = { ...own, ...(fields as Partial<Service>), ...env };
    previews[previewName(name, pull)] = merged;
    original.set(previewName(name, pull), name);
  }
  return {
    environment: previewEnvironment(pull),
    document: {
      ...document,
      namespace: previewLimits(document).namespace,
      services: previews,
      jobs: {},
    },
    pathOf: (section, name, field): ConfigPath => {
      const service = original.get(name);
      if (section !== "services" || service === undefined) return base.pathOf(section, name, field);
      const preview = document.services?.[service]?.preview;
      return preview !== undefined && field in preview
        ? ["services", service, "preview", field]
        : base.pathOf("services", service, field);
    },
    defaultsPathOf: base.defaultsPathOf,
  };
}

/**
 * The resolved previews, each `repo` service's on the pull request's head branch unless its
 * `preview.branch` names one: the branch is taken as it is, never interpolated.
 */
export function onHeadBranch(
  desired: DesiredState,
  document: OutpostConfig,
  target: PreviewTarget,
): DesiredState {
  const { headBranch } = target;
  if (headBranch === undefined) return desired;
  const services = desired.services.map((spec) => {
    const preview = document.services?.[previewedService(spec.name, target.pull)]?.preview;
    return !("repo" in spec) || preview?.branch !== undefined
      ? spec
      : { ...spec, branch: headBranch };
  });
  return { ...desired, services };
}
