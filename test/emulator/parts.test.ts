import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCliOptions } from "../../src/cli/emulator-options.ts";
import { createClock, toTimestamp } from "../../src/emulator/clock.ts";
import { centsPerHour, money } from "../../src/emulator/pricing.ts";
import { progressText, trainingLine, trainingShape } from "../../src/emulator/training-log.ts";

test("clock: a time scale multiplies real time, changes without a jump, and advance() adds", () => {
  let real = 0;
  const clock = createClock({ start: 1_000_000, timeScale: 60, realNow: () => real });
  real = 1000;
  assert.equal(clock.now(), 1_000_000 + 60_000);
  clock.setTimeScale(2);
  assert.equal(clock.now(), 1_060_000, "no jump when the scale changes");
  real = 2000;
  assert.equal(clock.now(), 1_062_000);
  clock.advance(5000);
  assert.equal(clock.now(), 1_067_000);
  assert.throws(() => clock.setTimeScale(0), /positive/);
  assert.throws(() => clock.advance(-1), /only moves forward/);

  const manual = createClock({ start: 0, manual: true, realNow: () => real });
  real = 99_999;
  assert.equal(manual.now(), 0);
  manual.advance(1500);
  assert.equal(manual.now(), 1500);
  assert.throws(() => manual.setTimeScale(10), /manual clock/);
});

test("timestamps look like the seed pages' and keep milliseconds only when there are some", () => {
  assert.equal(toTimestamp(Date.parse("2026-03-18T10:00:00Z")), "2026-03-18T10:00:00Z");
  assert.equal(toTimestamp(Date.parse("2026-03-18T10:00:00.250Z")), "2026-03-18T10:00:00.250Z");
});

test("prices reproduce the seed pages' figures", () => {
  const machine = { cpu: 16, memory_gb: 64 };
  assert.equal(money(centsPerHour({ ...machine, gpu: "A100-80GB", gpu_count: 1 })), "3.20");
  assert.equal(money(centsPerHour({ ...machine, gpu: "A100-80GB", gpu_count: 4 })), "12.80");
  assert.equal(money(centsPerHour({ ...machine, gpu: "L4", gpu_count: 1 })), "0.80");
  assert.equal(money(centsPerHour({ gpu: "none", gpu_count: 1, cpu: 4, memory_gb: 16 })), "0.24");
  assert.equal(money(7680), "76.80");
  assert.equal(money(5), "0.05");
});

test("training lines and progress follow the seed page's formats", () => {
  const shape = trainingShape("python train.py --epochs 3 --lr 2e-5", 2100, "job_6e5d4c3b2a1f");
  assert.equal(progressText(shape, 4200), "Epoch 2/3 - Step 4200/6300");
  assert.equal(progressText(shape, 4201), "Epoch 3/3 - Step 4201/6300");
  assert.match(
    trainingLine(shape, 6280),
    /^\[Epoch 3\/3\] Step 6280\/6300 \| Loss: 0\.0\d{3} \| LR: \d\.\de-8$/,
  );
  assert.match(trainingLine(shape, 6300), /\| LR: 0\.0$/);
  const five = trainingShape("torchrun main.py --epochs=5", 100, "x");
  assert.equal(progressText(five, 0), "Epoch 1/5 - Step 0/500");
});

test("command line: grants, API keys, faults and defaults", () => {
  const settings = parseCliOptions([
    "--port",
    "0",
    "--token",
    "ci-token=acme,beta",
    "--token",
    "padded==",
    "--token",
    "API-Key ci$sk_live_1=acme",
    "--api-key",
    "deploy$sk_live_2",
    "--time-scale",
    "600",
    "--error-rate",
    "0.1",
    "--fault-operations",
    "createService,createJob",
  ]);
  assert.deepEqual(settings.options.credentials, [
    { token: "ci-token", namespaces: ["acme", "beta"] },
    { token: "padded==", namespaces: "*" },
    { apiKey: "ci$sk_live_1", namespaces: ["acme"] },
    { apiKey: "deploy$sk_live_2", namespaces: "*" },
  ]);
  assert.equal(settings.options.port, 0);
  assert.equal(settings.options.timeScale, 600);
  assert.deepEqual(settings.options.faults, {
    errorRate: 0.1,
    operations: ["createService", "createJob"],
  });
  assert.equal(parseCliOptions([]).options.port, 8787);
  assert.throws(() => parseCliOptions(["--api-key", "no-secret"]), /<name>\$<secret>/);
  assert.throws(() => parseCliOptions(["--port", "70000"]), /port/);
  assert.throws(() => parseCliOptions(["--colour"]), /Unknown option/);
});
