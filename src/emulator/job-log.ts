/**
 * The log of an emulated job, derived from its timeline: queueing, start, one training line per
 * `jobLogEverySteps` steps, then the ending of each attempt (the seed page's saving and upload
 * lines on success, a traceback on a scripted failure, SIGTERM then SIGKILL after the grace
 * period on cancellation or timeout).
 */
import { second } from "./clock.ts";
import { stepAt, timeAtStep, type Attempt } from "./job-timeline.ts";
import { inOrder, type TimedLine } from "./log-window.ts";
import type { Timings } from "./timings.ts";
import { formatLoss, loss, totalSteps, trainingLine, type TrainingShape } from "./training-log.ts";

export interface JobLogInputs {
  readonly id: string;
  readonly namespace: string;
  readonly command: string;
  readonly source: string;
  readonly machine: string;
  readonly retries: number;
  readonly timeoutMinutes: number;
  readonly outputPath: string | undefined;
  readonly artifactsGb: number;
  readonly exitCode: number;
  readonly failMessage: string;
  readonly shape: TrainingShape;
  readonly timings: Timings;
}

export function lastPathSegment(path: string): string {
  return path.replace(/\/+$/, "").split("/").pop() || "output";
}

function endingLines(job: JobLogInputs, attempt: Attempt): TimedLine[] {
  const end = attempt.endAt;
  const grace = job.timings.killGraceSeconds;
  const kill = (reason: string): TimedLine[] => [
    {
      at: end,
      message: `${reason} Sending SIGTERM; processes still running after ${grace}s get SIGKILL.`,
    },
    { at: end + grace * second, message: `Grace period of ${grace}s elapsed. Sending SIGKILL.` },
  ];
  switch (attempt.outcome) {
    case "succeeded": {
      const finalLoss = `Training complete. Final loss: ${formatLoss(loss(job.shape, totalSteps(job.shape)))}`;
      const span = end - attempt.trainEndAt;
      // The seed page's timings: 15 s, 30 s, 60 s, 90 s and 105 s after the last step.
      const after = (seconds: number) => attempt.trainEndAt + Math.round((span * seconds) / 105);
      if (job.outputPath === undefined) {
        return [
          { at: after(52), message: finalLoss },
          { at: end, message: "Done." },
        ];
      }
      const folder = lastPathSegment(job.outputPath);
      return [
        { at: after(15), message: finalLoss },
        {
          at: after(30),
          message: `Saving checkpoint to ${job.outputPath.replace(/\/+$/, "")}/final...`,
        },
        {
          at: after(60),
          message: `Checkpoint saved. Total size: ${job.artifactsGb.toFixed(1)} GB`,
        },
        { at: after(90), message: "Uploading artifacts..." },
        { at: end, message: `Done. Artifacts uploaded to ${job.namespace}/${job.id}/${folder}` },
      ];
    }
    case "failed":
      return [
        { at: end, message: "Traceback (most recent call last):" },
        { at: end, message: `  File "train.py", line 214, in <module>` },
        { at: end, message: "    trainer.train()" },
        { at: end, message: job.failMessage },
        { at: end, message: `Process exited with code ${job.exitCode}.` },
      ];
    case "timed_out":
      return kill(`Job exceeded its timeout of ${job.timeoutMinutes} minutes.`);
    case "cancelled":
      return end < attempt.startAt
        ? [{ at: end, message: "Job cancelled before it started." }]
        : kill("Cancellation requested.");
  }
}

function attemptLines(job: JobLogInputs, attempt: Attempt, from: number, t: number): TimedLine[] {
  const lines: TimedLine[] = [
    {
      at: attempt.queuedAt,
      message:
        attempt.index === 0
          ? `Job queued: waiting for ${job.machine}.`
          : `Retry ${attempt.index} of ${job.retries}: job queued again.`,
    },
  ];
  if (attempt.startAt < attempt.endAt && attempt.startAt <= t) {
    lines.push(
      { at: attempt.startAt, message: `Starting on ${job.machine}.` },
      { at: attempt.startAt, message: job.source },
      { at: attempt.trainStartAt, message: `$ ${job.command}` },
    );
    const every = job.timings.jobLogEverySteps;
    const reached = stepAt(attempt, job.shape, t);
    const failStep = attempt.failStep ?? Infinity;
    // Lines up to `from` are not wanted: start at the last step printed by then.
    const first = Math.max(every, Math.floor(stepAt(attempt, job.shape, from) / every) * every);
    for (let step = first; step <= reached && step < failStep; step += every) {
      lines.push({
        at: timeAtStep(attempt, job.shape, step),
        message: trainingLine(job.shape, step),
      });
    }
  }
  lines.push(...endingLines(job, attempt));
  return lines.filter((line) => line.at > from && line.at <= t);
}

/**
 * The lines the job has printed by `t`, in order; with `after`, only those after it (the same
 * lines, with the same timestamps, as the full log has after it).
 */
export function jobLogLines(
  job: JobLogInputs,
  attempts: readonly Attempt[],
  t: number,
  after = -Infinity,
): TimedLine[] {
  // Lines of one instant get distinct timestamps in `inOrder`; a second of margin keeps such a
  // cluster whole, so its timestamps do not depend on `after`.
  const from = after - second;
  const lines = inOrder(
    attempts
      .filter((attempt) => attempt.queuedAt <= t && attempt.endAt + killMargin(job) > from)
      .flatMap((attempt) => attemptLines(job, attempt, from, t)),
  );
  return lines.filter((line) => line.at > after);
}

function killMargin(job: JobLogInputs): number {
  return (job.timings.killGraceSeconds + 1) * second;
}

/** When the job prints its last line (the SIGKILL notice comes after the end). */
export function lastLineAt(job: JobLogInputs, attempts: readonly Attempt[]): number {
  const last = attempts.at(-1);
  if (!last) return 0;
  return Math.max(...endingLines(job, last).map((line) => line.at));
}
