/**
 * A pull request's previews in a workflow run (preview-policy.ts says when): deploy them at the
 * pull request's head commit — each `<service>-pr-<number>` in the preview namespace, recorded
 * as a transient GitHub Deployment `preview/pr-<number>/<service>` whose URL is the endpoint —
 * or delete them once it is closed. The core plans (src/plan/preview-plan.ts); this module only
 * gathers the run's facts and reports.
 */
import * as core from "@actions/core";
import { previewedServices, type PreviewTarget } from "../config/previews.ts";
import type { OutpostConfig } from "../config/schema.generated.ts";
import { CheckoutFiles } from "../files/checkout-files.ts";
import type { GitHubApi } from "../github/github-api.ts";
import { pullRequestFiles } from "../github/pull-request-files.ts";
import type { OutpostClient } from "../outpost/client.ts";
import { ApplyRefusedError } from "../plan/apply.ts";
import { blockedChanges } from "../plan/plan.ts";
import { planPreviews } from "../plan/preview-plan.ts";
import { applyChanges } from "../plan/reconcile.ts";
import { declaredResources } from "../records/applied-record.ts";
import { GitHubDeploymentRecords } from "../records/deployment-records.ts";
import type { RecordKey } from "../records/record-key.ts";
import { planToText, resultToText } from "../render/text.ts";
import { ApplyLog } from "./apply-log.ts";
import { loadDesired } from "./desired-config.ts";
import type { ActionSettings } from "./inputs.ts";
import type { PullRequestFacts } from "./event.ts";
import { StepFailure, type Progress } from "./run-progress.ts";

export interface PreviewContext {
  readonly document: OutpostConfig;
  readonly pull: PullRequestFacts;
  readonly client: OutpostClient;
  readonly github: GitHubApi;
  readonly recordKey: RecordKey;
  readonly settings: ActionSettings;
  readonly progress: Progress;
  readonly signal: AbortSignal | undefined;
}

/** The files the pull request changes, when a preview's `paths` needs them. */
async function changedFiles(context: PreviewContext): Promise<readonly string[] | undefined> {
  const needed = previewedServices(context.document).some(
    ([, service]) => service.preview.paths !== undefined,
  );
  if (!needed) return undefined;
  const [owner = "", repo = ""] = context.settings.runner.repository.split("/");
  return pullRequestFiles(context.github, { owner, repo }, context.pull.number);
}

export async function runPreviews(
  run: "deploy" | "delete",
  context: PreviewContext,
): Promise<void> {
  const { settings, progress, pull } = context;
  const { inputs, runner } = settings;
  const target: PreviewTarget = {
    pull: pull.number,
    headBranch: pull.headBranch,
    closed: run === "delete",
    changed: run === "delete" ? undefined : await changedFiles(context),
  };
  const desired = await loadDesired(settings, progress, { preview: target });
  if (desired === undefined) return;
  progress.namespace ??= desired.namespace;
  const [owner = "", repo = ""] = runner.repository.split("/");
  const records = new GitHubDeploymentRecords({
    github: context.github,
    owner,
    repo,
    identity: { config: inputs.configPath, environment: desired.environment },
    declared: declaredResources({ services: desired.services.map((s) => s.name), jobs: [] }),
    sha: pull.headSha,
    ...(runner.runUrl === undefined ? {} : { logUrl: runner.runUrl }),
    onWarning: (message) => core.warning(progress.redact(message)),
  });
  const previews = await planPreviews(desired, context.document, context.client, records, {
    files: new CheckoutFiles(runner.workspace),
    concurrency: inputs.concurrency,
    // A preview is disposable: a change of GPU replaces it.
    allowReplace: true,
    recordKey: context.recordKey,
    commit: pull.headSha,
  });
  progress.previews = { planned: previews };
  core.info(progress.redact(planToText(previews.planned.plan)));
  if (previews.refusal !== undefined) {
    throw new StepFailure(`Previews of #${pull.number} refused: ${previews.refusal.message}`);
  }
  const blocked = blockedChanges(previews.planned.plan);
  if (blocked.length > 0) throw new ApplyRefusedError(blocked);
  if (context.signal?.aborted === true) {
    throw new StepFailure("The workflow run was cancelled before its previews were written.");
  }
  const log = new ApplyLog({ redact: progress.redact });
  const result = await applyChanges(previews.planned, context.client, records, {
    concurrency: inputs.concurrency,
    wait: inputs.wait,
    waitForJobs: false,
    timeoutMs: inputs.timeoutMs,
    pollIntervalMs: inputs.pollIntervalMs,
    commit: pull.headSha,
    onEvent: log.onEvent,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  progress.previews = { planned: previews, result };
  core.info(progress.redact(resultToText(result)));
  if (!result.ok) {
    const failed = result.results.filter((r) => !r.ok);
    throw new StepFailure(
      `Previews of #${pull.number}: ${failed.map((r) => `${r.name}: ${r.message ?? "failed"}`).join("; ")}`,
    );
  }
  // A run that only deleted a closed pull request's previews applied that.
  progress.outcome ??= "applied";
}
