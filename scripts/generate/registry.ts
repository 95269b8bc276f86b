import { apiTypes } from "./api-types.ts";
import type { Generator } from "./generator.ts";

/** Every generator of the project; add one here to have `npm run generate` write it and `npm test` check it. */
export const generators: readonly Generator[] = [apiTypes];
