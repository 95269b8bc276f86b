/**
 * GitHub's published REST description (`@octokit/openapi`, api.github.com) as data: every
 * operation, a matcher from method and path to operation, and ajv validators for parameters,
 * request bodies and responses. The 13 MB document is read once per process, on first use, and
 * each operation's validators are compiled the first time a request needs them.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import {
  componentId,
  referencedComponents,
  toJsonSchema,
  type JsonSchema,
} from "./openapi-schema.ts";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";
const methods: readonly HttpMethod[] = ["get", "post", "put", "patch", "delete"];

interface ParameterObject {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required?: boolean;
  readonly schema?: JsonSchema;
  readonly "x-multi-segment"?: boolean;
}

interface MediaObject {
  readonly schema?: JsonSchema;
}

interface OperationObject {
  readonly operationId: string;
  readonly parameters?: readonly (ParameterObject | { $ref: string })[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content?: Record<string, MediaObject>;
  };
  readonly responses: Record<string, unknown>;
  readonly externalDocs?: { readonly url?: string };
}

interface Document {
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly parameters: Record<string, ParameterObject>;
    readonly responses: Record<string, { content?: Record<string, MediaObject> }>;
  };
}

export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/repos/{owner}/{repo}/deployments`. */
  readonly path: string;
  readonly parameters: readonly ParameterObject[];
  readonly documentationUrl: string;
  readonly hasRequestBody: boolean;
  readonly requestBodyRequired: boolean;
}

export interface SchemaProblem {
  /** A JSON pointer into the checked value (`/output/summary`), or a parameter's name. */
  readonly at: string;
  readonly message: string;
}

const documentPath = createRequire(import.meta.url).resolve(
  "@octokit/openapi/generated/api.github.com.json",
);

interface Loaded {
  readonly document: Document;
  readonly operations: readonly Operation[];
  readonly matchers: ReadonlyMap<HttpMethod, readonly Matcher[]>;
  readonly ajv: Ajv;
  /** Component schemas handed to ajv so far: only those some validator needed. */
  readonly registered: Set<string>;
  readonly loadMs: number;
}

interface Matcher {
  readonly operation: Operation;
  readonly regex: RegExp;
  readonly names: readonly string[];
  /** Literal characters in the template: the more, the more specific (`issues/comments` beats `issues/{n}`). */
  readonly specificity: number;
}

let loaded: Loaded | undefined;

function resolveRef<T>(document: Document, value: T | { $ref: string }): T {
  if (typeof value === "object" && value !== null && "$ref" in value) {
    let target: unknown = document;
    for (const segment of value.$ref.replace(/^#\//, "").split("/")) {
      target = (target as Record<string, unknown>)[segment];
    }
    return target as T;
  }
  return value;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function toMatcher(operation: Operation): Matcher {
  const names: string[] = [];
  let source = "";
  let literal = 0;
  for (const part of operation.path.split(/(\{[^}]+\})/)) {
    const name = /^\{([^}]+)\}$/.exec(part)?.[1];
    if (name === undefined) {
      source += escapeRegex(part);
      literal += part.length;
      continue;
    }
    names.push(name);
    const multi = operation.parameters.some((p) => p.name === name && p["x-multi-segment"]);
    source += multi ? "(.+)" : "([^/]+)";
  }
  return { operation, regex: new RegExp(`^${source}$`), names, specificity: literal };
}

function formats(ajv: Ajv): void {
  addFormats.default(ajv);
  // GitHub answers `""` for URL fields that are unset (a status's `target_url`, for one) although
  // the description marks them `format: uri`; anything else must still be an absolute URI.
  const uri = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
  ajv.addFormat("uri", (value: string) => value === "" || uri.test(value));
  ajv.addFormat("int64", { type: "number", validate: (value: number) => Number.isInteger(value) });
  ajv.addFormat("repo.nwo", /^[^/\s]+\/[^/\s]+$/);
  ajv.addFormat("timestamp", { type: "number", validate: () => true });
}

function load(): Loaded {
  if (loaded) return loaded;
  const started = performance.now();
  const document = JSON.parse(readFileSync(documentPath, "utf8")) as Document;
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of methods) {
      const raw = item[method] as OperationObject | undefined;
      if (!raw) continue;
      const parameters = (raw.parameters ?? []).map((p) => resolveRef(document, p));
      operations.push({
        operationId: raw.operationId,
        method,
        path,
        parameters,
        documentationUrl: raw.externalDocs?.url ?? "https://docs.github.com/rest",
        hasRequestBody: raw.requestBody?.content?.["application/json"] !== undefined,
        requestBodyRequired: raw.requestBody?.required === true,
      });
    }
  }
  const matchers = new Map<HttpMethod, Matcher[]>();
  for (const method of methods) {
    matchers.set(
      method,
      operations
        .filter((op) => op.method === method)
        .map(toMatcher)
        .sort((a, b) => b.specificity - a.specificity),
    );
  }
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    // The description mixes `type` with combinators and lists `required` names a branch defines.
    strictTypes: false,
    strictRequired: false,
    strictTuples: false,
    allowUnionTypes: true,
  });
  formats(ajv);
  ajv.addVocabulary(["example", "discriminator", "x-github-breaking-changes", "x-multi-segment"]);
  loaded = {
    document,
    operations,
    matchers,
    ajv,
    registered: new Set(),
    loadMs: performance.now() - started,
  };
  return loaded;
}

/** How long reading and indexing the description took in this process, in milliseconds. */
export function descriptionLoadMs(): number {
  return load().loadMs;
}

export function operations(): readonly Operation[] {
  return load().operations;
}

export function operation(operationId: string): Operation {
  const found = load().operations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`GitHub's description has no operation ${operationId}`);
  return found;
}

export interface MatchedOperation {
  readonly operation: Operation;
  readonly pathParameters: Readonly<Record<string, string>>;
}

/** The operation a request addresses, if any. `pathname` is the raw (still encoded) path. */
export function matchOperation(method: string, pathname: string): MatchedOperation | undefined {
  const candidates = load().matchers.get(method.toLowerCase() as HttpMethod) ?? [];
  for (const { operation: op, regex, names } of candidates) {
    const match = regex.exec(pathname);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    names.forEach((name, i) => {
      pathParameters[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    return { operation: op, pathParameters };
  }
  return undefined;
}

/**
 * Hands ajv the component schemas a description schema refers to, transitively, converting each
 * on first need: converting all 900-odd up front would double the start-up time.
 */
function register(schema: unknown): void {
  const { ajv, document, registered } = load();
  for (const name of referencedComponents(schema)) {
    if (registered.has(name)) continue;
    registered.add(name);
    const component = document.components.schemas[name];
    // Wrapped: a draft-07 `$ref` at a schema's root would hide a sibling `$id`.
    ajv.addSchema({ $id: componentId(name), allOf: [toJsonSchema(component)] });
    register(component);
  }
}

const validators = new Map<string, ValidateFunction>();

/** The validator of a description schema, compiled on first use. */
function compile(
  key: string,
  schema: JsonSchema | undefined,
  strictObjects = false,
): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    register(schema);
    validate = load().ajv.compile(toJsonSchema(schema, strictObjects) as JsonSchema);
    validators.set(key, validate);
  }
  return validate;
}

function problemsOf(
  errors: readonly ErrorObject[] | null | undefined,
  at?: string,
): SchemaProblem[] {
  return (errors ?? []).map((error) => {
    let detail = error.message ?? "is invalid";
    if (error.keyword === "enum") {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      detail += `: ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
    }
    if (error.keyword === "additionalProperties") {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      detail = `has \`${name}\`, which GitHub's description does not define (GitHub would ignore it)`;
    }
    return { at: at ?? (error.instancePath || "/"), message: detail };
  });
}

function coerce(raw: string, schema: JsonSchema | undefined): unknown {
  const type = schema?.["type"];
  if (type === "integer" || type === "number")
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

function checkParameter(
  op: Operation,
  parameter: ParameterObject,
  value: unknown,
): SchemaProblem[] {
  if (!parameter.schema) return [];
  const validate = compile(`${op.operationId} ${parameter.in} ${parameter.name}`, parameter.schema);
  return validate(value) ? [] : problemsOf(validate.errors, parameter.name);
}

/** Checks path parameters against their schemas; returns them typed (numbers as numbers). */
export function validatePathParameters(
  op: Operation,
  raw: Readonly<Record<string, string>>,
): { values: Record<string, unknown>; problems: SchemaProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: SchemaProblem[] = [];
  for (const parameter of op.parameters.filter((p) => p.in === "path")) {
    const value = coerce(raw[parameter.name] ?? "", parameter.schema);
    values[parameter.name] = value;
    problems.push(...checkParameter(op, parameter, value));
  }
  return { values, problems };
}

/**
 * Checks a query string: parameters the operation does not have, types and enums. Returns the
 * typed values of the parameters given (handlers apply GitHub's defaults themselves).
 */
export function validateQuery(
  op: Operation,
  query: URLSearchParams,
): { values: Record<string, unknown>; problems: SchemaProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: SchemaProblem[] = [];
  const known = op.parameters.filter((p) => p.in === "query");
  for (const key of new Set(query.keys())) {
    if (!known.some((p) => p.name === key)) {
      problems.push({ at: key, message: `is not a query parameter of ${op.operationId}` });
    }
  }
  for (const parameter of known) {
    const raw = query.get(parameter.name);
    if (raw === null) {
      if (parameter.required) problems.push({ at: parameter.name, message: "is required" });
      continue;
    }
    const value = coerce(raw, parameter.schema);
    const found = checkParameter(op, parameter, value);
    if (found.length === 0) values[parameter.name] = value;
    problems.push(...found);
  }
  return { values, problems };
}

function operationObject(op: Operation): OperationObject {
  return load().document.paths[op.path]?.[op.method] as OperationObject;
}

/**
 * Checks a JSON request body. `strictObjects` also refuses properties the description does not
 * define: GitHub ignores them, so a misspelt field would otherwise pass silently.
 */
export function validateRequestBody(
  op: Operation,
  body: unknown,
  strictObjects: boolean,
): SchemaProblem[] {
  const schema = operationObject(op).requestBody?.content?.["application/json"]?.schema;
  if (!schema) return [];
  const validate = compile(
    `${op.operationId} body ${String(strictObjects)}`,
    schema,
    strictObjects,
  );
  return validate(body) ? [] : problemsOf(validate.errors);
}

/** Checks a JSON response against the schema the description gives for its status. */
export function validateResponse(op: Operation, status: number, body: unknown): SchemaProblem[] {
  const { document } = load();
  const listed = operationObject(op).responses[String(status)];
  // GitHub answers any operation with its error body (401, 403, 409, 422, ...) whether or not the
  // description lists that status or gives its schema; errors are checked where it does.
  const error = status >= 400;
  if (listed === undefined) {
    return error
      ? []
      : [{ at: "status", message: `${status} is not a listed response of ${op.operationId}` }];
  }
  const response = resolveRef(document, listed as { content?: Record<string, MediaObject> });
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) return body === undefined || error ? [] : [{ at: "/", message: "must be empty" }];
  const validate = compile(`${op.operationId} response ${status}`, schema);
  return validate(body) ? [] : problemsOf(validate.errors);
}
