/**
 * Transport: the CLI refuses to send a credential over plain http to another machine unless
 * `--allow-insecure-http` says so, and then warns. Hosts that are not this machine are reached
 * here through a dispatcher that resolves every name to 127.0.0.1, so that nothing leaves it.
 */
import assert from "node:assert/strict";
import type { LookupFunction } from "node:net";
import { test, type TestContext } from "node:test";
import { Agent } from "undici";
import { startFakeOutpost, type FakeOutpost } from "../support/fake-outpost.ts";
import { seedResponse } from "../support/operation-cases.ts";
import { outpost, projectDir } from "../reliability/cli.ts";

/** Every host name is 127.0.0.1: `http://outpost.example.test` reaches the fake on this machine. */
const toLoopback: LookupFunction = (_hostname, options, callback) => {
  if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

async function fakeOutpost(t: TestContext): Promise<FakeOutpost> {
  const server = await startFakeOutpost((request) => ({
    status: 200,
    body: seedResponse(
      request.path.endsWith("/jobs") ? "GET /{namespace}/jobs" : "GET /{namespace}/services",
    ),
  }));
  t.after(() => server.close());
  return server;
}

async function status(t: TestContext, argv: string[], env = {}) {
  const dir = await projectDir(t, {});
  const dispatcher = new Agent({ connect: { lookup: toLoopback } });
  t.after(() => dispatcher.close());
  return outpost(["status", "--namespace", "acme", ...argv], {
    cwd: dir,
    env: { OUTPOST_TOKEN: "tok_transport_test", ...env },
    outpostClient: { dispatcher, sleep: () => Promise.resolve() },
  });
}

test("an http:// Outpost URL off this machine is refused before anything is sent", async (t) => {
  const server = await fakeOutpost(t);
  const remote = `http://outpost.example.test:${new URL(server.url).port}`;
  for (const [argv, env, setting] of [
    [["--api-url", remote], {}, "--api-url"],
    [[], { OUTPOST_API_URL: remote }, "OUTPOST_API_URL"],
  ] as const) {
    const run = await status(t, [...argv], env);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(
      run.stderr.split("\n")[0],
      `outpost status: ${setting} is ${remote}: plain http would send the Outpost credential in clear text; use https, or accept that with --allow-insecure-http`,
    );
  }
  assert.equal(server.requests.length, 0, "nothing was sent");
});

test("--allow-insecure-http lets it through, with a warning on every run", async (t) => {
  const server = await fakeOutpost(t);
  const remote = `http://outpost.example.test:${new URL(server.url).port}`;
  for (let i = 0; i < 2; i++) {
    const run = await status(t, ["--api-url", remote, "--allow-insecure-http"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /^warning: --api-url is http:\/\/outpost\.example\.test:\d+: plain http sends the Outpost credential in clear text \(allowed by --allow-insecure-http\)$/m,
    );
    assert.match(run.stdout, /llama-3-serving/);
  }
  assert.equal(server.requests.filter((r) => r.path === "/acme/services").length, 2);
});

test("http:// on this machine (the emulator's address) needs no flag and warns of nothing", async (t) => {
  const server = await fakeOutpost(t);
  const run = await status(t, ["--api-url", server.url]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, "");
});

test("an http:// GitHub API URL off this machine is refused too", async (t) => {
  const server = await fakeOutpost(t);
  const dir = await projectDir(t, {
    "outpost.yaml": "version: 1\nnamespace: acme\nservices: {}\n",
  });
  for (const [argv, env, setting] of [
    [["--github-api-url", "http://github.example.test/api/v3"], {}, "--github-api-url"],
    [[], { GITHUB_API_URL: "http://github.example.test/api/v3" }, "GITHUB_API_URL"],
  ] as const) {
    const run = await outpost(
      [
        ...["status", "--api-url", server.url, "--repository", "acme/app"],
        ...["--sha", "a".repeat(40), ...argv],
      ],
      { cwd: dir, env: { OUTPOST_TOKEN: "tok_transport_test", GITHUB_TOKEN: "ghs_test", ...env } },
    );
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.equal(
      run.stderr.split("\n")[0],
      `outpost status: ${setting} is http://github.example.test: plain http would send the GitHub token in clear text; use https, or accept that with --allow-insecure-http`,
    );
  }
  assert.equal(server.requests.length, 0);
});
