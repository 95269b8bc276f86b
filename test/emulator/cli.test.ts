import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { test, type TestContext } from "node:test";

const root = new URL("../../", import.meta.url);

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Runs `npm run emulator -- <args>` and waits for the line with its URL. */
async function runEmulator(t: TestContext, args: readonly string[]): Promise<Started> {
  const child = spawn("npm", ["run", "--silent", "emulator", "--", ...args], {
    cwd: root,
    detached: true, // its own process group, so that cleanup reaches npm's children too
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let closed = false;
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // "close" comes when every process holding the pipes (npm, its shell, node) has exited.
  child.on("close", () => (closed = true));
  t.after(() => {
    if (!closed && child.pid) process.kill(-child.pid, "SIGKILL");
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const url = /Outpost emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output)?.[1];
    if (url) return { child, url, output: () => output };
    if (child.exitCode !== null || Date.now() > deadline) assert.fail(`no URL printed:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("`npm run emulator` prints its URL, serves with --token grants, and stops on Ctrl-C", async (t) => {
  const { child, url, output } = await runEmulator(t, [
    "--port",
    "0",
    "--token",
    "ci-token=acme,beta",
    "--quiet",
  ]);
  const get = (path: string, token: string) =>
    fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  assert.equal(await get("/acme/services", "ci-token"), 200);
  assert.equal(await get("/beta/jobs", "ci-token"), 200);
  assert.equal(await get("/globex/services", "ci-token"), 403);
  assert.equal(await get("/globex/services", "dev-token"), 200, "the dev token stays");
  assert.equal(await get("/acme/services", "other"), 401);
  assert.equal(output().includes("ci-token"), false, "credentials are not printed");

  // Ctrl-C in a terminal signals the whole foreground process group.
  const closing = once(child, "close");
  process.kill(-(child.pid ?? 0), "SIGINT");
  await closing;
  assert.match(output(), /Outpost emulator stopped\./);
  await assert.rejects(fetch(`${url}/acme/services`), "nothing listens any more");
});

test("`npm run emulator` with bad flags explains its usage and exits 2", async () => {
  const child = spawn("npm", ["run", "--silent", "emulator", "--", "--time-scale", "fast"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 2);
  assert.match(output, /--time-scale needs a number, got 'fast'/);
  assert.match(output, /Usage: outpost emulator/);
});

test("the emulator process closes cleanly on SIGTERM", async (t) => {
  const child = spawn(process.execPath, ["bin/outpost.js", "emulator", "--port", "0", "--quiet"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [first] = (await once(child.stdout, "data")) as [Buffer];
  assert.match(first.toString(), /^Outpost emulator listening on http:\/\/127\.0\.0\.1:\d+\n/);
  child.kill("SIGTERM");
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 0);
  assert.match(output, /Outpost emulator stopped\./);
});
