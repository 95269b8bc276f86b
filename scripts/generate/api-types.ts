import openapiTS, { astToString } from "openapi-typescript";
import { descriptionPath } from "../../src/outpost/description.ts";
import { formatted, type Generator } from "./generator.ts";

/** TypeScript types of the Outpost API, generated from its OpenAPI description. */
export const apiTypes: Generator = {
  name: "openapi-typescript from src/outpost/openapi.yaml",
  async generate() {
    const ast = await openapiTS(descriptionPath, {
      exportType: true,
      immutable: true,
      // Request fields with a documented default are optional to send.
      defaultNonNullable: false,
    });
    const banner =
      "// Generated from src/outpost/openapi.yaml by `npm run generate`; do not edit.\n";
    return [await formatted("src/outpost/api.generated.ts", banner + astToString(ast))];
  },
};
