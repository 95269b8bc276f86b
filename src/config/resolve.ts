import { jobDefaults, serviceDefaults } from "./api-defaults.ts";
import type { ConfigPath } from "./config-path.ts";
import type { DesiredState, JobSpec, ServiceSpec, Source } from "./desired-state.ts";
import {
  gitValue,
  parseTemplate,
  renderTemplate,
  type GitInfo,
  type Reference,
  type Rendered,
  type Substitution,
} from "./interpolate.ts";
import type { Reporter } from "./problems.ts";
import { invalidNameReason, renderRunName, runNameTemplate } from "./run-names.ts";
import type { EnvironmentView } from "./environments.ts";
import type { Defaults, Env, Job, Service } from "./schema.generated.ts";
import { SecretValues } from "./secrets.ts";

/** The values references resolve to. Only front ends read them from the environment. */
export interface ResolveContext {
  readonly secrets?: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly git?: GitInfo;
}

/**
 * Turns a valid document, as one environment sees it (environments.ts), into the desired state:
 * `defaults` merged (a value set on the resource wins, `env` merged key by key), the API's
 * documented defaults written out, references replaced. Reports unset references and invalid
 * run names where they were written; returns undefined when it reported any.
 */
export function resolveConfig(
  view: EnvironmentView,
  context: ResolveContext,
  report: Reporter,
): DesiredState | undefined {
  const config = view.document;
  const secrets = new SecretValues();
  const defaults = config.defaults ?? {};
  let complete = true;

  const interpolate = (value: string, path: ConfigPath, job?: string): string => {
    const rendered = renderTemplate(parseTemplate(value), (reference) =>
      lookup(reference, context, job),
    );
    reportMissing(rendered, path, report);
    if (rendered.missing.length > 0) complete = false;
    secrets.addField(rendered.value, rendered.masked, rendered.secrets);
    return rendered.value;
  };

  const services = sortedEntries(config.services).map(([name, service]) =>
    resolveService(name, service, defaults, view, interpolate),
  );
  const jobs = sortedEntries(config.jobs).map(([key, job]) => {
    const runName = resolveRunName(key, job, context.git, report);
    if (runName === undefined) complete = false;
    return resolveJob(key, runName ?? key, job, defaults, view, interpolate);
  });

  if (!complete) return undefined;
  return {
    version: 1,
    namespace: config.namespace,
    environment: view.environment,
    services,
    jobs,
    secrets,
  };
}

type Interpolate = (value: string, path: ConfigPath, job?: string) => string;

function resolveService(
  name: string,
  service: Service,
  defaults: Defaults,
  view: EnvironmentView,
  interpolate: Interpolate,
): ServiceSpec {
  const path = ["services", name];
  const field = (key: string) => view.pathOf("services", name, key);
  // defaults.cpu 96 never reaches a service: validation rejects it where it would.
  const defaultCpu = defaults.cpu === 96 ? undefined : defaults.cpu;
  return {
    name,
    ...resolveSource(service, defaults, path, serviceDefaults.branch, field, view, interpolate),
    gpu: required(service.gpu ?? defaults.gpu, "gpu", path),
    gpu_count: service.gpu_count ?? defaults.gpu_count ?? serviceDefaults.gpu_count,
    cpu: service.cpu ?? defaultCpu ?? serviceDefaults.cpu,
    memory_gb: service.memory_gb ?? defaults.memory_gb ?? serviceDefaults.memory_gb,
    min_replicas: service.min_replicas ?? serviceDefaults.min_replicas,
    max_replicas: service.max_replicas ?? serviceDefaults.max_replicas,
    target_gpu_utilization:
      service.target_gpu_utilization ?? serviceDefaults.target_gpu_utilization,
    port: service.port ?? serviceDefaults.port,
    health_check_path:
      service.health_check_path === undefined
        ? serviceDefaults.health_check_path
        : interpolate(service.health_check_path, field("health_check_path")),
    env: resolveEnv(defaults.env, service.env, field, view, interpolate),
    region: service.region ?? defaults.region ?? serviceDefaults.region,
    ...(service.custom_domain === undefined
      ? {}
      : { custom_domain: interpolate(service.custom_domain, field("custom_domain")) }),
  };
}

function resolveJob(
  key: string,
  runName: string,
  job: Job,
  defaults: Defaults,
  view: EnvironmentView,
  interpolate: Interpolate,
): JobSpec {
  const path = ["jobs", key];
  const field = (name: string) => view.pathOf("jobs", key, name);
  const inJob: Interpolate = (value, at) => interpolate(value, at, key);
  return {
    key,
    runName,
    paths: job.paths ?? [],
    body: {
      name: runName,
      command: inJob(job.command, field("command")),
      ...resolveSource(job, defaults, path, jobDefaults.branch, field, view, inJob),
      gpu: required(job.gpu ?? defaults.gpu, "gpu", path),
      gpu_count: job.gpu_count ?? defaults.gpu_count ?? jobDefaults.gpu_count,
      cpu: job.cpu ?? defaults.cpu ?? jobDefaults.cpu,
      memory_gb: job.memory_gb ?? defaults.memory_gb ?? jobDefaults.memory_gb,
      disk_gb: job.disk_gb ?? jobDefaults.disk_gb,
      env: resolveEnv(defaults.env, job.env, field, view, inJob),
      region: job.region ?? defaults.region ?? jobDefaults.region,
      timeout_minutes: job.timeout_minutes ?? jobDefaults.timeout_minutes,
      retries: job.retries ?? jobDefaults.retries,
      ...(job.output_path === undefined
        ? {}
        : { output_path: inJob(job.output_path, field("output_path")) }),
    },
  };
}

/** `repo` with its branch (the resource's, the default, or the API's), or `image`. */
function resolveSource(
  resource: Service | Job,
  defaults: Defaults,
  path: ConfigPath,
  apiBranch: string,
  field: (name: string) => ConfigPath,
  view: EnvironmentView,
  interpolate: Interpolate,
): Source {
  if (resource.repo !== undefined) {
    const branch =
      resource.branch === undefined
        ? defaults.branch === undefined
          ? apiBranch
          : interpolate(defaults.branch, view.defaultsPathOf("branch"))
        : interpolate(resource.branch, field("branch"));
    return { repo: interpolate(resource.repo, field("repo")), branch };
  }
  return { image: interpolate(required(resource.image, "image", path), field("image")) };
}

/** `defaults.env` under the resource's own `env`, each variable interpolated where it was written. */
function resolveEnv(
  defaults: Env | undefined,
  own: Env | undefined,
  field: (name: string) => ConfigPath,
  view: EnvironmentView,
  interpolate: Interpolate,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [source, variables] of [
    [view.defaultsPathOf("env"), defaults],
    [field("env"), own],
  ] as const) {
    for (const [name, value] of Object.entries(variables ?? {})) {
      if (value !== undefined) env[name] = interpolate(value, [...source, name]);
    }
  }
  return env;
}

function resolveRunName(
  key: string,
  job: Job,
  git: GitInfo | undefined,
  report: Reporter,
): string | undefined {
  const rendered = renderRunName(runNameTemplate(job.run_name), key, git);
  const where =
    job.run_name === undefined ? (["jobs", key] as const) : (["jobs", key, "run_name"] as const);
  const at = job.run_name === undefined ? "key" : "value";
  for (const reference of rendered.missing) {
    report.error({
      code: "unset-reference",
      path: where,
      at,
      message: `the run name needs \`${reference.context}.${reference.name}\`, but no commit is known; run inside a git checkout or give the commit`,
      expected: "a commit SHA",
    });
  }
  if (rendered.missing.length > 0) return undefined;
  const reason = invalidNameReason(rendered.value);
  if (reason === undefined) return rendered.value;
  report.error({
    code: "invalid-run-name",
    path: where,
    at,
    message: `run name ${JSON.stringify(rendered.value)} is not a valid Outpost name: ${reason}`,
    expected: "letters, digits, `-` and `_`",
  });
  return undefined;
}

function lookup(
  reference: Reference,
  context: ResolveContext,
  job: string | undefined,
): Substitution | undefined {
  const { context: scope, name } = reference;
  let value: string | undefined;
  if (scope === "secrets") value = context.secrets?.[name];
  else if (scope === "env") value = context.env?.[name];
  else if (scope === "git")
    value = context.git === undefined ? undefined : gitValue(context.git, name);
  else if (scope === "job" && name === "name") value = job;
  // Environment values count as secrets too: the file cannot tell which of them are sensitive.
  return value === undefined
    ? undefined
    : { value, secret: scope === "secrets" || scope === "env" };
}

function reportMissing(rendered: Rendered, path: ConfigPath, report: Reporter): void {
  for (const { context: scope, name, source } of rendered.missing) {
    const [message, expected] =
      scope === "secrets"
        ? [
            `secret \`${name}\` is not set; provide it, or remove \`${source}\``,
            `a secret named ${name}`,
          ]
        : scope === "env"
          ? [
              `environment variable \`${name}\` is not set; set it, or remove \`${source}\``,
              `a variable named ${name}`,
            ]
          : [`\`${scope}.${name}\` is unknown because no commit was given`, "a commit"];
    report.error({ code: "unset-reference", path, at: { text: source }, message, expected });
  }
}

function required<T>(value: T | undefined, key: string, path: ConfigPath): T {
  if (value === undefined) {
    throw new Error(`${path.join(".")}.${key} is missing from a document that passed validation`);
  }
  return value;
}

function sortedEntries<T>(
  map: { readonly [key: string]: T | undefined } | undefined,
): [string, T][] {
  return Object.entries(map ?? {})
    .flatMap(([key, value]): [string, T][] => (value === undefined ? [] : [[key, value]]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
