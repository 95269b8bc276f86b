/**
 * Whether a poll has something to write for a resource, and how urgent it is (see
 * budget/write-priority.ts): its end — a failure first — whenever it comes; a change of state
 * (its first check run, queued → running, degraded) once the operator's minimum interval since
 * the last write passed; progress only when the list entry changed and the progress schedule
 * (progress-schedule.ts) allows. Nothing else is written.
 */
import type { WritePriority } from "../budget/write-priority.ts";
import type { OperatorConfig } from "../operator-config.ts";
import type { Watch } from "../store/store.ts";
import type { Outcome } from "./outcome.ts";
import type { PollState } from "./poll-state.ts";
import { progressIntervalMs } from "./progress-schedule.ts";

/** The priority of a check run's end. */
export function endPriority(outcome: Outcome): WritePriority {
  return outcome.conclusion === "failure" || outcome.conclusion === "timed_out"
    ? "failure"
    : "conclusion";
}

export interface IntentInput {
  readonly watch: Pick<Watch, "lastWriteAt">;
  readonly state: PollState;
  /** What the poll saw: the Outpost status, the list entry's fingerprint, the outcome. */
  readonly status: string;
  readonly listed: string;
  readonly outcome: Outcome;
  /** Whether GitHub has anything for the resource yet (its check run, or its fleet row). */
  readonly written: boolean;
  readonly now: number;
  readonly operator: Pick<OperatorConfig, "minCheckRunWriteIntervalMs">;
}

/** The write's priority, or undefined when there is nothing to write now. */
export function writeIntent(input: IntentInput): WritePriority | undefined {
  const { state, watch, now, operator } = input;
  if (state.concluded === true) return undefined;
  if (input.outcome.status === "completed") return endPriority(input.outcome);
  if (!input.written || watch.lastWriteAt === null || state.view === undefined) return "state";
  const since = now - watch.lastWriteAt;
  if (since < operator.minCheckRunWriteIntervalMs) return undefined;
  if (input.status !== state.view.status || input.outcome.status !== state.outcome?.status) {
    return "state";
  }
  if (input.listed === state.listed) return undefined;
  const age = now - state.firstSeenAt;
  return since >= progressIntervalMs(age, operator.minCheckRunWriteIntervalMs)
    ? "progress"
    : undefined;
}
