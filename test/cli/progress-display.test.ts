import { test } from "node:test";
import assert from "node:assert/strict";
import type { CliIo } from "../../src/cli/command.ts";
import { colorEnabled, createProgressDisplay } from "../../src/cli/progress-display.ts";

function plainIo(env: Record<string, string> = {}): { io: CliIo; output: () => string } {
  let text = "";
  return {
    io: {
      stdout: { write: (t: string) => (text += t) },
      stderr: { write: () => true },
      cwd: "/",
      env,
    },
    output: () => text,
  };
}

test("without a terminal: one timestamped line per change, state and result, with secrets masked", () => {
  const { io, output } = plainIo();
  const at = new Date("2026-03-18T10:00:00.000Z");
  const display = createProgressDisplay(
    io,
    (text) => text.replaceAll("s3cret", "***"),
    () => at,
  );
  display.event({
    type: "status",
    kind: "service",
    name: "api",
    outpostName: "api",
    status: "deploying",
    readyReplicas: 0,
    minReplicas: 2,
  });
  display.event({
    type: "status",
    kind: "job",
    name: "train",
    outpostName: "train-abc",
    status: "running",
    progress: "Epoch 2/3 - Step 4200/6300",
  });
  display.event({
    type: "done",
    result: {
      kind: "service",
      name: "api",
      outpostName: "api",
      action: "create",
      ok: false,
      message: "health check with s3cret failed",
    },
  });
  display.stop();
  assert.deepEqual(output().split("\n"), [
    "2026-03-18T10:00:00.000Z service api: deploying (0/2 ready)",
    "2026-03-18T10:00:00.000Z job train: running █████████████░░░░░░░ 66% Epoch 2/3 - Step 4200/6300",
    "2026-03-18T10:00:00.000Z service api: FAILED: health check with *** failed",
    "",
  ]);
});

test("colours only on a terminal, and never with NO_COLOR or TERM=dumb", () => {
  assert.equal(colorEnabled(plainIo().io), false);
  const terminal = process.stdout;
  const on = { ...plainIo().io, terminal };
  assert.equal(colorEnabled(on), true);
  assert.equal(colorEnabled({ ...on, env: { NO_COLOR: "1" } }), false);
  assert.equal(colorEnabled({ ...on, env: { TERM: "dumb" } }), false);
});
