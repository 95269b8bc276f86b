import { apiDescription } from "./api-description.ts";
import { apiTypes } from "./api-types.ts";
import { schemaAnnotations } from "./schema-annotations.ts";
import { schemastoreEntry } from "./schemastore-entry.ts";
import { cliDocs } from "./cli-docs.ts";
import { actionDocs } from "./action-docs.ts";
import { configDocs } from "./config-docs.ts";
import { configTypes } from "./config-types.ts";
import { jsonTypes } from "./json-types.ts";
import type { Generator } from "./generator.ts";

/** Every generator of the project; add one here to have `npm run generate` write it and `npm test` check it. */
export const generators: readonly Generator[] = [
  // First: the others read outpost.schema.json, which this one completes.
  schemaAnnotations,
  apiTypes,
  apiDescription,
  configTypes,
  configDocs,
  schemastoreEntry,
  cliDocs,
  actionDocs,
  jsonTypes,
];
