/**
 * Runs one client call: attempts, waits between them, and the checks that keep a write from
 * being repeated blindly. What to do after each failure is the call's own rule (recovery.ts);
 * how long to wait is the policy's (retry-policy.ts).
 */
import type { OutpostEventListener } from "./events.ts";
import {
  classifyFailure,
  decideRetry,
  mayHaveTakenEffect,
  type Failure,
  type RetryBudget,
  type RetryPolicy,
} from "./retry-policy.ts";

export interface RetryContext {
  readonly policy: RetryPolicy;
  /** In [0, 1); the jitter's source. */
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly onEvent: OutpostEventListener;
}

/** What the call knows when an attempt fails. */
export interface CallState {
  /** When the call began (our clock, ms). */
  readonly startedAt: number;
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  /** An earlier attempt failed in a way that may have taken effect on the server. */
  readonly earlierMayHaveTakenEffect: boolean;
}

/** The outcome of a check that reads the server's state after an uncertain write. */
export type Found<T> = { readonly value: T; readonly detail: string } | undefined;

export type Next<T> =
  /** Give up: the failure is thrown as is. */
  | { readonly action: "throw" }
  /**
   * Try again after the policy's delay, drawing on `budget`. `check`, when given, runs after the
   * delay and before the attempt: finding that an earlier attempt took effect ends the call.
   */
  | {
      readonly action: "retry";
      readonly budget: RetryBudget;
      readonly check?: () => Promise<Found<T>>;
    }
  /** An earlier attempt took effect: this is the call's result. */
  | { readonly action: "resolve"; readonly value: T; readonly detail: string };

export type FailureRule<T> = (failure: Failure, state: CallState) => Next<T> | Promise<Next<T>>;

export interface Call<T> {
  readonly operation: string;
  /** The resource's name, for events. */
  readonly name: string;
  readonly signal?: AbortSignal | undefined;
  readonly attempt: (attempt: number) => Promise<T>;
  readonly onFailure: FailureRule<T>;
}

export async function runCall<T>(context: RetryContext, call: Call<T>): Promise<T> {
  const { policy, random, sleep, now, onEvent } = context;
  const startedAt = now();
  const retries: Record<RetryBudget, number> = { transient: 0, conflict: 0 };
  let earlierMayHaveTakenEffect = false;
  const recovered = (found: NonNullable<Found<T>>): T => {
    onEvent({
      type: "recovered",
      operation: call.operation,
      name: call.name,
      detail: found.detail,
    });
    return found.value;
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call.attempt(attempt);
    } catch (error) {
      if (call.signal?.aborted) throw error;
      const failure = classifyFailure(error);
      const next = await call.onFailure(failure, { startedAt, attempt, earlierMayHaveTakenEffect });
      earlierMayHaveTakenEffect ||= mayHaveTakenEffect(failure);
      if (next.action === "resolve") return recovered(next);
      if (next.action === "throw") throw error;
      const decision = decideRetry(
        policy,
        failure,
        next.budget,
        { retries: retries[next.budget], elapsedMs: now() - startedAt },
        random,
      );
      if (!decision.retry) {
        // Out of retries, an uncertain write is still worth one look: it may have taken effect.
        const found = next.check ? await next.check() : undefined;
        if (found) return recovered(found);
        onEvent({
          type: "give-up",
          operation: call.operation,
          attempts: attempt,
          reason: decision.reason,
        });
        throw error;
      }
      retries[next.budget] += 1;
      onEvent({
        type: "retry",
        operation: call.operation,
        nextAttempt: attempt + 1,
        delayMs: decision.delayMs,
        reason: failure.kind,
      });
      await sleep(decision.delayMs, call.signal);
      const found = next.check ? await next.check() : undefined;
      if (found) return recovered(found);
    }
  }
}
