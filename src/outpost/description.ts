/**
 * The Outpost API description (openapi.yaml) as data: its operations, matched against incoming
 * requests, and JSON Schema validators for their parameters, bodies and responses. The emulator
 * validates every request and response with it, the client every answer (answer-check.ts);
 * contract tests hold client and emulator to it.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { openapiDocument } from "./openapi.generated.ts";

export type HttpMethod = "get" | "post" | "put" | "delete";
const methods: readonly HttpMethod[] = ["get", "post", "put", "delete"];

type JsonSchema = Record<string, unknown>;

interface ParameterObject {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template, e.g. `/{namespace}/service/{name}`. */
  readonly path: string;
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly ParameterObject[];
  readonly hasRequestBody: boolean;
  /** Status codes the description lists for this operation. */
  readonly statuses: readonly number[];
}

export interface SchemaProblem {
  /** Where in the checked value, as a JSON pointer (`/gpu`), or the parameter's name. */
  readonly at: string;
  readonly message: string;
}

/** The description's source; `npm run generate` turns it into openapi.generated.ts. */
export const descriptionPath = new URL("./openapi.yaml", import.meta.url);

interface Document {
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly parameters: Record<string, ParameterObject>;
    readonly responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  };
}

/** The parsed description document. */
export const document = openapiDocument as Document;

function resolveRef<T>(value: T | { $ref: string }): T {
  if (typeof value === "object" && value !== null && "$ref" in value) {
    const segments = value.$ref.replace(/^#\//, "").split("/");
    let target: unknown = document;
    for (const segment of segments) target = (target as Record<string, unknown>)[segment];
    return target as T;
  }
  return value;
}

/** Component schemas live under `$defs` of one ajv schema so that their `$ref`s resolve. */
const schemasId = "https://outpost.run/openapi/schemas";
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof child === "string"
        ? child.replace("#/components/schemas/", `${schemasId}#/$defs/`)
        : rewriteRefs(child);
  }
  return out;
}

/**
 * How a validation treats properties the description does not name. The emulator refuses them
 * (`additionalProperties: false` says it may not answer them); the client ignores them, as a
 * reader of a newer API than the one described: a field added by Outpost is no reason to stop.
 */
export type UnknownProperties = "refuse" | "ignore";

/** The schemas without their bans on unnamed properties. */
function open(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(open);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const closing =
      (key === "additionalProperties" || key === "unevaluatedProperties") && child === false;
    if (!closing) out[key] = open(child);
  }
  return out;
}

/**
 * A compiler of validators over the description's schemas as `transform` leaves them, made on
 * first use (the client needs only the tolerant one, the emulator only the strict one).
 * `checkSchemas` also checks them against JSON Schema's meta-schema, which takes longer than
 * everything else; the strict compiler does, so the tolerant one, made from the same schemas,
 * need not.
 */
function validatorCompiler(
  transform: (schema: unknown) => unknown,
  checkSchemas: boolean,
): (schema: JsonSchema) => ValidateFunction {
  let ajv: Ajv2020 | undefined;
  const validators = new Map<string, ValidateFunction>();
  return (schema) => {
    if (ajv === undefined) {
      ajv = new Ajv2020({
        allErrors: true,
        strict: true,
        // `oneOf: [{ required: [repo], not: { required: [image] } }, ...]` is how the description
        // says "exactly one of"; strictRequired would reject the `not` branch.
        strictRequired: false,
        allowUnionTypes: true,
        validateSchema: checkSchemas,
      });
      addFormats.default(ajv);
      ajv.addSchema({ $id: schemasId, $defs: transform(rewriteRefs(document.components.schemas)) });
    }
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
      validate = ajv.compile(transform(rewriteRefs(schema)) as JsonSchema);
      validators.set(key, validate);
    }
    return validate;
  };
}

const compilers: Record<UnknownProperties, (schema: JsonSchema) => ValidateFunction> = {
  refuse: validatorCompiler((schema) => schema, true),
  ignore: validatorCompiler(open, false),
};
const compile = compilers.refuse;

function problemsOf(errors: readonly ErrorObject[] | null | undefined): SchemaProblem[] {
  return (errors ?? []).map((error) => ({
    at: error.instancePath || "/",
    message: `${error.message ?? "is invalid"}${
      error.keyword === "enum"
        ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
        : ""
    }${error.keyword === "additionalProperties" ? `: ${(error.params as { additionalProperty: string }).additionalProperty}` : ""}`,
  }));
}

/** Validates a value against a named component schema (e.g. `Service`). */
export function validateSchema(
  name: string,
  value: unknown,
  unknownProperties: UnknownProperties = "refuse",
): SchemaProblem[] {
  if (!(name in document.components.schemas)) throw new Error(`Unknown schema ${name}`);
  const validate = compilers[unknownProperties]({ $ref: `#/components/schemas/${name}` });
  return validate(value) ? [] : problemsOf(validate.errors);
}

function toOperation(path: string, method: HttpMethod, raw: Record<string, unknown>): Operation {
  const pathItem = document.paths[path] ?? {};
  const parameters = [
    ...((pathItem["parameters"] as unknown[] | undefined) ?? []),
    ...((raw["parameters"] as unknown[] | undefined) ?? []),
  ].map((p) => resolveRef(p as ParameterObject));
  return {
    operationId: raw["operationId"] as string,
    method,
    path,
    pathParameters: parameters.filter((p) => p.in === "path").map((p) => p.name),
    queryParameters: parameters.filter((p) => p.in === "query"),
    hasRequestBody: raw["requestBody"] !== undefined,
    statuses: Object.keys(raw["responses"] as object).map(Number),
  };
}

/** Every operation of the description. */
export const operations: readonly Operation[] = Object.entries(document.paths).flatMap(
  ([path, item]) =>
    methods
      .filter((method) => item[method] !== undefined)
      .map((method) => toOperation(path, method, item[method] as Record<string, unknown>)),
);

export function operation(operationId: string): Operation {
  const found = operations.find((op) => op.operationId === operationId);
  if (!found) throw new Error(`Unknown operation ${operationId}`);
  return found;
}

export interface MatchedOperation {
  readonly operation: Operation;
  readonly pathParameters: Record<string, string>;
}

const matchers = operations.map((op) => ({
  op,
  regex: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, "([^/]+)")}$`),
}));

/** The operation a request's method and path address, if any; `methodAllowed` tells 405 from 404. */
export function matchOperation(
  method: string,
  pathname: string,
): MatchedOperation | { readonly operation?: undefined; readonly pathKnown: boolean } {
  let pathKnown = false;
  for (const { op, regex } of matchers) {
    const match = regex.exec(pathname);
    if (!match) continue;
    pathKnown = true;
    if (op.method !== method.toLowerCase()) continue;
    const pathParameters: Record<string, string> = {};
    op.pathParameters.forEach((name, i) => {
      pathParameters[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    return { operation: op, pathParameters };
  }
  return { pathKnown };
}

function operationObject(op: Operation): Record<string, unknown> {
  return document.paths[op.path]?.[op.method] as Record<string, unknown>;
}

/** Checks path parameters against their schemas. */
export function validatePathParameters(
  op: Operation,
  values: Record<string, string>,
): SchemaProblem[] {
  const pathItem = document.paths[op.path] ?? {};
  const parameters = ((pathItem["parameters"] as unknown[] | undefined) ?? []).map((p) =>
    resolveRef(p as ParameterObject),
  );
  return parameters.flatMap((parameter) => {
    const validate = compile(parameter.schema);
    return validate(values[parameter.name])
      ? []
      : problemsOf(validate.errors).map((p) => ({ at: parameter.name, message: p.message }));
  });
}

function coerceQueryValue(raw: string, schema: JsonSchema): unknown {
  const resolved = resolveRef(schema as JsonSchema | { $ref: string });
  const type = resolved["type"];
  if (type === "integer" || type === "number") return raw.trim() === "" ? raw : Number(raw);
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

/**
 * Checks a request's query string: unknown parameters, types, enums and ranges. Returns the
 * typed values with the description's defaults applied.
 */
export function validateQuery(
  op: Operation,
  query: URLSearchParams,
): { values: Record<string, unknown>; problems: SchemaProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: SchemaProblem[] = [];
  for (const key of new Set(query.keys())) {
    if (!op.queryParameters.some((p) => p.name === key)) {
      problems.push({ at: key, message: `is not a parameter of ${op.operationId}` });
    }
  }
  for (const parameter of op.queryParameters) {
    const raw = query.get(parameter.name);
    const schema = resolveRef(parameter.schema as JsonSchema | { $ref: string });
    if (raw === null) {
      if (schema["default"] !== undefined) values[parameter.name] = schema["default"];
      continue;
    }
    const value = coerceQueryValue(raw, schema);
    const validate = compile(parameter.schema);
    if (validate(value)) values[parameter.name] = value;
    else
      problems.push(
        ...problemsOf(validate.errors).map((p) => ({ at: parameter.name, message: p.message })),
      );
  }
  return { values, problems };
}

function jsonSchemaOf(
  content: Record<string, { schema: JsonSchema }> | undefined,
): JsonSchema | undefined {
  return content?.["application/json"]?.schema;
}

/** Checks a JSON request body against the operation's request schema. */
export function validateRequestBody(op: Operation, body: unknown): SchemaProblem[] {
  const requestBody = operationObject(op)["requestBody"] as
    { content?: Record<string, { schema: JsonSchema }> } | undefined;
  const schema = jsonSchemaOf(requestBody?.content);
  if (!schema) return [];
  const validate = compile(schema);
  return validate(body) ? [] : problemsOf(validate.errors);
}

/**
 * The component schema a listed response of the operation carries (`Service`, `Error`), or
 * undefined when it has no JSON body (204) or the status is not listed.
 */
export function responseSchemaName(op: Operation, status: number): string | undefined {
  const responses = operationObject(op)["responses"] as Record<string, unknown>;
  const response = responses[String(status)];
  if (response === undefined) return undefined;
  const resolved = resolveRef(response as { content?: Record<string, { schema: JsonSchema }> });
  const ref = jsonSchemaOf(resolved.content)?.["$ref"];
  return typeof ref === "string" ? ref.split("/").at(-1) : undefined;
}

/** Checks a response (status and JSON body) against what the description lists for the operation. */
export function validateResponse(
  op: Operation,
  status: number,
  body: unknown,
  unknownProperties: UnknownProperties = "refuse",
): SchemaProblem[] {
  const responses = operationObject(op)["responses"] as Record<string, unknown>;
  const response = responses[String(status)];
  if (response === undefined) {
    return [{ at: "status", message: `${status} is not a listed response of ${op.operationId}` }];
  }
  const resolved = resolveRef(response as { content?: Record<string, { schema: JsonSchema }> });
  const schema = jsonSchemaOf(resolved.content);
  if (!schema) return body === undefined ? [] : [{ at: "/", message: "must be empty" }];
  const validate = compilers[unknownProperties](schema);
  return validate(body) ? [] : problemsOf(validate.errors);
}
