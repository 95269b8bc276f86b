import type { JsonSchema } from "./schema.ts";

/**
 * What each `pattern` of outpost.schema.json means, in words. A test fails when the schema gains a
 * pattern that is missing here, so no user ever reads a raw regular expression.
 */
export const patternExpectations: Readonly<Record<string, string>> = {
  "^[A-Za-z0-9_-]+$": "a name of letters, digits, `-` and `_`",
  "^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$": "a repository as `owner/name`",
  "^/": "a path starting with `/`",
  "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$":
    "a lowercase domain name such as `llama.acme.com`",
  "^[A-Za-z_][A-Za-z0-9_]*$":
    "a variable name of letters, digits and `_`, not starting with a digit",
  "^(?![/\\\\])(?![A-Za-z]:[/\\\\])(?![\\s\\S]*(?:^|[/\\\\])\\.\\.(?:[/\\\\]|$))":
    "a glob relative to the repository root (no leading `/`, no `..`)",
  "^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$": "a duration with units, such as `90m`, `2h` or `3d`",
};

/** A short phrase for what a schema accepts: `one of L4, T4`, `an integer from 10 to 95`. */
export function describeExpected(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${scalarText(schema.const)}\``;
  if (schema.enum !== undefined) return `one of ${schema.enum.map(scalarText).join(", ")}`;
  switch (schema.type) {
    case "integer":
      return `an integer${describeRange(schema)}`;
    case "string":
      if (schema.pattern !== undefined) return patternExpectations[schema.pattern] ?? "a string";
      return schema.minLength === undefined ? "a string" : "a non-empty string";
    case "object": {
      const stringValues =
        typeof schema.additionalProperties === "object" &&
        schema.additionalProperties.type === "string";
      return stringValues ? "a mapping of variable names to strings" : "a mapping";
    }
    case "array":
      return schema.items?.type === "string" ? "a list of strings" : "a list";
    case "boolean":
      return "`true` or `false`";
    default:
      return "a value";
  }
}

/** A scalar as YAML shows it: `L4`, `16`, `true`; anything else as JSON. */
export function scalarText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value) ?? typeof value;
}

function describeRange(schema: JsonSchema): string {
  const { minimum, maximum } = schema;
  if (minimum !== undefined && maximum !== undefined) return ` from ${minimum} to ${maximum}`;
  if (minimum !== undefined) return minimum === 0 ? " of 0 or more" : ` of at least ${minimum}`;
  if (maximum !== undefined) return ` of at most ${maximum}`;
  return "";
}
