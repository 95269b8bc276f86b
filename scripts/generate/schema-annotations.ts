import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { stringify } from "yaml";
import { isRecord } from "../../src/config/raw-document.ts";
import { formatted, type Generator } from "./generator.ts";

const root = resolve(import.meta.dirname, "../..");
const schemaPath = "outpost.schema.json";

/**
 * `markdownDescription` beside every `description` of outpost.schema.json, written into the
 * schema itself. Editors through the YAML language server render it as Markdown (a plain
 * `description` shows its backticks escaped); it says what `description` says, plus the default.
 * The description is the one source: edit it, run `npm run generate`, and the check in
 * `npm test` fails while the two differ. Every node is covered, whatever section it belongs to.
 */
export const schemaAnnotations: Generator = {
  name: "schema-annotations",
  async generate() {
    const schema: unknown = JSON.parse(await readFile(resolve(root, schemaPath), "utf8"));
    const definitions = isRecord(schema) && isRecord(schema["$defs"]) ? schema["$defs"] : {};
    const annotated = annotate(schema, definitions);
    return [await formatted(schemaPath, `${JSON.stringify(annotated, null, 2)}\n`)];
  },
};

function annotate(node: unknown, definitions: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(node)) return node.map((item) => annotate(item, definitions));
  if (!isRecord(node)) return node;
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "markdownDescription") continue;
    // Keywords whose values are data (examples, defaults, enums) are not schemas.
    const data = key === "examples" || key === "default" || key === "enum" || key === "const";
    entries.push([key, data ? value : annotate(value, definitions)]);
    if (key === "description" && typeof value === "string") {
      entries.push(["markdownDescription", markdown(value, node, definitions)]);
    }
  }
  return Object.fromEntries(entries);
}

function markdown(
  description: string,
  node: Readonly<Record<string, unknown>>,
  definitions: Readonly<Record<string, unknown>>,
): string {
  const value = defaultOf(node, definitions);
  const shown =
    value !== undefined && !(typeof value === "object" && value !== null && isEmpty(value));
  return shown ? `${description}\n\nDefault: \`${stringify(value).trim()}\`` : description;
}

/** A node's `default`, or that of the definition it references. */
function defaultOf(
  node: Readonly<Record<string, unknown>>,
  definitions: Readonly<Record<string, unknown>>,
): unknown {
  if (node["default"] !== undefined) return node["default"];
  const reference = node["$ref"];
  if (typeof reference !== "string" || !reference.startsWith("#/$defs/")) return undefined;
  const target = definitions[reference.slice("#/$defs/".length)];
  return isRecord(target) ? target["default"] : undefined;
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}
