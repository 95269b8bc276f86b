import { test } from "node:test";
import assert from "node:assert/strict";
import { parseProgress, progressBar } from "../../src/render/progress.ts";

test("progress text is read as the step fraction, whatever else it says", () => {
  const cases: [string | null, number | undefined][] = [
    ["Epoch 2/3 - Step 4200/6300", 4200 / 6300],
    ["Step 10/10", 1],
    ["Epoch 1/4", 0.25],
    ["processing shard 3/8", 3 / 8],
    ["warming up", undefined],
    ["Step 5/0", undefined],
    [null, undefined],
  ];
  for (const [text, fraction] of cases)
    assert.equal(parseProgress(text).fraction, fraction, String(text));
});

test("the bar has a fixed width and a floored percentage", () => {
  assert.equal(progressBar(0.5, 10), "█████░░░░░ 50%");
  assert.equal(progressBar(0.999, 4), "████ 99%");
  assert.equal(progressBar(0, 4), "░░░░ 0%");
});
