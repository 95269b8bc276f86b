/**
 * Log lines may print credentials the bot was never told about — the repository's own secrets,
 * which only the action knows. Before a log line reaches a check run, a comment or the store,
 * whatever looks like a credential (the formats `outpost validate` warns about, or the value of
 * a `NAME=value` whose name says secret) is masked too. A heuristic, on top of the exact masking
 * of every value the bot does know.
 */
import { credentialKind } from "../../config/credentials.ts";
import type { Redact } from "../../render/redaction.ts";

const word = /([A-Za-z_][A-Za-z0-9_]*)([=:])("?)(\S+?)\3(?=\s|$)|\S+/g;

export function maskCredentialLike(line: string): string {
  return line.replace(
    word,
    (
      whole,
      name: string | undefined,
      separator: string,
      quote: string,
      value: string | undefined,
    ) => {
      if (name !== undefined && value !== undefined) {
        return credentialKind(value, name) === undefined
          ? whole
          : `${name}${separator}${quote}***${quote}`;
      }
      return credentialKind(whole) === undefined ? whole : "***";
    },
  );
}

/** `redact`, then the heuristic: for log lines. */
export function logRedactor(redact: Redact): Redact {
  return (text) => maskCredentialLike(redact(text));
}
