import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import type { ConfigPath } from "./config-path.ts";
import { didYouMean } from "./did-you-mean.ts";
import { describeExpected, scalarText } from "./expectations.ts";
import type { ProblemDetails, Reporter } from "./problems.ts";
import { isRecord, valueAt, type ResourceKind } from "./raw-document.ts";
import type { OutpostConfig } from "./schema.generated.ts";
import {
  fieldNames,
  outpostSchema,
  ownerSchema,
  resolveSchema,
  schemaAtPath,
  schemaUrl,
  type FieldOwner,
} from "./schema.ts";

/**
 * The ajv settings outpost.schema.json is written for: JSON Schema 2020-12, strict mode. The
 * schema is not checked against the 2020-12 meta-schema on every start (compiling that costs
 * more than the schema itself, a third of the action's start): the tests check it once.
 */
export function createAjv(): Ajv2020 {
  return new Ajv2020({
    allErrors: true,
    strict: true,
    validateSchema: false,
    // Annotations for editors (the YAML language server), not rules.
    keywords: ["markdownDescription", "errorMessage", "doNotSuggest"],
    // Unoptimised code compiles in about half the time, and a file is validated once or twice
    // per run: the compile, not the validation, is what a run pays for.
    code: { optimize: false },
  });
}

let ajv: Ajv2020 | undefined;
let documentValidator: ValidateFunction<OutpostConfig> | undefined;

function schemaValidator(): ValidateFunction<OutpostConfig> {
  ajv ??= createAjv();
  documentValidator ??= ajv.compile<OutpostConfig>(outpostSchema);
  return documentValidator;
}

/** True when `data` satisfies outpost.schema.json (semantic rules aside). */
export function matchesSchema(data: unknown): data is OutpostConfig {
  return schemaValidator()(data);
}

/** True when `value` is valid for `field` of a service, a job or `defaults`. */
export function fieldAccepts(owner: FieldOwner, field: string, value: unknown): boolean {
  schemaValidator();
  const validate = ajv?.getSchema(`${schemaUrl}#/$defs/${owner}/properties/${field}`);
  return validate === undefined ? false : validate(value) === true;
}

/** Reports every schema violation of `data`, one problem per mistake. */
export function checkSchema(data: unknown, report: Reporter): void {
  const validate = schemaValidator();
  if (validate(data)) return;
  for (const error of relevantErrors(validate.errors ?? [], data)) {
    report.error(describeError(error, data));
  }
}

interface LocatedError {
  readonly error: ErrorObject;
  readonly path: ConfigPath;
}

/**
 * Drops ajv's cascades: the branches of `if`/`else` and `oneOf` (reported once, by their own
 * keyword), the inner errors of `propertyNames`, and anything else said about a value whose type
 * is already wrong.
 */
function relevantErrors(errors: readonly ErrorObject[], data: unknown): LocatedError[] {
  const located = errors
    .filter(
      (error) =>
        error.keyword !== "if" &&
        error.propertyName === undefined &&
        !error.schemaPath.includes("/repoOrImage/anyOf/"),
    )
    .map((error) => ({ error, path: pointerToPath(error.instancePath, data) }));
  const wrongType = new Set(
    located.filter(({ error }) => error.keyword === "type").map(({ error }) => error.instancePath),
  );
  return located.filter(
    ({ error }) => error.keyword === "type" || !wrongType.has(error.instancePath),
  );
}

function pointerToPath(pointer: string, data: unknown): ConfigPath {
  const path: (string | number)[] = [];
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path.push(Array.isArray(valueAt(data, path)) ? Number(segment) : segment);
  }
  return path;
}

function describeError({ error, path }: LocatedError, data: unknown): ProblemDetails {
  const params: Readonly<Record<string, unknown>> = error.params;
  const value = valueAt(data, path);
  const schema = schemaAtPath(path);
  const expected = schema === undefined ? undefined : describeExpected(schema);
  const otherwise = (): ProblemDetails => ({
    code: "invalid-value",
    path,
    message: `expected ${expected ?? "a valid value"}, got ${describeValue(value)}${referenceHint(value)}`,
    ...(expected === undefined ? {} : { expected }),
  });
  switch (error.keyword) {
    case "type":
      return wrongType(path, value, expected ?? String(params["type"]));
    case "enum":
      return notAllowed(path, value, schema?.enum ?? []);
    case "const":
      if (value === "1") return wrongType(path, value, "`1`");
      return {
        code: "unsupported-version",
        path,
        message: `unsupported version ${describeValue(value)}; this release of outpost reads version 1`,
        expected: "1",
      };
    case "required":
      return missingKey(path, String(params["missingProperty"]));
    case "additionalProperties":
      return unknownKey(path, String(params["additionalProperty"]));
    case "propertyNames":
      return invalidName(path, String(params["propertyName"]));
    case "anyOf":
      if (!error.schemaPath.includes("/repoOrImage/")) return otherwise();
      return repoOrImage(path, "neither");
    case "false schema":
      // `image` beside `repo` (repoOrImage's dependentSchemas): reported at `image`.
      if (!error.schemaPath.includes("/repoOrImage/")) return otherwise();
      return repoOrImage(path.slice(0, -1), "both");
    case "dependentRequired":
      return {
        code: "branch-without-repo",
        path: [...path, "branch"],
        at: "key",
        message: `\`branch\` applies only to a ${ownerOf(path) ?? "resource"} deployed from a \`repo\`; remove it (an \`image\` runs as built)`,
        expected: "no `branch` with `image`",
      };
    case "minimum":
    case "maximum":
      return {
        code: "invalid-value",
        path,
        message: `must be ${error.keyword === "minimum" ? "at least" : "at most"} ${String(params["limit"])}, got ${describeValue(value)}`,
        ...(expected === undefined ? {} : { expected }),
      };
    case "maxProperties":
    case "minProperties":
      return {
        code: "invalid-value",
        path,
        message:
          error.keyword === "maxProperties"
            ? `set only one of ${Object.keys(schema?.properties ?? {})
                .map((key) => `\`${key}\``)
                .join(", ")}`
            : `set one of ${Object.keys(schema?.properties ?? {})
                .map((key) => `\`${key}\``)
                .join(", ")}`,
        ...(expected === undefined ? {} : { expected }),
      };
    case "minLength":
      return {
        code: "invalid-value",
        path,
        message: "must not be empty",
        expected: "a non-empty string",
      };
    case "uniqueItems": {
      const later = Math.max(Number(params["i"]), Number(params["j"]));
      const earlier = Math.min(Number(params["i"]), Number(params["j"]));
      return {
        code: "invalid-value",
        path: [...path, later],
        message: `${describeValue(valueAt(data, [...path, later]))} is listed twice (also at position ${earlier + 1})`,
        expected: "each entry once",
      };
    }
    default:
      return otherwise();
  }
}

function wrongType(path: ConfigPath, value: unknown, expected: string): ProblemDetails {
  if (path.length === 0) {
    return {
      code: "wrong-type",
      path,
      message: `the file must be a mapping with \`version\`, \`namespace\`, \`services\` and \`jobs\`, got ${describeValue(value)}`,
      expected: "a mapping",
    };
  }
  let hint = "";
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) hint = "; remove the quotes";
  else if (expected === "a string" && (typeof value === "number" || typeof value === "boolean")) {
    hint = `; quote it: "${String(value)}"`;
  }
  return {
    code: "wrong-type",
    path,
    message: `expected ${expected}, got ${describeValue(value)}${hint}`,
    expected,
  };
}

function notAllowed(path: ConfigPath, value: unknown, allowed: readonly unknown[]): ProblemDetails {
  const expected = `one of ${allowed.map(scalarText).join(", ")}`;
  let message = `must be ${expected}, got ${describeValue(value)}`;
  let suggestion: string | undefined;
  if (typeof value === "string") {
    suggestion = didYouMean(value, allowed.map(scalarText));
    if (suggestion !== undefined) message += `; did you mean "${suggestion}"?`;
    else message += referenceHint(value);
  }
  const field = path.at(-1);
  const owner = ownerOf(path.slice(0, -1));
  const other = owner === "service" ? "job" : owner === "job" ? "service" : undefined;
  if (other !== undefined && typeof field === "string" && fieldAccepts(other, field, value)) {
    message += ` (${describeValue(value)} is available to ${other}s only)`;
  }
  return {
    code: "invalid-value",
    path,
    message,
    expected,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

function missingKey(path: ConfigPath, key: string): ProblemDetails {
  const schema = schemaAtPath([...path, key]);
  const expected = schema === undefined ? undefined : describeExpected(schema);
  const owner = ownerOf(path);
  const hint = key === "gpu" && owner !== undefined ? "; set it here or in `defaults.gpu`" : "";
  if (schema?.const !== undefined) {
    const line = `${key}: ${scalarText(schema.const)}`;
    return {
      code: "missing-key",
      path,
      at: "key",
      message: `missing required key \`${key}\`; add \`${line}\``,
      expected: `\`${line}\``,
    };
  }
  return {
    code: "missing-key",
    path,
    at: "key",
    message: `missing required key \`${key}\`${expected === undefined ? "" : ` (${expected})`}${hint}`,
    ...(expected === undefined ? {} : { expected: `\`${key}\`: ${expected}` }),
  };
}

function unknownKey(path: ConfigPath, key: string): ProblemDetails {
  const at = { path: [...path, key], at: "key" } as const;
  if (key === "<<") {
    return {
      code: "yaml-merge-key",
      ...at,
      message: "YAML merge keys (`<<`) are not supported; put shared values in `defaults:`",
    };
  }
  const owner = ownerOf(path);
  const allowed = Object.keys(
    schemaAtPath(path)?.properties ??
      (owner === undefined
        ? (outpostSchema.properties ?? {})
        : (ownerSchema(owner).properties ?? {})),
  );
  const expected = `one of ${allowed.join(", ")}`;
  const base = { code: "unknown-key", ...at, expected } as const;
  if (key === "name" && (owner === "service" || owner === "job")) {
    const source = owner === "service" ? "its key under `services:`" : "`run_name`";
    return { ...base, message: `unknown key \`name\`: the ${owner}'s Outpost name is ${source}` };
  }
  const elsewhere =
    owner === undefined
      ? []
      : otherOwners(owner).filter((other) => fieldNames(other).includes(key));
  if (owner === "defaults" && elsewhere.length > 0) {
    return {
      ...base,
      message: `\`${key}\` cannot be a default: \`defaults\` holds only fields that services and jobs share (${allowed.join(", ")}); set it on each ${elsewhere.join(" and ")}`,
    };
  }
  const other = elsewhere[0];
  if (owner !== undefined && other !== undefined) {
    return {
      ...base,
      message: `unknown key \`${key}\`: it is a ${other} field, ${owner}s do not have it`,
    };
  }
  const suggestion = didYouMean(key, allowed);
  return {
    ...base,
    message: `unknown key \`${key}\`${suggestion === undefined ? `; expected ${expected}` : `; did you mean \`${suggestion}\`?`}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

function invalidName(path: ConfigPath, name: string): ProblemDetails {
  const names = schemaAtPath(path)?.propertyNames;
  const expected = names === undefined ? "a valid name" : describeExpected(resolveSchema(names));
  const what = path.at(-1) === "env" ? "variable" : path[0] === "jobs" ? "job" : "service";
  return {
    code: "invalid-value",
    path: [...path, name],
    at: "key",
    message: `invalid ${what} name \`${name}\`: expected ${expected}`,
    expected,
  };
}

function repoOrImage(path: ConfigPath, found: "both" | "neither"): ProblemDetails {
  const both = found === "both";
  return {
    code: "repo-or-image",
    path: both ? [...path, "image"] : path,
    at: "key",
    message: `exactly one of \`repo\` or \`image\` must be set (found ${both ? "both" : "neither"})`,
    expected: "`repo: owner/name` or `image: registry/name:tag`",
  };
}

/**
 * Which section a mapping at `path` is: a service, a job, `defaults` (the file's, or an
 * environment's override of one), or (undefined) anything else.
 */
function ownerOf(path: ConfigPath): FieldOwner | undefined {
  const within = path[0] === "environments" && path.length >= 3 ? path.slice(2) : path;
  if (within.length === 1 && within[0] === "defaults") return "defaults";
  if (within.length === 2 && within[0] === "services") return "service";
  if (within.length === 2 && within[0] === "jobs") return "job";
  return undefined;
}

/** The resource kinds other than `owner` (both of them for `defaults`). */
function otherOwners(owner: FieldOwner): ResourceKind[] {
  const kinds: ResourceKind[] = ["service", "job"];
  return kinds.filter((kind) => kind !== owner);
}

/** Fields with a fixed format take literal values only; say so when a reference was tried. */
function referenceHint(value: unknown): string {
  const tried = typeof value === "string" && value.includes("${{");
  return tried ? "; `${{ … }}` references are not supported in this field" : "";
}

/** A value as a message shows it: `"A100-80G"`, `96`, `a list`, `nothing (the value is empty)`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (the value is empty)";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  return scalarText(value);
}
