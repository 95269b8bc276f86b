/** The action's entry (bundled into dist/index.js): run, and turn any escape into a failed step. */
import * as core from "@actions/core";
import { run } from "./main.ts";

// The runner stops a cancelled run with SIGINT, then SIGTERM 7.5 s later: the step settles what
// it started, writes its summary and outputs, and exits 130 or 143.
const stop = new AbortController();
process.once("SIGINT", () => stop.abort("SIGINT"));
process.once("SIGTERM", () => stop.abort("SIGTERM"));

run({ signal: stop.signal }).catch((error: unknown) =>
  core.setFailed(error instanceof Error ? error.message : String(error)),
);
