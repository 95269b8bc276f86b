/**
 * When a failed Outpost call is tried again, and after how long: pure decisions over a failure
 * and the call's history, so that they can be tested without a clock or a server.
 *
 * Delays grow exponentially with full jitter (a random delay between 0 and the capped
 * exponential), which spreads the retries of many clients hit by the same outage. A server's
 * `Retry-After` is obeyed exactly; one longer than `maxRetryAfterMs` ends the retries instead of
 * calling back early.
 */
import {
  OutpostApiError,
  OutpostNetworkError,
  OutpostTimeoutError,
  OutpostUnexpectedResponseError,
} from "./errors.ts";

export interface RetryPolicy {
  /** Attempts in all, the first included, while failures are transient (429, 5xx, network). */
  readonly maxAttempts: number;
  /** The first backoff's upper bound; each further retry doubles it. */
  readonly baseDelayMs: number;
  /** No backoff is longer than this. */
  readonly maxDelayMs: number;
  /** No retry for a transient failure starts later than this after the call began. */
  readonly maxElapsedMs: number;
  /** The longest `Retry-After` waited for. */
  readonly maxRetryAfterMs: number;
  /** How long after the call began a write still waits for a rollout in progress (409). */
  readonly maxConflictWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 120_000,
  maxRetryAfterMs: 120_000,
  maxConflictWaitMs: 900_000,
};

/** What went wrong with one attempt, as far as retrying is concerned. */
export type Failure =
  | { readonly kind: "rate-limited"; readonly retryAfterMs: number | undefined }
  | { readonly kind: "server-error"; readonly retryAfterMs: number | undefined }
  | { readonly kind: "not-sent" }
  | { readonly kind: "dropped" }
  | { readonly kind: "timeout" }
  /**
   * An answer the description does not list: whatever sent it (a proxy, a portal, a server in
   * trouble) may pass, and a write it answered may have been done.
   */
  | { readonly kind: "unexpected-response" }
  /** `apiCode` is the error body's code, e.g. `already_exists` when a create's name is taken. */
  | { readonly kind: "conflict"; readonly apiCode?: string }
  | { readonly kind: "not-found" }
  /** Any other answer or error: retrying cannot help (400, 401, 403, 422, aborted by the caller). */
  | { readonly kind: "final" };

export function classifyFailure(error: unknown): Failure {
  if (error instanceof OutpostApiError) {
    const retryAfterMs =
      error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
    if (error.status === 429) return { kind: "rate-limited", retryAfterMs };
    if (error.status >= 500) return { kind: "server-error", retryAfterMs };
    if (error.status === 409) {
      return error.apiCode === undefined
        ? { kind: "conflict" }
        : { kind: "conflict", apiCode: error.apiCode };
    }
    if (error.status === 404) return { kind: "not-found" };
    return { kind: "final" };
  }
  if (error instanceof OutpostNetworkError) {
    return error.mayHaveReachedServer ? { kind: "dropped" } : { kind: "not-sent" };
  }
  if (error instanceof OutpostTimeoutError) return { kind: "timeout" };
  if (error instanceof OutpostUnexpectedResponseError) return { kind: "unexpected-response" };
  return { kind: "final" };
}

/** Whether the failed attempt may still have changed something on the server. */
export function mayHaveTakenEffect(failure: Failure): boolean {
  return (
    failure.kind === "server-error" ||
    failure.kind === "dropped" ||
    failure.kind === "timeout" ||
    failure.kind === "unexpected-response"
  );
}

/** Failures that say nothing about the request itself: the same request may succeed later. */
export function isTransient(failure: Failure): boolean {
  return (
    failure.kind === "rate-limited" || failure.kind === "not-sent" || mayHaveTakenEffect(failure)
  );
}

/** Full jitter: uniform in [0, min(maxDelay, base · 2^(retry-1))). `retry` counts from 1. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  return Math.floor(random() * Math.min(policy.maxDelayMs, exponential));
}

/** Which allowance a retry draws on: transient failures, or waiting out a rollout (409). */
export type RetryBudget = "transient" | "conflict";

export interface RetryHistory {
  /** Retries already made from this budget. */
  readonly retries: number;
  /** Time since the call began. */
  readonly elapsedMs: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number }
  | { readonly retry: false; readonly reason: string };

/** Whether to retry after `failure`, and after how long. */
export function decideRetry(
  policy: RetryPolicy,
  failure: Failure,
  budget: RetryBudget,
  history: RetryHistory,
  random: () => number,
): RetryDecision {
  const retry = history.retries + 1;
  if (budget === "transient" && retry >= policy.maxAttempts) {
    return { retry: false, reason: `gave up after ${policy.maxAttempts} attempts` };
  }
  const asked = "retryAfterMs" in failure ? failure.retryAfterMs : undefined;
  if (asked !== undefined && asked > policy.maxRetryAfterMs) {
    return {
      retry: false,
      reason: `the server asked to wait ${asked / 1000} s, longer than ${policy.maxRetryAfterMs / 1000} s`,
    };
  }
  const delayMs = asked ?? backoffDelayMs(policy, retry, random);
  const limit = budget === "transient" ? policy.maxElapsedMs : policy.maxConflictWaitMs;
  if (history.elapsedMs + delayMs > limit) {
    return { retry: false, reason: `gave up after ${Math.round(history.elapsedMs / 1000)} s` };
  }
  return { retry: true, delayMs };
}

/** A `Retry-After` header (seconds, or an HTTP date) as seconds from `nowMs`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
