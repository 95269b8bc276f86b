/**
 * The outpost.yaml files the benchmarks apply and load: many services and jobs shaped like the
 * example's, each with its own name and environment, so that nothing is shared or cached between
 * resources that a real file would not share.
 */

export interface FleetSize {
  readonly services: number;
  readonly jobs: number;
}

export interface Fleet {
  readonly version: 1;
  readonly namespace: string;
  readonly defaults: { readonly region: "us-east-1" };
  readonly services: Record<string, Record<string, unknown>>;
  readonly jobs: Record<string, Record<string, unknown>>;
}

export const fleetNamespace = "acme";

/** A commit for `${{ git.short_sha }}`: job run names are derived from it. */
export const fleetSha = "0123456789abcdef0123456789abcdef01234567";

export function serviceName(index: number): string {
  return `svc-${String(index).padStart(4, "0")}`;
}

export function jobKey(index: number): string {
  return `job-${String(index).padStart(4, "0")}`;
}

/** A job's Outpost run name under the default `run_name` (`<job>-<short_sha>`). */
export function jobRunName(index: number): string {
  return `${jobKey(index)}-${fleetSha.slice(0, 7)}`;
}

/**
 * `size.services` services and `size.jobs` jobs. `secret` names a `${{ secrets.* }}` every
 * resource's env refers to, when given (the value is then needed to load the file).
 */
export function fleet(size: FleetSize, secret?: string): Fleet {
  const services: Fleet["services"] = {};
  const jobs: Fleet["jobs"] = {};
  const secretEnv = secret === undefined ? {} : { API_TOKEN: `\${{ secrets.${secret} }}` };
  for (let index = 0; index < size.services; index++) {
    services[serviceName(index)] = {
      image: `ghcr.io/acme/inference:v${1 + (index % 7)}.0.0`,
      gpu: index % 2 === 0 ? "L4" : "A100-80GB",
      cpu: 8,
      memory_gb: 32,
      min_replicas: 1,
      max_replicas: 4,
      target_gpu_utilization: 65,
      port: 8080,
      health_check_path: "/health",
      env: { MODEL_ID: `acme/model-${index}`, SHARD: String(index), ...secretEnv },
    };
  }
  for (let index = 0; index < size.jobs; index++) {
    jobs[jobKey(index)] = {
      command: `python train.py --shard ${index} --epochs 3`,
      repo: "acme/training-pipeline",
      branch: "main",
      gpu: "A100-80GB",
      gpu_count: 4,
      cpu: 32,
      memory_gb: 128,
      timeout_minutes: 600,
      retries: 1,
      output_path: `/workspace/output/shard-${index}`,
      env: { SHARD: String(index), ...secretEnv },
    };
  }
  return {
    version: 1,
    namespace: fleetNamespace,
    defaults: { region: "us-east-1" },
    services,
    jobs,
  };
}

/** A scalar as people write it: plain when YAML reads it back as the same string, else quoted. */
function scalar(value: unknown): string {
  if (typeof value !== "string") return String(value);
  return /^[A-Za-z][A-Za-z0-9._/-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/** The fleet as outpost.yaml text (block-style YAML, as people write it). */
export function fleetYaml(value: Fleet): string {
  const lines = [
    "version: 1",
    `namespace: ${value.namespace}`,
    "defaults:",
    `  region: ${value.defaults.region}`,
  ];
  const section = (title: string, entries: Record<string, Record<string, unknown>>) => {
    // An empty mapping is written `{}`: YAML reads a bare `services:` as null.
    if (Object.keys(entries).length === 0) return;
    lines.push(`${title}:`);
    for (const [name, fields] of Object.entries(entries)) {
      lines.push(`  ${name}:`);
      for (const [field, content] of Object.entries(fields)) {
        if (typeof content === "object" && content !== null) {
          lines.push(`    ${field}:`);
          for (const [key, item] of Object.entries(content)) {
            lines.push(`      ${key}: ${scalar(item)}`);
          }
        } else {
          lines.push(`    ${field}: ${scalar(content)}`);
        }
      }
    }
  };
  section("services", value.services);
  section("jobs", value.jobs);
  return `${lines.join("\n")}\n`;
}
