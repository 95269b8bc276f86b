/**
 * Transport: the action refuses an `api-url` or a `GITHUB_API_URL` that would carry a
 * credential over plain http to another machine, unless `allow-insecure-http` is set; then it
 * warns on every run. `http://0.0.0.0:<port>` is such a URL (not a loopback address) that still
 * reaches the emulator on this machine, so that the allowed case runs for real.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  annotations,
  commit,
  failureOf,
  oneService,
  runAction,
  startTestbed,
  transcript,
} from "./harness.ts";

test("an http:// api-url off this machine fails the step before anything is sent", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", oneService);
  const port = new URL(bed.emulator.url).port;
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("insecure") },
    inputs: { "api-url": `http://0.0.0.0:${port}` },
  });
  assert.equal(
    failureOf(run),
    `\`api-url\` is http://0.0.0.0:${port}: plain http would send the Outpost credential in clear text; use https, or accept that with the input \`allow-insecure-http: true\`.`,
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0, "nothing was sent to Outpost");
  assert.equal(bed.github.requests.length, 0);
});

test("so does an http:// GITHUB_API_URL off this machine", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", oneService);
  const run = await runAction(bed, {
    event: { name: "push", sha: commit("insecure-gh") },
    env: { GITHUB_API_URL: "http://ghe.example.test/api/v3" },
  });
  assert.match(
    failureOf(run),
    /^GITHUB_API_URL is http:\/\/ghe\.example\.test: plain http would send the GitHub token in clear text/,
  );
  assert.equal(bed.emulator.stats.snapshot().total, 0);
});

test("with allow-insecure-http the step runs, and warns on every run", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", oneService);
  const port = new URL(bed.emulator.url).port;
  for (const label of ["first", "second"]) {
    const run = await runAction(bed, {
      event: { name: "push", sha: commit(label) },
      inputs: { "api-url": `http://0.0.0.0:${port}`, "allow-insecure-http": "true" },
    });
    assert.equal(run.exitCode, 0, transcript(run));
    assert.deepEqual(
      annotations(run, "warning").map((w) => w.message),
      [
        `\`api-url\` is http://0.0.0.0:${port}: plain http sends the Outpost credential in clear text (allowed by the input \`allow-insecure-http: true\`).`,
      ],
    );
  }
  assert.equal(bed.emulator.controls.inspect().services.length, 1);
});
