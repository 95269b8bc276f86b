import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { compile } from "json-schema-to-typescript";
import { isRecord } from "../../src/config/raw-document.ts";
import { formatted, type Generator } from "./generator.ts";

type TypesSchema = Parameters<typeof compile>[0];

const root = resolve(import.meta.dirname, "../..");
export const jsonSchemaFolder = "docs/json";

const banner = `/**
 * Types of the JSON outputs (\`--json\`, the action's outputs), generated from docs/json/*.schema.json
 * by scripts/generate/json-types.ts. Do not edit: change the schemas and run \`npm run generate\`.
 */`;

/** The output schemas by file name (\`plan.schema.json\`), shared definitions excluded. */
export async function outputSchemaFiles(): Promise<string[]> {
  const names = await readdir(join(root, jsonSchemaFolder));
  return names
    .filter((name) => name.endsWith(".schema.json") && name !== "common.schema.json")
    .sort();
}

/** \`src/render/json-format.generated.ts\`: one type per output, from its schema. */
export const jsonTypes: Generator = {
  name: "json-types",
  async generate() {
    const files = await outputSchemaFiles();
    const properties: Record<string, TypesSchema> = {};
    for (const file of files) {
      const schema: unknown = JSON.parse(
        await readFile(join(root, jsonSchemaFolder, file), "utf8"),
      );
      if (!isTypesSchema(schema)) throw new Error(`${jsonSchemaFolder}/${file} is not an object`);
      properties[file.replace(".schema.json", "")] = schema;
    }
    const source = await compile(
      { title: "JsonOutputs", type: "object", additionalProperties: false, properties },
      "JsonOutputs",
      {
        bannerComment: banner,
        cwd: join(root, jsonSchemaFolder),
        additionalProperties: false,
        strictIndexSignatures: true,
        unknownAny: true,
        format: false,
      },
    );
    return [await formatted("src/render/json-format.generated.ts", source)];
  },
};

function isTypesSchema(value: unknown): value is TypesSchema {
  return isRecord(value);
}
