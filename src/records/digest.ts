/**
 * Digests of resolved specs. They let a later plan tell whether a spec (env included) changed
 * since it was applied — the API never returns `env` — without storing any value in clear, and
 * without letting anyone who reads the records try guesses against them.
 *
 * A record (version 2) holds, per spec:
 * - `spec` and `env`: HMAC-SHA256 of the whole resolved spec and of each env value, keyed with
 *   the records key (record-key.ts) that readers of the repository lack;
 * - `public`: SHA-256 of the spec with every value that came from a secret or the environment
 *   masked — what anyone can compute from outpost.yaml itself, so it reveals nothing — which
 *   still compares what the file says when the key is not the one the record was made with.
 *
 * When the key changed (a rotated credential, the bot with a key of its own): a job whose public
 * digest is unchanged is not due (a change of a secret alone goes unseen until the record is
 * rewritten under the new key); a service's env cannot be compared, so it is sent in full once
 * (one `PUT`). Either way the record is rewritten under the current key.
 *
 * Version-1 records (before keys) hold a random salt and salted SHA-256 digests, which the salt
 * beside them turns into an oracle for guessing; they are still read, and every one is rewritten
 * keyed by the next apply.
 */
import { createHash } from "node:crypto";
import type { RecordKey } from "./record-key.ts";

export interface KeyedDigest {
  readonly version: 2;
  /** The id of the records key the MACs were made with. */
  readonly key: string;
  /** HMAC of the whole resolved spec, env included. */
  readonly spec: string;
  /** HMAC of each env value, by key, so a plan can name the keys that changed. */
  readonly env: Readonly<Record<string, string>>;
  /** SHA-256 of the spec with secret and environment values masked. */
  readonly public: string;
}

/** A version-1 record's digest: salted SHA-256, salt stored beside it. Read, never written. */
export interface LegacyDigest {
  readonly salt: string;
  readonly spec: string;
  readonly env: Readonly<Record<string, string>>;
}

export type SpecDigest = KeyedDigest | LegacyDigest;

export function isKeyed(digest: SpecDigest): digest is KeyedDigest {
  return "version" in digest && digest.version === 2;
}

/**
 * `same`: the spec is the one digested. `different`: it is not. `same-in-public`: the record was
 * made with another key, and what the file says (secrets masked) is unchanged.
 */
export type SpecComparison = "same" | "different" | "same-in-public";

export interface EnvComparison {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
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

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function legacyHash(salt: string, text: string): string {
  return createHash("sha256").update(salt).update("\0").update(text).digest("hex");
}

/** Every string of `value` (not the keys) through `mask`. */
function masked(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === "string") return mask(value);
  if (Array.isArray(value)) return value.map((item) => masked(item, mask));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, mask)]));
  }
  return value;
}

/** Makes and compares the digests of one run: its records key and how it masks secrets. */
export class Digester {
  readonly key: RecordKey;
  readonly #mask: (text: string) => string;

  /** `mask` shows a value of the desired state with its secret parts masked (SecretValues.mask). */
  constructor(key: RecordKey, mask: (text: string) => string) {
    this.key = key;
    this.#mask = mask;
  }

  #specMac(spec: object): string {
    return this.key.mac(`spec\0${canonicalJson(spec)}`);
  }

  #envMac(name: string, value: string): string {
    return this.key.mac(`env\0${name}\0${value}`);
  }

  #public(spec: object): string {
    return sha256(`public\0${canonicalJson(masked(spec, this.#mask))}`);
  }

  digest(spec: object, env: Readonly<Record<string, string>>): KeyedDigest {
    const envMacs: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) envMacs[name] = this.#envMac(name, value);
    return {
      version: 2,
      key: this.key.id,
      spec: this.#specMac(spec),
      env: envMacs,
      public: this.#public(spec),
    };
  }

  compare(digest: SpecDigest, spec: object): SpecComparison {
    if (!isKeyed(digest)) {
      return legacyHash(digest.salt, canonicalJson(spec)) === digest.spec ? "same" : "different";
    }
    if (digest.key === this.key.id)
      return this.#specMac(spec) === digest.spec ? "same" : "different";
    return this.#public(spec) === digest.public ? "same-in-public" : "different";
  }

  /** The env keys added, removed or changed; undefined when the record's key is another one. */
  envChanges(digest: SpecDigest, env: Readonly<Record<string, string>>): EnvComparison | undefined {
    let same: (name: string, value: string, recorded: string) => boolean;
    if (!isKeyed(digest)) {
      same = (name, value, recorded) => legacyHash(digest.salt, `${name}=${value}`) === recorded;
    } else if (digest.key === this.key.id) {
      same = (name, value, recorded) => this.#envMac(name, value) === recorded;
    } else {
      return undefined;
    }
    const added: string[] = [];
    const changed: string[] = [];
    for (const [name, value] of Object.entries(env)) {
      const recorded = digest.env[name];
      if (recorded === undefined) added.push(name);
      else if (!same(name, value, recorded)) changed.push(name);
    }
    const removed = Object.keys(digest.env).filter((name) => !(name in env));
    return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
  }

  /**
   * Whether `env` is the one recorded under another key, as far as the public digest can tell:
   * only when no value of it came from a secret or the environment (those the public digest
   * masks), and what the file says is unchanged.
   */
  sameEnvInPublic(
    digest: SpecDigest,
    spec: object,
    env: Readonly<Record<string, string>>,
  ): boolean {
    return (
      isKeyed(digest) &&
      digest.key !== this.key.id &&
      Object.values(env).every((value) => this.#mask(value) === value) &&
      this.#public(spec) === digest.public
    );
  }

  /** Whether a record should be rewritten under the current key (version 1, or another key). */
  isStale(digest: SpecDigest): boolean {
    return !isKeyed(digest) || digest.key !== this.key.id;
  }
}
