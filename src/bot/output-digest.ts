/**
 * A digest of what the bot would write to GitHub, kept in the store: when the next rendering has
 * the same digest, nothing is written.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../records/digest.ts";

export function outputDigest(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
