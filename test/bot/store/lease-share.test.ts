import { test } from "node:test";
import assert from "node:assert/strict";
import { claimLimits, leaseMoves } from "../../../src/bot/store/lease-share.ts";

test("a replica moves towards its fair share, capped by its limit", () => {
  const infinite = Number.POSITIVE_INFINITY;
  const cases = [
    // [active, live replicas, held, limit] → [release, claim]
    { counts: [50, 1, 0, infinite], moves: [0, 50], why: "alone, it takes everything" },
    { counts: [50, 3, 0, infinite], moves: [0, 17], why: "a third, rounded up" },
    { counts: [50, 3, 50, infinite], moves: [33, 0], why: "hands back what others should hold" },
    { counts: [50, 2, 17, infinite], moves: [0, 8], why: "a dead replica's share is taken over" },
    { counts: [50, 3, 17, infinite], moves: [0, 0], why: "stable at its share" },
    { counts: [50, 1, 0, 20], moves: [0, 20], why: "the limit caps" },
    { counts: [50, 1, 30, 20], moves: [10, 0], why: "a lowered limit hands back" },
    { counts: [0, 3, 0, infinite], moves: [0, 0], why: "nothing to do" },
    { counts: [5, 0, 0, infinite], moves: [0, 5], why: "counts itself even if not counted" },
  ] as const;
  for (const { counts, moves, why } of cases) {
    const [active, liveReplicas, held, limit] = counts;
    assert.deepEqual(
      leaseMoves({ active, liveReplicas, held }, limit),
      { release: moves[0], claim: moves[1] },
      why,
    );
  }
});

test("claim options are checked", () => {
  assert.deepEqual(claimLimits({ leaseMs: 30_000 }), {
    leaseMs: 30_000,
    limit: Number.POSITIVE_INFINITY,
  });
  assert.deepEqual(claimLimits({ leaseMs: 30_000, limit: 5 }), { leaseMs: 30_000, limit: 5 });
  for (const options of [
    { leaseMs: 0 },
    { leaseMs: -1 },
    { leaseMs: 1.5 },
    { leaseMs: Number.NaN },
    { leaseMs: 1_000, limit: 0 },
    { leaseMs: 1_000, limit: 2.5 },
  ]) {
    assert.throws(
      () => claimLimits(options),
      { code: "STORE_INVALID_ARGUMENT" },
      JSON.stringify(options),
    );
  }
});
