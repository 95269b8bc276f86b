import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { formatted, type Generator } from "./generator.ts";

/**
 * The Outpost API description as a module: the client checks every answer against it, in the
 * action's bundle too, where no YAML file sits beside the code to be read at run time.
 */
export const apiDescription: Generator = {
  name: "api-description from src/outpost/openapi.yaml",
  async generate() {
    // Read by path, not through description.ts, which imports what this writes.
    const path = new URL("../../src/outpost/openapi.yaml", import.meta.url);
    const document: unknown = parse(await readFile(path, "utf8"));
    const source = `// Generated from src/outpost/openapi.yaml by \`npm run generate\`; do not edit.

/** The parsed description; src/outpost/description.ts reads it. */
export const openapiDocument: unknown = ${JSON.stringify(document)};
`;
    return [await formatted("src/outpost/openapi.generated.ts", source)];
  },
};
