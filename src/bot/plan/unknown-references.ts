/**
 * The bot plans pull requests without the repository's secrets: it knows only the values the
 * operator gave it (none for a fork), and no environment variables. A reference it cannot
 * resolve gets a stand-in value so the plan can be made; this module knows which env keys hold
 * such stand-ins and takes them out of the plan's env comparison, so a secret the bot cannot
 * see never shows up as "changed" on every pull request.
 */
import type { Defaults, Env, OutpostConfig } from "../../config/schema.generated.ts";
import { parseTemplate, referencesOf } from "../../config/interpolate.ts";
import type { Change, FieldChange, Plan } from "../../plan/plan.ts";

export interface UnknownReferences {
  readonly secrets: ReadonlySet<string>;
  readonly env: ReadonlySet<string>;
}

/** Every `${{ secrets.* }}` and `${{ env.* }}` name a document references. */
export function referencedNames(document: OutpostConfig): UnknownReferences {
  const secrets = new Set<string>();
  const env = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      for (const reference of referencesOf(parseTemplate(value))) {
        if (reference.context === "secrets") secrets.add(reference.name);
        if (reference.context === "env") env.add(reference.name);
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  visit(document);
  return { secrets, env };
}

function usesUnknown(value: string | undefined, unknown: UnknownReferences): boolean {
  if (value === undefined) return false;
  return referencesOf(parseTemplate(value)).some(
    (r) =>
      (r.context === "secrets" && unknown.secrets.has(r.name)) ||
      (r.context === "env" && unknown.env.has(r.name)),
  );
}

/** `service/<name>` or `job/<key>`. */
export function resourceId(kind: "service" | "job", name: string): string {
  return `${kind}/${name}`;
}

/** Per resource, the env keys (after merging `defaults.env`) whose value uses an unknown reference. */
export function envKeysUsingUnknown(
  document: OutpostConfig,
  unknown: UnknownReferences,
): Map<string, ReadonlySet<string>> {
  const defaults: Defaults = document.defaults ?? {};
  const result = new Map<string, ReadonlySet<string>>();
  const add = (id: string, own: Env | undefined) => {
    const merged: Record<string, string | undefined> = { ...defaults.env, ...own };
    const keys = new Set(
      Object.entries(merged)
        .filter(([, value]) => usesUnknown(value, unknown))
        .map(([key]) => key),
    );
    if (keys.size > 0) result.set(id, keys);
  };
  for (const [name, service] of Object.entries(document.services ?? {}))
    add(resourceId("service", name), service?.env);
  for (const [key, job] of Object.entries(document.jobs ?? {}))
    add(resourceId("job", key), job?.env);
  return result;
}

function withoutKeys(field: FieldChange, keys: ReadonlySet<string>): FieldChange | undefined {
  if (!("added" in field)) return field;
  // A key new to the record is known to be added whatever its value; a changed value is not known.
  const changed = field.changed.filter((key) => !keys.has(key));
  if (!field.unknown && field.added.length + field.removed.length + changed.length === 0)
    return undefined;
  return { ...field, changed };
}

function adjust(
  change: Change,
  unknownKeys: Map<string, ReadonlySet<string>>,
  redeploy: readonly string[],
): Change {
  if (change.kind !== "service" || change.action !== "update") return change;
  const keys = unknownKeys.get(resourceId("service", change.name));
  if (keys === undefined) return change;
  const fields = change.fields.flatMap((field) => withoutKeys(field, keys) ?? []);
  if (fields.length === 0) {
    // Nothing known to differ: what the plan makes of an unchanged service.
    const action = redeploy.includes(change.name) ? "redeploy" : "noop";
    return { kind: "service", action, name: change.name, spec: change.spec };
  }
  const { env: _env, ...rest } = change.body;
  const body = fields.some((field) => field.field === "env") ? change.body : rest;
  return { ...change, fields, body, redeploys: "env" in body || "branch" in body };
}

/**
 * The plan without env changes that only stand-in values could have caused. A service left with
 * nothing to change is a no-op, or a redeploy when one was asked for (`options.redeploy`).
 */
export function withoutUnknowableEnv(
  plan: Plan,
  unknownKeys: Map<string, ReadonlySet<string>>,
  options: { readonly redeploy?: readonly string[] } = {},
): Plan {
  const redeploy = options.redeploy ?? [];
  return {
    ...plan,
    changes: plan.changes.map((change) => adjust(change, unknownKeys, redeploy)),
  };
}
