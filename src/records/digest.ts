/**
 * Salted digests of resolved specs. They let a later plan tell whether a spec (env included)
 * changed since it was applied — the API never returns `env` — without ever storing a value in
 * clear. The salt is random per record, so equal secrets do not produce equal digests across
 * records and a digest cannot be looked up in a precomputed table.
 */
import { createHash, randomBytes } from "node:crypto";

export interface SpecDigest {
  readonly salt: string;
  /** Digest of the whole resolved spec, env included. */
  readonly spec: string;
  /** Digest of each env value, by key, so a plan can name the keys that changed. */
  readonly env: Readonly<Record<string, string>>;
}

/** JSON with object keys sorted, so equal values always serialise alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function hash(salt: string, text: string): string {
  return createHash("sha256").update(salt).update("\0").update(text).digest("hex");
}

export function digestSpec(
  spec: object,
  env: Readonly<Record<string, string>>,
  salt: string = randomBytes(16).toString("hex"),
): SpecDigest {
  const envDigests: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) envDigests[key] = hash(salt, `${key}=${value}`);
  return { salt, spec: hash(salt, canonicalJson(spec)), env: envDigests };
}

/** Whether a spec is the one a digest was made of. */
export function matchesDigest(digest: SpecDigest, spec: object): boolean {
  return hash(digest.salt, canonicalJson(spec)) === digest.spec;
}

/** The env keys added, removed or changed since the digest was made; values are never compared in clear. */
export function changedEnvKeys(
  digest: SpecDigest,
  env: Readonly<Record<string, string>>,
): { added: string[]; removed: string[]; changed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [key, value] of Object.entries(env)) {
    const recorded = digest.env[key];
    if (recorded === undefined) added.push(key);
    else if (recorded !== hash(digest.salt, `${key}=${value}`)) changed.push(key);
  }
  const removed = Object.keys(digest.env).filter((key) => !(key in env));
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}
