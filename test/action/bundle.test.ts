import assert from "node:assert/strict";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { commit, distEntry, runAction, startTestbed, transcript } from "./harness.ts";

test("the bundle runs on its own, with no node_modules anywhere above it", async (t) => {
  const folder = await mkdtemp(join(tmpdir(), "outpost-dist-"));
  t.after(() => rm(folder, { recursive: true, force: true }));
  await cp(resolve(distEntry, ".."), join(folder, "dist"), { recursive: true });
  const bed = await startTestbed(t);
  await bed.writeFile(
    "outpost.yaml",
    "version: 1\nnamespace: acme\nservices:\n  api:\n    image: ghcr.io/acme/api:v1\n    gpu: L4\n",
  );
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("bundle") },
    entry: join(folder, "dist/index.js"),
  });
  assert.equal(run.exitCode, 0, transcript(run));
  assert.equal(bed.emulator.controls.inspect().services[0]?.status, "running");
});
