import { configDocs } from "./config-docs.ts";
import { configTypes } from "./config-types.ts";
import type { Generator } from "./generator.ts";

/** Every generator of the project; add one here to have `npm run generate` write it and `npm test` check it. */
export const generators: readonly Generator[] = [configTypes, configDocs];
