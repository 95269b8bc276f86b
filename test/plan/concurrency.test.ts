import { test } from "node:test";
import assert from "node:assert/strict";
import { mapConcurrent, RequestLimit } from "../../src/plan/concurrency.ts";

test("at most `limit` calls run at once, all of them run, and a failure frees its slot", async () => {
  const limit = new RequestLimit(3);
  let active = 0;
  let peak = 0;
  const calls = Array.from({ length: 20 }, (_, i) =>
    limit.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 2));
      active--;
      if (i % 5 === 0) throw new Error(`call ${i}`);
      return i;
    }),
  );
  const settled = await Promise.allSettled(calls);
  assert.equal(peak, 3);
  assert.equal(settled.filter((s) => s.status === "fulfilled").length, 16);
  assert.equal(await limit.run(() => Promise.resolve("after")), "after");
});

test("mapConcurrent keeps the items' order whatever order the tasks finish in", async () => {
  let active = 0;
  let peak = 0;
  const results = await mapConcurrent([5, 1, 4, 2, 3], 2, async (delay, index) => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((resolve) => setTimeout(resolve, delay));
    active--;
    return `${index}:${delay}`;
  });
  assert.deepEqual(results, ["0:5", "1:1", "2:4", "3:2", "4:3"]);
  assert.equal(peak, 2);
});
