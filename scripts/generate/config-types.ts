import { compile } from "json-schema-to-typescript";
import { isRecord } from "../../src/config/raw-document.ts";
import { outpostSchema, type JsonSchema } from "../../src/config/schema.ts";
import { formatted, type Generator } from "./generator.ts";

type TypesSchema = Parameters<typeof compile>[0];

const banner = `/**
 * Types of an outpost.yaml document, generated from outpost.schema.json by
 * scripts/generate/config-types.ts. Do not edit: change the schema and run \`npm run generate\`.
 */`;

/** `src/config/schema.generated.ts`: the TypeScript shape of a document that passed the schema. */
export const configTypes: Generator = {
  name: "config-types",
  async generate() {
    const source = await compile(forTypes(outpostSchema), "OutpostConfig", {
      bannerComment: banner,
      additionalProperties: false,
      strictIndexSignatures: true,
      unknownAny: true,
      unreachableDefinitions: false,
      format: false,
    });
    return [await formatted("src/config/schema.generated.ts", source)];
  },
};

/**
 * The schema as the type generator should read it. Rules that TypeScript cannot say well (`repo`
 * xor `image`, `gpu` required unless defaulted) are dropped: the loader enforces them. A field
 * that references a shared definition keeps only the reference, so that every GPU field has the
 * one type `Gpu` instead of a copy per description.
 */
function forTypes(schema: JsonSchema): TypesSchema {
  const { if: _if, else: _else, ...unconditional } = schema;
  const copy = typeNames(withoutTitles(simplify(unconditional, undefined)));
  if (!isTypesSchema(copy)) throw new Error("outpost.schema.json is not an object");
  return copy;
}

/**
 * Titles are for people (editors show them); type names come from the definitions' keys
 * (`$defs.gpuCount` is `GpuCount`), so that rewording a title renames no type.
 */
function withoutTitles(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutTitles);
  if (!isRecord(node)) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === "title" && typeof value === "string"))
      .map(([key, value]) => [
        key,
        key === "examples" || key === "default" ? value : withoutTitles(value),
      ]),
  );
}

function typeNames(node: unknown): unknown {
  if (!isRecord(node) || !isRecord(node["$defs"])) return node;
  const definitions = Object.entries(node["$defs"]).map(([key, definition]): [string, unknown] => [
    key,
    isRecord(definition)
      ? { ...definition, title: key.charAt(0).toUpperCase() + key.slice(1) }
      : definition,
  ]);
  return { ...node, title: "OutpostConfig", $defs: Object.fromEntries(definitions) };
}

function simplify(node: unknown, parentKey: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((item) => simplify(item, undefined));
  if (!isRecord(node)) return node;
  const entries = Object.entries(node);
  const reference = entries.find(([key]) => key === "$ref")?.[1];
  if (parentKey === "properties" && typeof reference === "string") return { $ref: reference };
  const kept = entries.filter(
    ([key, value]) => !(key === "$ref" && value === "#/$defs/repoOrImage"),
  );
  return Object.fromEntries(
    kept.map(([key, value]) => [key, simplifyChildren(key, value)] as const),
  );
}

function simplifyChildren(key: string, value: unknown): unknown {
  if (key !== "properties" || typeof value !== "object" || value === null) {
    return simplify(value, undefined);
  }
  return Object.fromEntries(
    Object.entries(value).map(([name, property]) => [name, simplify(property, "properties")]),
  );
}

function isTypesSchema(value: unknown): value is TypesSchema {
  return isRecord(value);
}
