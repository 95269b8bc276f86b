/**
 * `environments:` — named overlays of one file. An environment has its own namespace, a trigger
 * (`deploy`: a branch, a tag pattern, or manual runs only) and overrides of the file's defaults,
 * services and jobs, merged as `defaults` are: a value set by the environment wins, and `env` is
 * merged key by key. Each environment is a project of its own for records.
 */
import { defaultEnvironment } from "../records/identity.ts";
import type { ConfigPath } from "./config-path.ts";
import type {
  Defaults,
  Deploy,
  Environment,
  Job,
  JobOverride,
  OutpostConfig,
  Service,
  ServiceOverride,
} from "./schema.generated.ts";

/** The environments a document declares, by name (empty when it declares none). */
export function environmentsOf(document: OutpostConfig): [string, Environment][] {
  return Object.entries(document.environments ?? {}).flatMap(
    ([name, environment]): [string, Environment][] =>
      environment === undefined ? [] : [[name, environment]],
  );
}

/** Where a resolved value came from, for problems: the file's resource, or an environment's override. */
export type FieldPath = (section: "services" | "jobs", name: string, field: string) => ConfigPath;

/** A document as one environment sees it, and where each of its fields was written. */
export interface EnvironmentView {
  /** The environment's name; `default` for a file without environments. */
  readonly environment: string;
  readonly document: OutpostConfig;
  readonly pathOf: FieldPath;
  readonly defaultsPathOf: (field: string) => ConfigPath;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `env` merged key by key: the override's variables over the base's. */
function mergedEnv(base: Env | undefined, over: Env | undefined): { env?: Record<string, string> } {
  if (base === undefined && over === undefined) return {};
  const env: Record<string, string> = {};
  for (const variables of [base, over]) {
    for (const [name, value] of Object.entries(variables ?? {}))
      if (value !== undefined) env[name] = value;
  }
  return { env };
}

function mergeService(base: Service, over: ServiceOverride | undefined): Service {
  return over === undefined ? base : { ...base, ...over, ...mergedEnv(base.env, over.env) };
}

function mergeJob(base: Job, over: JobOverride | undefined): Job {
  return over === undefined ? base : { ...base, ...over, ...mergedEnv(base.env, over.env) };
}

function mergeDefaults(base: Defaults | undefined, over: Defaults | undefined): Defaults {
  return { ...base, ...over, ...mergedEnv(base?.env, over?.env) };
}

function mapValues<T, U>(
  map: { readonly [key: string]: T | undefined } | undefined,
  change: (key: string, value: T) => U,
): Record<string, U> {
  return Object.fromEntries(
    Object.entries(map ?? {}).flatMap(([key, value]): [string, U][] =>
      value === undefined ? [] : [[key, change(key, value)]],
    ),
  );
}

/** The file itself, for a file without environments. */
export function defaultView(document: OutpostConfig): EnvironmentView {
  return {
    environment: defaultEnvironment,
    document,
    pathOf: (section, name, field) => [section, name, field],
    defaultsPathOf: (field) => ["defaults", field],
  };
}

/** The document as environment `name` sees it (the caller checked that it exists). */
export function environmentView(document: OutpostConfig, name: string): EnvironmentView {
  const environment = document.environments?.[name];
  if (environment === undefined) return defaultView(document);
  const merged: OutpostConfig = {
    ...document,
    namespace: environment.namespace ?? document.namespace,
    defaults: mergeDefaults(document.defaults, environment.defaults),
    services: mapValues(document.services, (key, service) =>
      mergeService(service, environment.services?.[key]),
    ),
    jobs: mapValues(document.jobs, (key, job) => mergeJob(job, environment.jobs?.[key])),
  };
  const here = ["environments", name];
  return {
    environment: name,
    document: merged,
    pathOf: (section, resource, field) => {
      const override = environment[section]?.[resource];
      return override !== undefined && field in override
        ? [...here, section, resource, field]
        : [section, resource, field];
    },
    defaultsPathOf: (field) =>
      environment.defaults !== undefined && field in environment.defaults
        ? [...here, "defaults", field]
        : ["defaults", field],
  };
}

/** Whether a tag (`refs/tags/<tag>`'s name) matches a `deploy.tags` glob: `*` is any run of characters. */
export function tagMatches(pattern: string, tag: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
  return new RegExp(`^${escaped}$`).test(tag);
}

/** What deploys an environment, in words. */
export function describeDeploy(deploy: Deploy): string {
  if (deploy.branch !== undefined) return `pushes to \`${deploy.branch}\``;
  if (deploy.tags !== undefined) return `tags matching \`${deploy.tags}\``;
  return "manual runs naming it";
}

/**
 * The environment a push of `ref` (`refs/heads/…`, `refs/tags/…`) deploys, if any: the one whose
 * `deploy.branch` or `deploy.tags` it matches.
 */
export function environmentForRef(document: OutpostConfig, ref: string): string | undefined {
  const branch = ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : undefined;
  const tag = ref.startsWith("refs/tags/") ? ref.slice("refs/tags/".length) : undefined;
  return environmentsOf(document).find(([, environment]) => {
    const { deploy } = environment;
    if (branch !== undefined) return deploy.branch === branch;
    return tag !== undefined && deploy.tags !== undefined && tagMatches(deploy.tags, tag);
  })?.[0];
}
