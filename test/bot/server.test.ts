/**
 * The entry point as a process: it starts from environment variables, answers `/healthz`, and
 * stops gracefully on SIGTERM (leases handed back, the SQLite file released); it refuses to start
 * when misconfigured, naming what to fix and no secret.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { openSqliteStore } from "../../src/bot/store/sqlite-store.ts";
import { appKeys, appId, operatorConfig, webhookSecret } from "./harness.ts";

const root = new URL("../../", import.meta.url).pathname;

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ["src/bot/server.ts"], {
    cwd: root,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  return { child, output: () => output };
}

test("the server starts from its environment, answers /healthz and stops on SIGTERM", async (t) => {
  const folder = await mkdtemp(join(tmpdir(), "outpost-bot-server-"));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const statePath = join(folder, "state.db");
  const server = startServer({
    APP_ID: String(appId),
    PRIVATE_KEY: appKeys().privateKey,
    WEBHOOK_SECRET: webhookSecret,
    OUTPOST_BOT_CONFIG: operatorConfig("http://127.0.0.1:9"),
    OUTPOST_BOT_STATE: statePath,
    GITHUB_API_URL: "http://127.0.0.1:9",
    PORT: "0",
    HOST: "127.0.0.1",
  });
  let url: string | undefined;
  for (let i = 0; i < 200 && url === undefined; i++) {
    url = /"url":"([^"]+)"/.exec(server.output())?.[1];
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(url, server.output());
  const lines = server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"));
  assert.ok(lines.length > 0);
  for (const line of lines) {
    assert.equal(line.match(/"name":/g)?.length, 1, `one name per log line: ${line}`);
  }
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { store: string }).store, "sqlite");
  assert.equal((await fetch(`${url}/nothing-here`)).status, 404);
  server.child.kill("SIGTERM");
  const [code] = (await once(server.child, "exit")) as [number | null];
  assert.equal(code, 0, server.output());
  const store = await openSqliteStore({ path: statePath });
  await store.close();
});

test("misconfigured, the server names every variable to fix and exits 1", async () => {
  const server = startServer({ PRIVATE_KEY: "not a key", WEBHOOK_SECRET: "whsec_do_not_print" });
  const [code] = (await once(server.child, "exit")) as [number | null];
  assert.equal(code, 1);
  assert.match(server.output(), /APP_ID must be set/);
  assert.match(server.output(), /PRIVATE_KEY is neither a PEM key nor a base64-encoded one/);
  assert.match(server.output(), /OUTPOST_BOT_CONFIG must hold the operator config/);
  assert.ok(!server.output().includes("whsec_do_not_print"));
});
