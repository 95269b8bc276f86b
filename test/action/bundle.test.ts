import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
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

test("validate mode loads only the bundle's entry: Octokit and the Outpost client are chunks of their own", async (t) => {
  const folder = await mkdtemp(join(tmpdir(), "outpost-dist-"));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const dist = resolve(distEntry, "..");
  const chunks = (await readdir(dist)).filter((name) => /^\d+\.index\.js$/.test(name));
  const entry = await readFile(distEntry, "utf8");
  const chunkText = (await Promise.all(chunks.map((c) => readFile(join(dist, c), "utf8")))).join(
    "",
  );
  // Octokit's user agent and the Outpost client's, in the chunks and not in the entry.
  for (const marker of [
    "octokit-core.js/",
    "created by an earlier attempt whose answer was lost",
  ]) {
    assert.ok(chunkText.includes(marker), `a chunk holds ${marker}`);
    assert.ok(!entry.includes(marker), `dist/index.js holds ${marker}`);
  }

  // The entry alone, without its chunks: validation works, planning cannot.
  await mkdir(join(folder, "dist"));
  for (const file of ["index.js", "package.json"])
    await cp(join(dist, file), join(folder, "dist", file));
  const bed = await startTestbed(t);
  await bed.writeFile(
    "outpost.yaml",
    "version: 1\nnamespace: acme\nservices:\n  api:\n    image: ghcr.io/acme/api:v1\n    gpu: L4\n",
  );
  const validated = await runAction(bed, {
    event: { name: "pull_request", sha: commit("fork-lean"), fork: true },
    inputs: { token: "", "api-url": bed.emulator.url, "github-token": bed.githubToken() },
    defaults: false,
    entry: join(folder, "dist/index.js"),
  });
  assert.equal(validated.exitCode, 0, transcript(validated));
  const planned = await runAction(bed, {
    event: { name: "pull_request", sha: commit("lean") },
    entry: join(folder, "dist/index.js"),
  });
  assert.notEqual(planned.exitCode, 0, "planning needs the chunks");
});
