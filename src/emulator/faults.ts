/**
 * Fault injection: latency, a share of 500s, 429s with `Retry-After`, 409s, and dropped
 * connections, either before the emulator acts on a request or after (the change is made but
 * the answer is lost, which is what makes blind POST retries dangerous). Shares are drawn from a
 * seeded generator, one draw per eligible request, so a run is reproducible; one-shot faults hit
 * exactly the next matching requests.
 */
import type { Operation } from "../outpost/description.ts";
import { createRandom } from "./random.ts";

export type FaultKind = "error" | "rate_limit" | "conflict" | "drop" | "drop_after";

export interface FaultSettings {
  /** Added to every eligible request, in real milliseconds. */
  readonly latencyMs?: number;
  /** Share (0..1) answered 500. */
  readonly errorRate?: number;
  /** Share answered 429 with `Retry-After: retryAfterSeconds`. */
  readonly rateLimitRate?: number;
  readonly retryAfterSeconds?: number;
  /** Share answered 409, among operations whose description lists 409. */
  readonly conflictRate?: number;
  /** Share whose connection is destroyed before the emulator acts. */
  readonly dropRate?: number;
  /** Share whose connection is destroyed after the emulator acted. */
  readonly dropAfterRate?: number;
  /** Operation ids the faults apply to; default all. */
  readonly operations?: readonly string[];
  /** Seed of the draws; setting faults restarts the sequence. */
  readonly seed?: number;
}

export interface OneShotFault {
  readonly kind: FaultKind;
  /** Only requests to this operation id; default any. */
  readonly operation?: string;
  /** How many matching requests it hits; default 1. */
  readonly times?: number;
  /** For `rate_limit`; default 1. */
  readonly retryAfterSeconds?: number;
}

export interface FaultDecision {
  readonly latencyMs: number;
  readonly kind: FaultKind | undefined;
  readonly retryAfterSeconds: number;
}

export class FaultError extends Error {
  readonly code = "invalid_faults";
}

const rateKeys = [
  ["dropRate", "drop"],
  ["rateLimitRate", "rate_limit"],
  ["errorRate", "error"],
  ["conflictRate", "conflict"],
  ["dropAfterRate", "drop_after"],
] as const;

const kinds: readonly FaultKind[] = ["error", "rate_limit", "conflict", "drop", "drop_after"];

function checkSettings(settings: FaultSettings): void {
  let sum = 0;
  for (const [key] of rateKeys) {
    const rate = settings[key] ?? 0;
    if (!(rate >= 0 && rate <= 1)) throw new FaultError(`${key} must be between 0 and 1.`);
    sum += rate;
  }
  if (sum > 1) throw new FaultError("The fault rates add up to more than 1.");
  for (const key of ["latencyMs", "retryAfterSeconds"] as const) {
    const value = settings[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new FaultError(`${key} must be a non-negative number.`);
    }
  }
}

/** Whether an operation can answer the fault as the description lists its responses. */
function fits(kind: FaultKind, operation: Operation): boolean {
  return kind !== "conflict" || operation.statuses.includes(409);
}

export class Faults {
  #settings: FaultSettings = {};
  #random = createRandom(0);
  #queue: { fault: OneShotFault; remaining: number }[] = [];

  set(settings: FaultSettings): void {
    checkSettings(settings);
    this.#settings = { ...settings };
    this.#random = createRandom(settings.seed ?? 0);
  }

  inject(fault: OneShotFault): void {
    if (!kinds.includes(fault.kind)) {
      throw new FaultError(`kind must be one of ${kinds.join(", ")}.`);
    }
    const times = fault.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new FaultError("times must be a positive integer.");
    this.#queue.push({ fault: { ...fault }, remaining: times });
  }

  clear(): void {
    this.#settings = {};
    this.#queue = [];
    this.#random = createRandom(0);
  }

  get settings(): FaultSettings {
    return this.#settings;
  }

  /** Decides the fate of one request to an operation. */
  decide(operation: Operation): FaultDecision {
    const oneShot = this.#queue.find(
      (entry) =>
        (entry.fault.operation === undefined || entry.fault.operation === operation.operationId) &&
        fits(entry.fault.kind, operation),
    );
    if (oneShot) {
      oneShot.remaining -= 1;
      if (oneShot.remaining === 0) this.#queue.splice(this.#queue.indexOf(oneShot), 1);
      return {
        latencyMs: 0,
        kind: oneShot.fault.kind,
        retryAfterSeconds: oneShot.fault.retryAfterSeconds ?? 1,
      };
    }
    const settings = this.#settings;
    const retryAfterSeconds = settings.retryAfterSeconds ?? 1;
    if (settings.operations !== undefined && !settings.operations.includes(operation.operationId)) {
      return { latencyMs: 0, kind: undefined, retryAfterSeconds };
    }
    const latencyMs = settings.latencyMs ?? 0;
    if (!rateKeys.some(([key]) => (settings[key] ?? 0) > 0)) {
      return { latencyMs, kind: undefined, retryAfterSeconds };
    }
    let draw = this.#random();
    for (const [key, kind] of rateKeys) {
      draw -= settings[key] ?? 0;
      if (draw < 0)
        return { latencyMs, kind: fits(kind, operation) ? kind : undefined, retryAfterSeconds };
    }
    return { latencyMs, kind: undefined, retryAfterSeconds };
  }
}
