/**
 * What a run of the action learns as it goes — for the job summary and outputs written at its
 * end, whatever happened — and the failure whose message says everything.
 */
import type { Problem } from "../config/problems.ts";
import type { ApplyResult } from "../plan/apply.ts";
import type { PlannedPreviews } from "../plan/preview-plan.ts";
import type { PlannedChanges } from "../plan/reconcile.ts";
import type { Redact } from "../render/redaction.ts";
import type { RunOutcome } from "../render/run-report.ts";

/** A failure whose message says everything: reported without a stack trace. */
export class StepFailure extends Error {
  readonly code = "step_failed";
}

export interface Progress {
  /** Masks every credential and secret known so far. */
  redact: Redact;
  context: string;
  commit?: string;
  namespace?: string;
  outcome?: Exclude<RunOutcome, "failed">;
  problems?: readonly Problem[];
  planned?: PlannedChanges;
  result?: ApplyResult;
  planMs?: number;
  resourceTimings?: readonly { resource: string; ms: number }[];
  /** A pull request's previews, planned and perhaps applied. */
  previews?: { planned: PlannedPreviews; result?: ApplyResult };
  failure?: string;
}
