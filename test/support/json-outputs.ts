/**
 * Reads a JSON output (`--json`, an action output) the way a script would, and fails the test
 * unless it matches its published schema (docs/json/<kind>.schema.json): every output a test
 * reads through here is checked against the documented shape.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonOutputs } from "../../src/render/json.ts";

const folder = fileURLToPath(new URL("../../docs/json/", import.meta.url));
const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addKeyword("tsType");
const ids = new Map<string, string>();
for (const file of readdirSync(folder).filter((name) => name.endsWith(".schema.json"))) {
  const schema = JSON.parse(readFileSync(join(folder, file), "utf8")) as { $id: string };
  ajv.addSchema(schema);
  ids.set(file.replace(".schema.json", ""), schema.$id);
}

export type OutputKind = keyof JsonOutputs;

/** The problems of `value` as the output `kind`; empty when it conforms. */
export function schemaProblems(kind: OutputKind, value: unknown): string[] {
  const id = ids.get(kind);
  if (id === undefined) throw new Error(`no schema docs/json/${kind}.schema.json`);
  const validate = ajv.getSchema(id);
  if (validate === undefined) throw new Error(`schema ${id} did not compile`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** One JSON document of kind `kind`, parsed and checked against its schema. */
export function parseJsonOutput<K extends OutputKind>(
  kind: K,
  text: string,
): NonNullable<JsonOutputs[K]> {
  const value: unknown = JSON.parse(text);
  const problems = schemaProblems(kind, value);
  if (problems.length > 0) {
    throw new Error(
      `not a valid ${kind} output (docs/json/${kind}.schema.json):\n  ${problems.join("\n  ")}\n${text}`,
    );
  }
  return value as NonNullable<JsonOutputs[K]>;
}
