/** The action's entry (bundled into dist/index.js): run, and turn any escape into a failed step. */
import * as core from "@actions/core";
import { run } from "./main.ts";

run().catch((error: unknown) =>
  core.setFailed(error instanceof Error ? error.message : String(error)),
);
