/**
 * A job's whole life, planned when it is submitted: each attempt's queue, start, training window
 * and end. Every status, progress, runtime and log line is then a function of emulated time, so
 * a time scale or a manual clock moves a job exactly, and nothing has to run in the background.
 * Only a cancellation changes the plan (it cuts the attempt it lands in).
 */
import type { JobStatus } from "../outpost/types.ts";
import { second } from "./clock.ts";
import type { JobScript } from "./scenario.ts";
import type { Timings } from "./timings.ts";
import { totalSteps, type TrainingShape } from "./training-log.ts";

export type AttemptOutcome = "succeeded" | "failed" | "timed_out" | "cancelled";

export interface Attempt {
  readonly index: number;
  readonly queuedAt: number;
  readonly startAt: number;
  readonly trainStartAt: number;
  readonly trainEndAt: number;
  readonly endAt: number;
  readonly outcome: AttemptOutcome;
  /** The step at which the run failed (scripted). */
  readonly failStep?: number;
}

export interface TimelineInputs {
  readonly createdAt: number;
  readonly shape: TrainingShape;
  readonly timeoutMinutes: number;
  readonly retries: number;
  /** With an output path the run ends by saving and uploading artifacts (105 s in the seed). */
  readonly hasOutput: boolean;
  readonly script: JobScript;
  readonly timings: Timings;
}

/**
 * Milliseconds from an attempt's start to its training window (cloning, installing, loading the
 * model) and from that window's end (saving, uploading). With the seed's six-hour run, 210 s and
 * 105 s put step 4200 of 6300 at four hours of runtime and the last step 105 s before the end,
 * as the seed page's examples show.
 */
function phases(durationMs: number, hasOutput: boolean) {
  const setup = Math.min(210 * second, durationMs * 0.05);
  const finalize = Math.min((hasOutput ? 105 : 15) * second, durationMs * 0.1);
  return { setup, finalize };
}

/** When an attempt's training reaches a step. */
export function timeAtStep(attempt: Attempt, shape: TrainingShape, step: number): number {
  const span = attempt.trainEndAt - attempt.trainStartAt;
  return attempt.trainStartAt + Math.round((span * step) / totalSteps(shape));
}

/** The training step an attempt has reached at a time. */
export function stepAt(attempt: Attempt, shape: TrainingShape, t: number): number {
  const at = Math.min(t, attempt.endAt);
  const total = totalSteps(shape);
  const span = attempt.trainEndAt - attempt.trainStartAt;
  const step =
    at <= attempt.trainStartAt
      ? 0
      : at >= attempt.trainEndAt
        ? total
        : Math.floor((total * (at - attempt.trainStartAt)) / span);
  return attempt.failStep !== undefined && at >= attempt.endAt ? attempt.failStep : step;
}

export function planAttempts(inputs: TimelineInputs): Attempt[] {
  const { shape, script, timings } = inputs;
  const durationMs = (script.durationSeconds ?? timings.jobSecondsPerEpoch * shape.epochs) * second;
  const queueMs = (script.queueSeconds ?? timings.jobQueueSeconds) * second;
  const timeoutMs = inputs.timeoutMinutes * 60 * second;
  const { setup, finalize } = phases(durationMs, inputs.hasOutput);
  const attempts: Attempt[] = [];
  let queuedAt = inputs.createdAt;
  for (let index = 0; ; index++) {
    const startAt = queuedAt + queueMs;
    const base = {
      index,
      queuedAt,
      startAt,
      trainStartAt: startAt + setup,
      trainEndAt: startAt + durationMs - finalize,
    };
    const failStep = script.failAtStep;
    const fails =
      failStep !== undefined &&
      failStep <= totalSteps(shape) &&
      index < (script.failAttempts ?? Infinity);
    let attempt: Attempt = fails
      ? { ...base, endAt: 0, outcome: "failed", failStep }
      : { ...base, endAt: startAt + durationMs, outcome: "succeeded" };
    if (fails) attempt = { ...attempt, endAt: timeAtStep(attempt, shape, failStep) };
    if (attempt.endAt - startAt > timeoutMs) {
      // A run that outlives its timeout is killed there, whatever it would have done next.
      const { failStep: _ignored, ...rest } = attempt;
      attempt = { ...rest, endAt: startAt + timeoutMs, outcome: "timed_out" };
    }
    attempts.push(attempt);
    if (attempt.outcome !== "failed" || index >= inputs.retries) return attempts;
    queuedAt = attempt.endAt;
  }
}

/** The attempt under way or last ended at `t` (undefined never: the first is queued at creation). */
export function attemptAt(attempts: readonly Attempt[], t: number): Attempt {
  const current = attempts.findLast((attempt) => attempt.queuedAt <= t) ?? attempts[0];
  if (!current) throw new Error("A job has at least one attempt.");
  return current;
}

export function finalAttempt(attempts: readonly Attempt[]): Attempt {
  return attemptAt(attempts, Infinity);
}

export function statusAt(attempts: readonly Attempt[], t: number): JobStatus {
  const attempt = attemptAt(attempts, t);
  if (t >= attempt.endAt) return attempt.outcome;
  return t >= attempt.startAt ? "running" : "queued";
}

/** Running time summed over attempts, which is what a job is billed for. */
export function runtimeAt(attempts: readonly Attempt[], t: number): number {
  return attempts.reduce(
    (sum, attempt) => sum + Math.max(0, Math.min(t, attempt.endAt) - attempt.startAt),
    0,
  );
}

/** Cuts the attempt under way at `t`; later attempts never happen. */
export function cancelAt(attempts: readonly Attempt[], t: number): Attempt[] {
  const current = attemptAt(attempts, t);
  const { failStep: _ignored, ...rest } = current;
  return [...attempts.slice(0, current.index), { ...rest, endAt: t, outcome: "cancelled" }];
}
