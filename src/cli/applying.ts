/** Applying a plan from the command line: live progress while it runs, then the result. */
import type { ApplyResult } from "../plan/apply.ts";
import { applyChanges } from "../plan/reconcile.ts";
import { applyOutput, jsonText } from "../render/json.ts";
import { resultToText } from "../render/text.ts";
import type { CliIo } from "./command.ts";
import type { Planning } from "./planning.ts";
import { createProgressDisplay } from "./progress-display.ts";

export interface ApplyingSettings {
  readonly json: boolean;
  readonly wait: boolean;
  readonly waitForJobs: boolean;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  /** Stops the apply gracefully (Ctrl-C). */
  readonly signal?: AbortSignal;
}

export async function applyPlanning(
  planning: Planning,
  io: CliIo,
  settings: ApplyingSettings,
): Promise<ApplyResult> {
  const { planned, client, workspace, redact, concurrency } = planning;
  const display = createProgressDisplay(io, redact);
  const result = await applyChanges(planned, client, workspace.records, {
    concurrency,
    wait: settings.wait,
    waitForJobs: settings.waitForJobs,
    timeoutMs: settings.timeoutMs,
    pollIntervalMs: settings.pollIntervalMs,
    ...(settings.signal === undefined ? {} : { signal: settings.signal }),
    ...(workspace.commit === undefined ? {} : { commit: workspace.commit }),
    ...(settings.json ? {} : { onEvent: display.event }),
  }).finally(() => display.stop());
  io.stdout.write(
    settings.json
      ? `${jsonText(applyOutput(planned.plan, result), redact)}\n`
      : `${resultToText(result, redact)}Records: ${workspace.records.location}\n`,
  );
  return result;
}
