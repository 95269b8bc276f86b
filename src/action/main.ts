/**
 * The GitHub Action: read the settings, decide what this event may do, then validate, plan and
 * apply with the same core as the CLI and the bot, and report to the workflow — log (one group
 * per resource), annotations on outpost.yaml, job summary, outputs — and to GitHub Deployments.
 */
import * as core from "@actions/core";
import type { DesiredState } from "../config/desired-state.ts";
import { validateConfig } from "../config/load.ts";
import { redactor } from "../config/secrets.ts";
import { previewedServices } from "../config/previews.ts";
import { CheckoutFiles } from "../files/checkout-files.ts";
import type { GitHubApi } from "../github/github-api.ts";
import { DeploymentRecordsError, GitHubDeploymentRecords } from "../records/deployment-records.ts";
import type { OutpostClient } from "../outpost/client.ts";
import type { Credentials } from "../outpost/credentials.ts";
import { OutpostApiError, OutpostError } from "../outpost/errors.ts";
import { declaredResources, type RecordStore } from "../records/applied-record.ts";
import {
  credentialRecordKey,
  dedicatedRecordKey,
  RecordKeyError,
  type RecordKey,
} from "../records/record-key.ts";
import { ApplyRefusedError, type ApplyResult } from "../plan/apply.ts";
import { blockedChanges } from "../plan/plan.ts";
import { applyChanges, planChanges, type PlannedChanges } from "../plan/reconcile.ts";
import type { Redact } from "../render/redaction.ts";
import { runReportToMarkdown } from "../render/run-report.ts";
import { planToText, resultToText } from "../render/text.ts";
import { userAgent } from "../version.ts";
import { ApplyLog } from "./apply-log.ts";
import { reportClientEvent } from "./client-events.ts";
import { loadDesired, reportProblems } from "./desired-config.ts";
import { InputError } from "./input-error.ts";
import { readSettings, type ActionInputs, type ActionSettings } from "./inputs.ts";
import { JobLogStreams } from "./job-log-streams.ts";
import { deployedRefs, runEnvironment } from "./environment-target.ts";
import { decideRun } from "./event-policy.ts";
import { decidePreviews } from "./preview-policy.ts";
import { runPreviews } from "./previews.ts";
import { actionOutputs } from "./outputs.ts";
import { checkRequestedNames } from "./requested-names.ts";
import { StepFailure, type Progress } from "./run-progress.ts";

export interface RunOptions {
  /** Aborted (with the signal's name) when the runner stops the step: a cancelled workflow run. */
  readonly signal?: AbortSignal;
}

export async function run(options: RunOptions = {}): Promise<void> {
  let settings: ActionSettings;
  try {
    settings = readSettings();
  } catch (error) {
    // Nothing is known yet to summarise; the message names the input.
    core.setFailed(failureMessage(error));
    return;
  }
  const progress: Progress = { redact: redactor(settings.sensitive), context: "" };
  try {
    await execute(settings, progress, options.signal);
  } catch (error) {
    progress.failure = progress.redact(failureMessage(error));
    if (!isExpected(error) && error instanceof Error && error.stack)
      core.debug(progress.redact(error.stack));
  } finally {
    await finish(settings, progress);
  }
  const stopped: unknown = options.signal?.aborted === true ? options.signal.reason : undefined;
  // 128 + the signal's number, as a process stopped by it reports.
  if (stopped === "SIGINT") process.exitCode = 130;
  if (stopped === "SIGTERM") process.exitCode = 143;
}

async function execute(
  settings: ActionSettings,
  progress: Progress,
  signal: AbortSignal | undefined,
): Promise<void> {
  const { inputs, runner } = settings;
  // The file's environments say which refs deploy; read offline, before anything else is.
  const { document } = await validateConfig({ path: inputs.configPath, cwd: runner.workspace });
  const decision = decideRun({
    mode: inputs.mode,
    event: runner.event,
    ref: runner.ref,
    repository: runner.repository,
    deploys: deployedRefs(document, inputs.deployBranch),
    hasCredentials: inputs.credentials !== undefined,
  });
  progress.context = decision.reason;
  progress.commit = runner.sha;
  if (decision.run === "refuse") throw new StepFailure(decision.reason);
  if (decision.run === "validate") {
    core.notice(decision.reason);
    const { problems } = await validateConfig({ path: inputs.configPath, cwd: runner.workspace });
    reportProblems(problems, progress);
    progress.outcome = "validated";
    return;
  }
  core.info(decision.reason);
  const previews = decidePreviews({
    mode: inputs.mode,
    event: runner.event,
    hasCredentials: inputs.credentials !== undefined,
    hasPreviews: document !== undefined && previewedServices(document).length > 0,
  });
  if (previews.run !== "none") core.info(`Previews: ${previews.reason}`);
  const pull = runner.event.pullRequest;
  // A closed pull request's run only deletes its previews: there is nothing left to plan.
  const closing = previews.run === "delete";
  const choice =
    document === undefined || closing
      ? { environment: inputs.environment }
      : runEnvironment(document, runner.event, runner.ref, inputs.environment);
  if ("refusal" in choice) throw new StepFailure(choice.refusal);
  const { credentials, githubToken } = requireTokens(inputs);
  const recordKey = readRecordKey(inputs, credentials);
  // Only planning and applying talk to Outpost and GitHub: validation never loads their clients.
  const clients = Promise.all([
    import("../outpost/client.ts"),
    import("../github/github-client.ts"),
  ]);
  const desired = closing
    ? undefined
    : await loadDesired(settings, progress, { environment: choice.environment });
  if (desired === undefined && !closing) return;
  const [{ OutpostClient }, { createGitHubClient }] = await clients;
  const github = createGitHubClient(githubToken, { baseUrl: runner.githubApiUrl, userAgent });
  const client = new OutpostClient({
    baseUrl: inputs.apiUrl,
    credentials,
    userAgentComment: "github-action",
    queuedPollMs: inputs.pollIntervalMs,
    onEvent: reportClientEvent,
  });
  try {
    if (desired !== undefined) {
      const session: Session = { client, github, recordKey, settings, progress, signal };
      await planAndApply(desired, decision.run, session);
    }
    if (previews.run !== "none" && document !== undefined && pull !== undefined) {
      await runPreviews(previews.run, {
        document,
        pull,
        client,
        github,
        recordKey,
        settings,
        progress,
        signal,
      });
    }
  } finally {
    await client.close();
  }
}

/** The environment's plan, applied when the run applies. */
async function planAndApply(
  desired: DesiredState,
  run: "apply" | "plan",
  session: Session,
): Promise<void> {
  const { settings, progress } = session;
  const { inputs, runner } = settings;
  checkRequestedNames(inputs, desired);
  progress.namespace = desired.namespace;
  const [owner = "", repo = ""] = runner.repository.split("/");
  const records = new GitHubDeploymentRecords({
    github: session.github,
    owner,
    repo,
    identity: { config: inputs.configPath, environment: desired.environment },
    declared: declaredResources({
      services: desired.services.map((service) => service.name),
      jobs: desired.jobs.map((job) => job.key),
    }),
    sha: runner.sha,
    ...(runner.runUrl === undefined ? {} : { logUrl: runner.runUrl }),
    onWarning: (message) => core.warning(progress.redact(message)),
  });
  const planned = await plan(desired, records, session);
  const blocked = blockedChanges(planned.plan);
  if (run === "plan") {
    if (blocked.length > 0) core.warning(progress.redact(new ApplyRefusedError(blocked).message));
    progress.outcome = "planned";
    return;
  }
  // Refused before the first write, so nothing is half-applied.
  if (blocked.length > 0) throw new ApplyRefusedError(blocked);
  if (session.signal?.aborted === true) {
    throw new StepFailure("The workflow run was cancelled before applying; nothing was written.");
  }
  await applyPlanned(planned, records, session);
}

/** The records key: the `records-key` input, else derived from the Outpost credential. */
function readRecordKey(inputs: ActionInputs, credentials: Credentials): RecordKey {
  if (inputs.recordsKey === undefined) return credentialRecordKey(credentials);
  try {
    return dedicatedRecordKey(inputs.recordsKey, "`records-key`");
  } catch (error) {
    if (error instanceof RecordKeyError) throw new InputError("records-key", error.message);
    throw error;
  }
}

function requireTokens(inputs: ActionInputs): { credentials: Credentials; githubToken: string } {
  if (inputs.credentials === undefined) {
    throw new InputError(
      "token",
      "Set `token` (an Outpost access token, e.g. `token: ${{ secrets.OUTPOST_TOKEN }}`) or `api-key`.",
    );
  }
  if (inputs.githubToken === undefined) {
    throw new InputError(
      "github-token",
      "`github-token` is empty: Outpost keeps what it applied in GitHub Deployments. Leave the input at its default, `${{ github.token }}`.",
    );
  }
  return { credentials: inputs.credentials, githubToken: inputs.githubToken };
}

/** What planning and applying share once the config is loaded. */
interface Session {
  readonly client: OutpostClient;
  readonly github: GitHubApi;
  readonly recordKey: RecordKey;
  readonly settings: ActionSettings;
  readonly progress: Progress;
  readonly signal: AbortSignal | undefined;
}

async function plan(
  desired: DesiredState,
  records: RecordStore,
  session: Session,
): Promise<PlannedChanges> {
  const { client, progress } = session;
  const { inputs, runner } = session.settings;
  const started = Date.now();
  const planned = await planChanges(desired, client, records, {
    files: new CheckoutFiles(runner.workspace),
    concurrency: inputs.concurrency,
    allowReplace: inputs.allowReplace,
    prune: inputs.prune,
    redeploy: inputs.redeploy,
    runJobs: inputs.jobs,
    cancelSuperseded: inputs.cancelSuperseded,
    recordKey: session.recordKey,
    commit: runner.sha,
    // Every attempt of a workflow run is one request: a re-run submits nothing twice.
    ...(runner.runId === undefined ? {} : { request: `workflow-run:${runner.runId}` }),
  });
  progress.planMs = Date.now() - started;
  progress.planned = planned;
  core.info(progress.redact(planToText(planned.plan)));
  return planned;
}

async function applyPlanned(
  planned: PlannedChanges,
  records: RecordStore,
  session: Session,
): Promise<void> {
  const { client, progress } = session;
  const { inputs, runner } = session.settings;
  const { redact } = progress;
  const streams = new JobLogStreams(client, planned.desired.namespace, redact);
  const log = new ApplyLog({
    redact,
    ...(inputs.waitForJobs ? { onJobRunning: (key, runName) => streams.follow(key, runName) } : {}),
  });
  let result: ApplyResult;
  try {
    result = await applyChanges(planned, client, records, {
      concurrency: inputs.concurrency,
      wait: inputs.wait,
      waitForJobs: inputs.waitForJobs,
      timeoutMs: inputs.timeoutMs,
      pollIntervalMs: inputs.pollIntervalMs,
      commit: runner.sha,
      onEvent: log.onEvent,
      ...(session.signal === undefined ? {} : { signal: session.signal }),
    });
  } finally {
    await streams.finish(Math.max(2_000, 2 * inputs.pollIntervalMs));
  }
  progress.result = result;
  progress.resourceTimings = log.timings;
  core.info(redact(resultToText(result)));
  if (result.interrupted) {
    throw new StepFailure(
      "The workflow run was cancelled: no new write was started, and what was sent is recorded; the next apply does what is left.",
    );
  }
  if (!result.ok) throw new StepFailure(describeFailures(result, redact));
  progress.outcome = "applied";
}

/** Each failed resource as an error annotation with its last log lines; the step's message. */
function describeFailures(result: ApplyResult, redact: Redact): string {
  const failed = result.results.filter((r) => !r.ok);
  for (const r of failed) {
    const tail = r.logTail?.length ? `\nLast log lines:\n${r.logTail.join("\n")}` : "";
    core.error(redact(`${r.message ?? "failed"}${tail}`), {
      title: `Outpost ${r.kind} ${r.name} (${r.outpostName})`,
    });
  }
  const names = failed.map((r) => `${r.kind} ${r.name}: ${r.message ?? "failed"}`).join("; ");
  return `${failed.length} of ${result.results.length} resources failed: ${names}`;
}

async function finish(settings: ActionSettings, progress: Progress): Promise<void> {
  const { redact } = progress;
  if (progress.planned !== undefined) {
    const outputs = actionOutputs(progress.planned, progress.result, redact);
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  }
  if (progress.failure !== undefined) core.setFailed(progress.failure);
  if (!settings.runner.hasStepSummary) return;
  const markdown = runReportToMarkdown(
    {
      outcome: progress.failure === undefined ? (progress.outcome ?? "planned") : "failed",
      context: progress.context,
      ...(progress.namespace === undefined ? {} : { namespace: progress.namespace }),
      ...(progress.commit === undefined ? {} : { commit: progress.commit }),
      ...(progress.problems === undefined ? {} : { problems: progress.problems }),
      ...(progress.planned === undefined ? {} : { plan: progress.planned.plan }),
      ...(progress.result === undefined ? {} : { result: progress.result }),
      ...(progress.previews === undefined ? {} : { previews: progress.previews }),
      ...(progress.failure === undefined ? {} : { failure: progress.failure }),
      timings: {
        ...(progress.planMs === undefined ? {} : { planMs: progress.planMs }),
        ...(progress.result === undefined ? {} : { applyMs: progress.result.durationMs }),
        ...(progress.resourceTimings === undefined ? {} : { resources: progress.resourceTimings }),
      },
    },
    redact,
  );
  await core.summary.addRaw(markdown).write();
}

/** Errors users cause and can fix: their message is the whole story. */
function isExpected(error: unknown): boolean {
  return (
    error instanceof StepFailure ||
    error instanceof InputError ||
    error instanceof ApplyRefusedError ||
    error instanceof DeploymentRecordsError ||
    error instanceof OutpostError
  );
}

function failureMessage(error: unknown): string {
  if (error instanceof OutpostApiError && error.status === 401) {
    return `${error.message}. Outpost refused the credential: check the \`token\` or \`api-key\` input.`;
  }
  if (error instanceof OutpostApiError && error.status === 403) {
    return `${error.message}. The credential may not use this namespace: check the \`token\` or \`api-key\` input, or the namespace of outpost.yaml.`;
  }
  return error instanceof Error ? error.message : String(error);
}
