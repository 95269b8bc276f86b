/** GitHub's error bodies: `{ message, documentation_url, status }`, with `errors` for 422s. */
import type { SchemaProblem } from "./github-description.ts";

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** A non-JSON body (raw file contents), sent as is. */
  readonly text?: string | Uint8Array;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FieldError {
  readonly resource: string;
  readonly field: string;
  readonly code:
    "missing" | "missing_field" | "invalid" | "already_exists" | "unprocessable" | "custom";
  readonly message?: string;
}

export const generalDocs = "https://docs.github.com/rest";

export function errorReply(
  status: number,
  message: string,
  documentationUrl: string = generalDocs,
  extra: Readonly<Record<string, unknown>> = {},
  headers: Readonly<Record<string, string>> = {},
): Reply {
  return {
    status,
    body: { message, documentation_url: documentationUrl, status: String(status), ...extra },
    headers,
  };
}

export function notFound(documentationUrl: string = generalDocs): Reply {
  return errorReply(404, "Not Found", documentationUrl);
}

/** A semantic check failed (a description too long, a sha that names no commit). */
export function validationFailed(documentationUrl: string, errors: readonly FieldError[]): Reply {
  return errorReply(422, "Validation Failed", documentationUrl, { errors });
}

/** The request does not match the description: GitHub's schema-validation answer. */
export function invalidRequest(
  documentationUrl: string,
  problems: readonly SchemaProblem[],
): Reply {
  const shown = problems.slice(0, 10).map((p) => `${p.at}: ${p.message}`);
  if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
  return errorReply(422, `Invalid request.\n\n${shown.join("\n")}`, documentationUrl);
}
