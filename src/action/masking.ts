/**
 * Redaction of everything the action writes where the runner's masking does not reach (the job
 * summary, outputs) or may come too late. The runner masks what `core.setSecret` registered, in
 * its log only; this replaces the same values in our own texts, as defence in depth.
 */
import { SecretValues } from "../config/secrets.ts";
import type { Redact } from "../render/redaction.ts";

/**
 * A redaction of the values read from inputs (credentials, the `secrets` input), after the
 * config's own (`secrets.redact`) when there is one. Values shorter than the config's minimum are
 * left alone there too: replacing every `1` would ruin the text and hide nothing.
 */
export function redactor(sensitive: readonly string[], secrets?: SecretValues): Redact {
  const values = [...new Set(sensitive)]
    .filter((value) => value.length >= SecretValues.minRedactLength)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = secrets === undefined ? text : secrets.redact(text);
    for (const value of values) result = result.replaceAll(value, "***");
    return result;
  };
}
