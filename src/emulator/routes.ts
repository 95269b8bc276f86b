/** Which handler answers each operation of the description. */
import { operations } from "../outpost/description.ts";
import type { Handler } from "./handler.ts";
import { jobHandlers } from "./job-handlers.ts";
import { serviceHandlers } from "./service-handlers.ts";

export const handlers: Readonly<Record<string, Handler>> = { ...serviceHandlers, ...jobHandlers };

const missing = operations
  .filter((op) => !(op.operationId in handlers))
  .map((op) => op.operationId);
if (missing.length > 0) {
  // The description grew an operation the emulator does not answer yet: fail at start, not at the
  // first request.
  throw new Error(`The emulator has no handler for ${missing.join(", ")}.`);
}
