/**
 * The trust boundary of files a user names: outpost.yaml (`--config`, the action's `config`
 * input), `--secrets-file`, `--state-file`, the bot's PRIVATE_KEY_PATH and OUTPOST_BOT_CONFIG,
 * and the runner's GITHUB_EVENT_PATH. Each is opened only when it is a regular file (a FIFO, a
 * device, a directory is refused by its type, before anything is read, so nothing hangs), read
 * with a bound whatever its size claims, and must be valid UTF-8, the first bad byte named by
 * line and column. Every refusal is one clean line, and nothing reaches Outpost.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { closeSync, constants, existsSync, openSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, suite, test, type TestContext } from "node:test";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import { commit, failureOf, oneService, runAction, startTestbed } from "../action/harness.ts";
import { appKeys } from "../bot/harness.ts";
import { hasStackTrace, outpost, type CliRun } from "./cli.ts";

/** Fails a test that would hang instead of taking its whole run down. */
const bounded = { timeout: 20_000 };

async function folder(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "outpost-config-files-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A FIFO nobody writes to. If a reader blocked on it anyway (the flaw this suite catches), the
 * test's end opens it for writing and closes it, so the reader sees its end and the run ends.
 */
function fifo(t: TestContext, dir: string, name = "fifo"): string {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  t.after(() => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader is waiting on it: the fix works.
    }
  });
  return path;
}

/** `image:` with bytes that are not UTF-8 on line 6, from column 29. */
const invalidUtf8 = Buffer.concat([
  Buffer.from(
    "version: 1\nnamespace: acme\nservices:\n  api:\n    gpu: L4\n    image: ghcr.io/acme/api:",
  ),
  Buffer.from([0xe2, 0x28, 0xa1, 0x28, 0x20, 0x78]),
  Buffer.from("\n"),
]);

function assertClean(run: CliRun, pattern: RegExp, code = 1): void {
  const shown = `${run.stdout}${run.stderr}`;
  assert.equal(run.crashed, false, shown);
  assert.equal(run.code, code, shown);
  assert.ok(!hasStackTrace(shown), shown);
  assert.match(shown, pattern);
}

suite("config files: only regular files, a bounded read, valid UTF-8", () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ seed: 5 });
  });
  after(() => emulator.close());
  const env = () => ({ OUTPOST_API_URL: emulator.url, OUTPOST_TOKEN: "dev-token" });

  test(
    "`--config` naming a FIFO is refused at once, for validate, plan and apply",
    bounded,
    async (t) => {
      const dir = await folder(t);
      const path = fifo(t, dir);
      for (const argv of [
        ["validate", path],
        ["plan", "--config", path],
        ["apply", "--yes", "--config", path],
      ]) {
        const run = await outpost(argv, { cwd: dir, env: env() });
        assertClean(
          run,
          /fifo:1:1: error: cannot read .*fifo: it is a FIFO \(named pipe\), not a regular file/,
        );
      }
      assert.equal(emulator.stats.snapshot().total, 0);
    },
  );

  test(
    "`--config` naming a device or a directory is refused by its type, unread",
    bounded,
    async (t) => {
      const dir = await folder(t);
      const zero = await outpost(["plan", "--config", "/dev/zero"], { cwd: dir, env: env() });
      assertClean(
        zero,
        /\/dev\/zero:1:1: error: cannot read \/dev\/zero: it is a character device, not a regular file/,
      );
      const folderRun = await outpost(["validate", dir], { cwd: dir, env: env() });
      assertClean(folderRun, /error: cannot read .*: it is a directory, not a regular file/);
    },
  );

  test(
    "a regular file whose size says 0 but reads on for gigabytes is read only to the limit",
    { ...bounded, skip: !existsSync("/proc/self/pagemap") && "no /proc/self/pagemap here" },
    async (t) => {
      // /proc/self/pagemap is a regular file of size 0 that reads on for gigabytes (in reads of
      // whole 8-byte words); /proc/kallsyms one of size 0 that holds megabytes.
      const dir = await folder(t);
      const pagemap = await outpost(["validate", "/proc/self/pagemap"], { cwd: dir, env: env() });
      assertClean(
        pagemap,
        /^\/proc\/self\/pagemap:1:1: error: (the file is larger than 1 MiB|cannot read \/proc\/self\/pagemap: it cannot be read as a plain file \(EINVAL\))/,
      );
      if (!existsSync("/proc/kallsyms")) return;
      const kallsyms = await outpost(["plan", "--config", "/proc/kallsyms"], {
        cwd: dir,
        env: env(),
      });
      assertClean(
        kallsyms,
        /^\/proc\/kallsyms:1:1: error: the file is larger than 1 MiB; the limit is 1 MiB$/m,
      );
    },
  );

  test(
    "invalid UTF-8 in `image:` is an error at its byte, and nothing is sent to Outpost",
    bounded,
    async (t) => {
      const dir = await folder(t);
      await writeFile(join(dir, "outpost.yaml"), invalidUtf8);
      for (const argv of [["validate"], ["plan"], ["apply", "--yes"]]) {
        const run = await outpost(argv, { cwd: dir, env: env() });
        assertClean(
          run,
          /^outpost\.yaml:6:29: error: the file is not valid UTF-8: byte 0xE2 here is not part of a character/m,
        );
      }
      assert.equal(emulator.stats.snapshot().total, 0);
    },
  );

  test(
    "`--secrets-file` and `--state-file`: a FIFO is refused, bad UTF-8 named by its line",
    bounded,
    async (t) => {
      const dir = await folder(t);
      await writeFile(join(dir, "outpost.yaml"), oneService);
      const pipe = fifo(t, dir);
      const secrets = await outpost(["plan", "--secrets-file", pipe], { cwd: dir, env: env() });
      assertClean(
        secrets,
        /^outpost plan: cannot read --secrets-file .*fifo: it is a FIFO \(named pipe\), not a regular file$/m,
        2,
      );
      await writeFile(join(dir, "secrets.env"), Buffer.from([0x41, 0x3d, 0x0a, 0x42, 0x3d, 0xff]));
      const badSecrets = await outpost(["plan", "--secrets-file", "secrets.env"], {
        cwd: dir,
        env: env(),
      });
      assertClean(badSecrets, /secrets\.env: not valid UTF-8: byte 0xFF on line 2, column 3/, 2);
      const state = await outpost(["plan", "--state-file", pipe], { cwd: dir, env: env() });
      assertClean(state, /fifo: it is a FIFO \(named pipe\), not a regular file/);
    },
  );

  test(
    "the bot refuses a PRIVATE_KEY_PATH or OUTPOST_BOT_CONFIG that is a FIFO, naming the variable",
    bounded,
    async (t) => {
      const dir = await folder(t);
      const key = fifo(t, dir, "key.pem");
      const operator = fifo(t, dir, "operator.yaml");
      const child = spawn(process.execPath, ["src/bot/server.ts"], {
        env: {
          PATH: process.env["PATH"] ?? "",
          APP_ID: "1",
          WEBHOOK_SECRET: "s",
          PRIVATE_KEY_PATH: key,
          OUTPOST_BOT_CONFIG: operator,
          OUTPOST_BOT_STATE: join(dir, "state.db"),
          PORT: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      t.after(() => child.kill());
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((resolveExit) =>
        child.on("close", resolveExit),
      );
      assert.equal(code, 1, stderr);
      assert.match(stderr, /PRIVATE_KEY_PATH names .*key\.pem, which cannot be read: it is a FIFO/);
      assert.match(
        stderr,
        /OUTPOST_BOT_CONFIG names .*operator\.yaml, which cannot be read: it is a FIFO/,
      );
      assert.ok(!hasStackTrace(stderr), stderr);
      assert.ok(appKeys().privateKey.length > 0);
    },
  );

  test(
    "the action refuses a GITHUB_EVENT_PATH or a `config` that is a FIFO, with one line",
    bounded,
    async (t) => {
      const bed = await startTestbed(t);
      await bed.writeFile("outpost.yaml", oneService);
      const pipe = fifo(t, bed.scratch);
      const event = await runAction(bed, {
        event: { name: "push", sha: commit("fifo") },
        env: { GITHUB_EVENT_PATH: pipe },
      });
      assert.match(
        failureOf(event),
        /^Cannot read the event payload at .*fifo: it is a FIFO \(named pipe\), not a regular file/,
      );
      fifo(t, bed.workspace, "outpost.fifo.yaml");
      const config = await runAction(bed, {
        event: { name: "push", sha: commit("fifo") },
        inputs: { config: "outpost.fifo.yaml" },
      });
      assert.match(
        failureOf(config),
        /outpost\.fifo\.yaml:1:1: error: cannot read outpost\.fifo\.yaml: it is a FIFO \(named pipe\), not a regular file$/,
      );
      assert.equal(bed.emulator.stats.snapshot().total, 0);
    },
  );
});
