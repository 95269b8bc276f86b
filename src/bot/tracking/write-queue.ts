/**
 * A poll cycle's GitHub writes, in the order the budget serves them: by priority (failures,
 * conclusions, state changes, records, progress), then check runs before Deployments before comments,
 * then the longest unwritten first, so that a write deferred in one cycle goes early in the
 * next. When the budget defers a write of an installation, nothing more of that priority or a
 * lower one is tried for it this cycle (and no log is read for it): it is all written later.
 */
import type { BotLog } from "../bot-log.ts";
import type { BudgetedGitHub } from "../budget/budgeted-github.ts";
import { WriteDeferredError } from "../budget/write-budget.ts";
import { priorityRank, type WritePriority } from "../budget/write-priority.ts";
import type { GitHubApi } from "../../github/github-api.ts";
import type { Redact } from "../../render/redaction.ts";
import { failureMessage } from "../failure-message.ts";
import { LeaseLostError } from "../store/store-errors.ts";
import { CommentLockExpiredError } from "../sticky-comment.ts";
import { LeaseExpiredError } from "./write-watch.ts";

/** What a write is of, in the order writes of one priority go. */
export type WriteTarget = "check-run" | "deployment" | "comment" | "hand-off";

const targetOrder: Readonly<Record<WriteTarget, number>> = {
  "check-run": 0,
  deployment: 1,
  comment: 2,
  "hand-off": 3,
};

export interface WriteTask {
  readonly installationId: number;
  readonly priority: WritePriority;
  readonly target: WriteTarget;
  /** The bot's clock at the last write of the same object; null: never written. */
  readonly lastWriteAt: number | null;
  /** For logs: what it writes. */
  readonly label: string;
  /** Hides the namespace's credentials in what a failure says. */
  readonly redact: Redact;
  /** Renders (reading what it needs) and writes; true when GitHub was written. */
  run(github: GitHubApi): Promise<boolean>;
}

export interface WriteReport {
  /** Tasks that wrote to GitHub. */
  readonly written: number;
  /** Tasks left for a later cycle by the budget. */
  readonly deferred: number;
  readonly failed: number;
}

function compare(a: WriteTask, b: WriteTask): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    targetOrder[a.target] - targetOrder[b.target] ||
    (a.lastWriteAt ?? Number.NEGATIVE_INFINITY) - (b.lastWriteAt ?? Number.NEGATIVE_INFINITY)
  );
}

export async function runWrites(
  tasks: readonly WriteTask[],
  github: (installationId: number) => Promise<BudgetedGitHub>,
  log: BotLog,
): Promise<WriteReport> {
  /** Per installation, the most urgent priority the budget deferred this cycle. */
  const exhausted = new Map<number, number>();
  let written = 0;
  let deferred = 0;
  let failed = 0;
  for (const task of [...tasks].sort(compare)) {
    const rank = priorityRank(task.priority);
    if (rank >= (exhausted.get(task.installationId) ?? Number.POSITIVE_INFINITY)) {
      deferred += 1;
      continue;
    }
    try {
      const installation = await github(task.installationId);
      if (await task.run(installation.at(task.priority, "defer"))) written += 1;
    } catch (error) {
      if (error instanceof WriteDeferredError) {
        exhausted.set(task.installationId, rank);
        deferred += 1;
      } else if (
        error instanceof LeaseLostError ||
        error instanceof LeaseExpiredError ||
        error instanceof CommentLockExpiredError
      ) {
        // Another replica has it now.
      } else {
        failed += 1;
        log.warn(
          { write: task.label, error: task.redact(failureMessage(error)) },
          "a GitHub write failed; it is tried again next cycle",
        );
      }
    }
  }
  return { written, deferred, failed };
}
