/**
 * GitHub's description is OpenAPI 3.0: its schemas say `nullable: true` where JSON Schema says
 * `type: [..., "null"]`, and refer to `#/components/schemas/...`. This turns one such schema into
 * a JSON Schema (draft-07) that ajv validates as GitHub means it.
 */

export type JsonSchema = Record<string, unknown>;

/** The ajv id of a component schema (`#/components/schemas/<name>` in the description). */
export function componentId(name: string): string {
  return `https://fake-github.local/components/${encodeURIComponent(name)}`;
}

const componentPrefix = "#/components/schemas/";

const combinators = ["allOf", "anyOf", "oneOf"] as const;

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nullableType(type: unknown): unknown {
  if (Array.isArray(type)) return type.includes("null") ? type : [...(type as unknown[]), "null"];
  return [type, "null"];
}

/** Converts the OpenAPI 3.0 dialect to draft-07, recursively; `strictObjects` closes plain objects. */
export function toJsonSchema(schema: unknown, strictObjects = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, strictObjects));
  if (!isObject(schema)) return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue;
    if (key === "$ref" && typeof value === "string") {
      out[key] = value.startsWith(componentPrefix)
        ? componentId(value.slice(componentPrefix.length))
        : value;
    } else if (key === "properties" && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, toJsonSchema(child, strictObjects)]),
      );
    } else if (key === "enum" || key === "example" || key === "default" || key === "required") {
      out[key] = value;
    } else if ((combinators as readonly string[]).includes(key)) {
      // Inside a combinator an extra property may be what tells the branches apart.
      out[key] = toJsonSchema(value, false);
    } else {
      out[key] = toJsonSchema(value, strictObjects);
    }
  }
  if (
    strictObjects &&
    isObject(out["properties"]) &&
    out["additionalProperties"] === undefined &&
    !combinators.some((c) => c in out)
  ) {
    out["additionalProperties"] = false;
  }
  if (schema["nullable"] !== true) return out;
  if ("type" in out) {
    out["type"] = nullableType(out["type"]);
    const values: unknown = out["enum"];
    if (Array.isArray(values) && !values.includes(null))
      out["enum"] = [...(values as unknown[]), null];
    return out;
  }
  return { anyOf: [{ type: "null" }, out] };
}

/** The names of the component schemas a description schema refers to directly. */
export function referencedComponents(schema: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isObject(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === "$ref" && typeof child === "string" && child.startsWith(componentPrefix)) {
          names.add(child.slice(componentPrefix.length));
        } else if (key !== "enum" && key !== "example" && key !== "default") visit(child);
      }
    }
  };
  visit(schema);
  return names;
}
