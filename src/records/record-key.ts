/**
 * The key that records' digests are made with (HMAC-SHA256). Readers of a repository can read
 * its GitHub Deployments, and so the records' digests; without the key a digest tells them
 * nothing, since they cannot try guesses against it offline.
 *
 * Where the key comes from, in order:
 * - a dedicated secret (the action's `records-key` input, the CLI's `OUTPOST_RECORDS_KEY`, a bot
 *   grant's `records_key`): stable across credential rotations, shared by the action, the CLI and
 *   the bot so all three compare what the others recorded;
 * - otherwise derived from the Outpost credential with HKDF-SHA256: nothing to set up, but a new
 *   credential is a new key (see digest.ts for what a key change costs: at most one `PUT` per
 *   service whose env is recorded, never a job resubmission).
 */
import { createHmac, createSecretKey, hkdfSync } from "node:crypto";
import type { Credentials } from "../outpost/credentials.ts";

export interface RecordKey {
  /** Names the key without revealing it (an HMAC of a fixed text), so records tell which key made them. */
  readonly id: string;
  /** Where it came from, for people: `records-key`, `the Outpost credential`… */
  readonly source: string;
  /** HMAC-SHA256 of `text`, hex. */
  mac(text: string): string;
}

/** The least length of a dedicated key: 128 bits of hex, or as many characters of anything else. */
export const minRecordKeyLength = 32;

export class RecordKeyError extends Error {
  readonly code = "records_key_invalid";
  constructor(message: string) {
    super(message);
    this.name = "RecordKeyError";
  }
}

function keyFrom(material: Buffer, source: string): RecordKey {
  // One key object for every MAC: a plan makes thousands.
  const key = createSecretKey(material);
  const mac = (text: string) => createHmac("sha256", key).update(text).digest("hex");
  return { id: mac("outpost-gitops records key id").slice(0, 16), source, mac };
}

/** A key from a dedicated secret (at least 32 characters: e.g. `openssl rand -hex 32`). */
export function dedicatedRecordKey(secret: string, source: string): RecordKey {
  if (secret.length < minRecordKeyLength) {
    throw new RecordKeyError(
      `${source} must be at least ${minRecordKeyLength} characters (e.g. the output of \`openssl rand -hex 32\`)`,
    );
  }
  return keyFrom(
    Buffer.from(hkdfSync("sha256", secret, "outpost-gitops", "records key: dedicated", 32)),
    source,
  );
}

/** A key derived from the Outpost credential's secret (the token, or the API key's secret). */
export function credentialRecordKey(credentials: Credentials): RecordKey {
  const secret = credentials.kind === "api-key" ? credentials.secret : credentials.token;
  return keyFrom(
    Buffer.from(hkdfSync("sha256", secret, "outpost-gitops", "records key: credential", 32)),
    "the Outpost credential",
  );
}
