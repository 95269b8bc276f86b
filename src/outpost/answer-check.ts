/**
 * Which answers of the Outpost API the client believes: those the description lists for the
 * operation, with the body it lists. Anything else — a body that is not JSON, `{}` or `null` for
 * a service, an HTML page in place of the API's error, a status the API does not give — is an
 * unexpected answer: never read as "absent", "empty" or "done".
 *
 * - A success (any 2xx) must carry the operation's success body (none for a 204).
 * - 429 and 5xx are taken at their status whatever their body: the status is what they say, and
 *   proxies and load balancers answer them too (`502 Bad Gateway`).
 * - Any other status must be one the operation lists, with the API's error body
 *   (`{ "error": { "code", "message", "request_id" } }`): a 404 is "not found" only when the
 *   API says so, not when a proxy's page does.
 *
 * Properties the description does not name are ignored (a newer API may add some); missing
 * ones, wrong types and values outside the described ones are not.
 */
import {
  operation,
  responseSchemaName,
  validateResponse,
  type SchemaProblem,
} from "./description.ts";

/** A body as it arrived: parsed JSON, nothing at all, or text that is not JSON. */
export type AnswerBody =
  | { readonly kind: "json"; readonly value: unknown }
  | { readonly kind: "empty" }
  | { readonly kind: "not-json"; readonly contentType: string | undefined };

/** Whether the status speaks for itself, whatever the body says (see above). */
export function takenAtStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** At most this many schema problems are named; the rest are counted. */
const namedProblems = 2;

/** What is wrong with an answer, in a few words for an error; undefined when nothing is. */
export function answerProblem(
  operationId: string,
  status: number,
  body: AnswerBody,
): string | undefined {
  const op = operation(operationId);
  const success = status >= 200 && status <= 299;
  const listed = success ? op.statuses.find((s) => s >= 200 && s <= 299) : status;
  if (listed === undefined || !op.statuses.includes(listed)) {
    return `${status}, which is not an answer the API gives here`;
  }
  const expected = responseSchemaName(op, listed);
  const what =
    expected === "Error" ? "the API's error" : expected === undefined ? "" : `a ${expected}`;
  if (body.kind === "not-json") {
    const type = body.contentType === undefined ? "" : ` (${printable(body.contentType)})`;
    return `${status} with a body that is not JSON${type}${what === "" ? "" : `, not ${what}`}`;
  }
  if (body.kind === "empty") {
    return expected === undefined ? undefined : `${status} with an empty body, not ${what}`;
  }
  const problems = validateResponse(op, listed, body.value, "ignore");
  if (problems.length === 0) return undefined;
  if (expected === undefined) return `${status} with a body where the API sends none`;
  const shape = body.value === null ? "null" : "a body";
  return `${status} with ${shape} that is not ${what}: ${summarise(problems)}`;
}

function summarise(problems: readonly SchemaProblem[]): string {
  const named = problems
    .slice(0, namedProblems)
    .map((p) => `${p.at === "/" ? "" : `${printable(p.at)} `}${printable(p.message)}`);
  const more = problems.length - named.length;
  return `${named.join("; ")}${more > 0 ? ` (and ${more} more)` : ""}`;
}

/** Text from the answer or the schema, on one line and short. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}
