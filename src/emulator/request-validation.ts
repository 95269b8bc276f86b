/**
 * Checks a request against the description (path parameters, query, JSON body) and turns every
 * problem into one 400 with the documented body. The exactly-one-of rule for `repo` and `image`
 * gets the seed page's own message instead of the schema's.
 */
import {
  validatePathParameters,
  validateQuery,
  validateRequestBody,
  type Operation,
  type SchemaProblem,
} from "../outpost/description.ts";
import { badRequest } from "./api-error.ts";

const oneOfNoise = [
  "must match exactly one schema in oneOf",
  "must NOT be valid",
  "must have required property 'repo'",
  "must have required property 'image'",
];

function sourceProblem(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const hasRepo = "repo" in body;
  const hasImage = "image" in body;
  if (hasRepo === hasImage) {
    return hasRepo
      ? "Only one of 'repo' or 'image' may be provided."
      : "Either 'repo' or 'image' must be provided.";
  }
  return undefined;
}

function bodyProblems(op: Operation, body: unknown): string[] {
  if (body === undefined) return ["A JSON request body is required."];
  const problems = validateRequestBody(op, body);
  const source = problems.some((p) => p.message === oneOfNoise[0])
    ? sourceProblem(body)
    : undefined;
  return [
    ...(source !== undefined ? [source] : []),
    ...problems
      .filter((p) => source === undefined || !(p.at === "/" && oneOfNoise.includes(p.message)))
      .map((p) =>
        p.at === "/"
          ? `Body ${p.message}.`
          : `'${p.at.slice(1).replaceAll("/", ".")}' ${p.message}.`,
      ),
  ];
}

const parameterProblem = (p: SchemaProblem) => `Parameter '${p.at}' ${p.message}.`;

/** The typed query (defaults applied), or throws the 400 to answer. */
export function validateRequest(
  op: Operation,
  pathParameters: Record<string, string>,
  query: URLSearchParams,
  body: unknown,
): Record<string, unknown> {
  const checkedQuery = validateQuery(op, query);
  const problems = [
    ...validatePathParameters(op, pathParameters).map(parameterProblem),
    ...checkedQuery.problems.map(parameterProblem),
    ...(op.hasRequestBody ? bodyProblems(op, body) : []),
  ];
  if (problems.length > 0) throw badRequest(problems.join(" "));
  return checkedQuery.values;
}
