import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  OutpostApiError,
  OutpostNetworkError,
  OutpostTimeoutError,
  OutpostUnexpectedResponseError,
} from "../../src/outpost/errors.ts";
import {
  backoffDelayMs,
  classifyFailure,
  decideRetry,
  defaultRetryPolicy,
  isTransient,
  mayHaveTakenEffect,
  parseRetryAfter,
  type RetryPolicy,
} from "../../src/outpost/retry-policy.ts";

const policy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxElapsedMs: 10_000,
  maxRetryAfterMs: 30_000,
  maxConflictWaitMs: 60_000,
};
const request = { method: "GET", url: "http://127.0.0.1/acme/services" };
const apiError = (status: number, retryAfterSeconds?: number) =>
  new OutpostApiError({
    status,
    apiCode: "x",
    apiMessage: "x",
    requestId: undefined,
    request,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });

test("backoff doubles from the base up to the cap (at the top of the jitter range)", () => {
  const top = () => 0.999_999;
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(policy, retry, top)),
    [99, 199, 399, 799, 999, 999],
  );
});

test("full jitter: every delay lies in [0, min(cap, base·2^(n-1)))", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (retry, r) => {
        const delay = backoffDelayMs(policy, retry, () => r);
        const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
        return Number.isInteger(delay) && delay >= 0 && delay < bound;
      },
    ),
  );
  assert.equal(
    backoffDelayMs(policy, 3, () => 0),
    0,
  );
  assert.equal(
    backoffDelayMs(policy, 3, () => 0.5),
    200,
  );
});

test("failures are classified by what they say about the request", () => {
  const table: [unknown, string, boolean, boolean][] = [
    // error, kind, transient, may have taken effect
    [apiError(429, 3), "rate-limited", true, false],
    [apiError(500), "server-error", true, true],
    [apiError(503), "server-error", true, true],
    [apiError(409), "conflict", false, false],
    [apiError(404), "not-found", false, false],
    [apiError(400), "final", false, false],
    [apiError(401), "final", false, false],
    [apiError(403), "final", false, false],
    [apiError(422), "final", false, false],
    [new OutpostNetworkError(request, false, new Error("refused")), "not-sent", true, false],
    [new OutpostNetworkError(request, true, new Error("reset")), "dropped", true, true],
    [new OutpostTimeoutError(request, 100), "timeout", true, true],
    // An answer off the description: whatever sent it may pass, and a write may have been done.
    [
      new OutpostUnexpectedResponseError(request, 200, "not JSON"),
      "unexpected-response",
      true,
      true,
    ],
    [new DOMException("aborted", "AbortError"), "final", false, false],
  ];
  for (const [error, kind, transient, effect] of table) {
    const failure = classifyFailure(error);
    assert.equal(failure.kind, kind, String(error));
    assert.equal(isTransient(failure), transient, kind);
    assert.equal(mayHaveTakenEffect(failure), effect, kind);
  }
  assert.deepEqual(classifyFailure(apiError(429, 3)), { kind: "rate-limited", retryAfterMs: 3000 });
});

test("decideRetry honours Retry-After exactly, and refuses one beyond the cap", () => {
  const history = { retries: 0, elapsedMs: 0 };
  assert.deepEqual(
    decideRetry(
      policy,
      { kind: "rate-limited", retryAfterMs: 7000 },
      "transient",
      history,
      () => 0.5,
    ),
    { retry: true, delayMs: 7000 },
  );
  assert.deepEqual(
    decideRetry(
      policy,
      { kind: "server-error", retryAfterMs: 2000 },
      "transient",
      history,
      () => 0.5,
    ),
    { retry: true, delayMs: 2000 },
  );
  const tooLong = decideRetry(
    policy,
    { kind: "rate-limited", retryAfterMs: 31_000 },
    "transient",
    history,
    () => 0.5,
  );
  assert.equal(tooLong.retry, false);
  // Without Retry-After, a 429 backs off like any transient failure.
  assert.deepEqual(
    decideRetry(
      policy,
      { kind: "rate-limited", retryAfterMs: undefined },
      "transient",
      history,
      () => 0.5,
    ),
    { retry: true, delayMs: 50 },
  );
});

test("decideRetry stops at maxAttempts and at maxElapsedMs; conflicts have their own allowance", () => {
  const dropped = { kind: "dropped" } as const;
  assert.equal(
    decideRetry(policy, dropped, "transient", { retries: 3, elapsedMs: 0 }, () => 0).retry,
    true,
  );
  assert.equal(
    decideRetry(policy, dropped, "transient", { retries: 4, elapsedMs: 0 }, () => 0).retry,
    false,
  );
  assert.equal(
    decideRetry(policy, dropped, "transient", { retries: 0, elapsedMs: 9_990 }, () => 0.5).retry,
    false,
  );
  // Waiting for a rollout is bounded by time, not by the transient attempt count.
  const conflict = { kind: "conflict" } as const;
  assert.equal(
    decideRetry(policy, conflict, "conflict", { retries: 20, elapsedMs: 30_000 }, () => 0.5).retry,
    true,
  );
  assert.equal(
    decideRetry(policy, conflict, "conflict", { retries: 20, elapsedMs: 59_900 }, () => 0.5).retry,
    false,
  );
});

test("parseRetryAfter reads seconds and HTTP dates", () => {
  const now = Date.parse("2026-03-18T12:00:00Z");
  assert.equal(parseRetryAfter("7", now), 7);
  assert.equal(parseRetryAfter(" 0 ", now), 0);
  assert.equal(parseRetryAfter("Wed, 18 Mar 2026 12:00:30 GMT", now), 30);
  assert.equal(parseRetryAfter("Wed, 18 Mar 2026 11:00:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), undefined);
  assert.equal(parseRetryAfter(undefined, now), undefined);
});

test("the default policy is bounded", () => {
  assert.ok(defaultRetryPolicy.maxAttempts > 1 && defaultRetryPolicy.maxAttempts < 20);
  assert.ok(defaultRetryPolicy.maxDelayMs <= defaultRetryPolicy.maxElapsedMs);
});
