import type { ConfigPath } from "./config-path.ts";

/**
 * Reading a parsed document before (or despite) schema validation: semantic checks run on
 * invalid documents too, so that one run reports every problem, and must not trust any shape.
 */

export type ResourceKind = "service" | "job";

/** A service or job of the document, as written. */
export interface RawResource {
  readonly kind: ResourceKind;
  /** The key under `services:` or `jobs:`. */
  readonly name: string;
  readonly path: ConfigPath;
  readonly fields: Readonly<Record<string, unknown>>;
}

const sections = { service: "services", job: "jobs" } as const;

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path`, or undefined where the document has none. */
export function valueAt(data: unknown, path: ConfigPath): unknown {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === "number") value = value[segment] as unknown;
    else if (isRecord(value) && typeof segment === "string") value = value[segment];
    else return undefined;
  }
  return value;
}

/** Every service and job whose definition is a mapping, services first, in file order. */
export function rawResources(data: unknown): RawResource[] {
  const resources: RawResource[] = [];
  for (const kind of ["service", "job"] as const) {
    const section = valueAt(data, [sections[kind]]);
    if (!isRecord(section)) continue;
    for (const [name, fields] of Object.entries(section)) {
      if (isRecord(fields)) resources.push({ kind, name, path: [sections[kind], name], fields });
    }
  }
  return resources;
}

/** Every environment's overrides of services and jobs, at their paths under `environments:`. */
export function rawOverrides(data: unknown): RawResource[] {
  const environments = valueAt(data, ["environments"]);
  if (!isRecord(environments)) return [];
  const overrides: RawResource[] = [];
  for (const [environment, definition] of Object.entries(environments)) {
    for (const kind of ["service", "job"] as const) {
      const section = valueAt(definition, [sections[kind]]);
      if (!isRecord(section)) continue;
      for (const [name, fields] of Object.entries(section)) {
        if (!isRecord(fields)) continue;
        overrides.push({
          kind,
          name,
          path: ["environments", environment, sections[kind], name],
          fields,
        });
      }
    }
  }
  return overrides;
}

/** Every service's `preview:` mapping, as an override of the service at `services.<name>.preview`. */
export function rawPreviews(data: unknown): RawResource[] {
  return rawResources(data).flatMap((resource): RawResource[] => {
    const preview = resource.fields["preview"];
    return resource.kind === "service" && isRecord(preview)
      ? [
          {
            kind: "service",
            name: resource.name,
            path: [...resource.path, "preview"],
            fields: preview,
          },
        ]
      : [];
  });
}

/** Every environment's `defaults` mapping, with its path. */
export function rawEnvironmentDefaults(data: unknown): {
  readonly path: ConfigPath;
  readonly fields: Readonly<Record<string, unknown>>;
}[] {
  const environments = valueAt(data, ["environments"]);
  if (!isRecord(environments)) return [];
  return Object.entries(environments).flatMap(([environment, definition]) => {
    const defaults = valueAt(definition, ["defaults"]);
    return isRecord(defaults)
      ? [{ path: ["environments", environment, "defaults"], fields: defaults }]
      : [];
  });
}

/** The `defaults` mapping, or an empty one. */
export function rawDefaults(data: unknown): Readonly<Record<string, unknown>> {
  const defaults = valueAt(data, ["defaults"]);
  return isRecord(defaults) ? defaults : {};
}

/** `service \`llama\`` / `job \`train\``, for messages. */
export function describeResource(resource: Pick<RawResource, "kind" | "name">): string {
  return `${resource.kind} \`${resource.name}\``;
}

/** A string value that may hold `${{ … }}` references. */
export interface RawString {
  readonly path: ConfigPath;
  /** The field it belongs to (`env` for environment variables). */
  readonly field: string;
  readonly value: string;
}

/** Fields whose strings are not interpolated: `run_name` has its own rules, `paths` are literal globs. */
const uninterpolated = new Set(["run_name", "paths"]);

/** The strings of a service, job or `defaults` mapping that are interpolated: each field's and each `env` value. */
export function interpolatedStrings(
  fields: Readonly<Record<string, unknown>>,
  path: ConfigPath,
): RawString[] {
  const strings: RawString[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (uninterpolated.has(field)) continue;
    if (typeof value === "string") strings.push({ path: [...path, field], field, value });
    if (field !== "env" || !isRecord(value)) continue;
    for (const [name, variable] of Object.entries(value)) {
      if (typeof variable === "string") {
        strings.push({ path: [...path, field, name], field, value: variable });
      }
    }
  }
  return strings;
}
