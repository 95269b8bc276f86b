/**
 * One poll of one watch, given what the namespace's list calls returned this cycle. A watch is
 * re-rendered when its check run is due (the minimum interval since its last write passed) or
 * when it ended; only then are the details the lists lack fetched: a job's new log lines (for the
 * last lines and the loss chart), an ended job's final record, a service's metrics, and the logs
 * of a service that went wrong.
 */
import type { Job, JobSummary, LogLine, Service, ServiceSummary } from "../../outpost/types.ts";
import type { Absence } from "../../render/resource-view.ts";
import type { OutpostApi } from "../outpost-access.ts";
import type { Watch } from "../store/store.ts";
import { logRedactor } from "./credential-masking.ts";
import { extendSeries } from "./metric-series.ts";
import { jobOutcome, serviceOutcome } from "./outcome.ts";
import type { PollState } from "./poll-state.ts";
import { jobView, serviceView } from "./views.ts";
import { writeWatch, type WatchWriter } from "./write-watch.ts";

/** What the list calls of one namespace returned this cycle, by name. */
export interface NamespaceSnapshot {
  /** Queued and running jobs. */
  readonly jobs: ReadonlyMap<string, JobSummary>;
  readonly services: ReadonlyMap<string, ServiceSummary>;
}

export interface WatchPoll extends WatchWriter {
  readonly client: OutpostApi;
  readonly snapshot: NamespaceSnapshot;
}

/** Log lines kept for the check run and the store. */
export const keptLogLines = 40;
/** Lines asked for the first time a job's log is read (the chart starts there). */
const firstLogRead = 1000;
const laterLogRead = 500;

function absence(poll: WatchPoll, state: PollState): Absence {
  return poll.context.now() - state.firstSeenAt < poll.context.operator.submissionGraceMs
    ? "pending"
    : "missing";
}

function due(poll: WatchPoll, watch: Watch, final: boolean): boolean {
  if (final || watch.checkRunId === null || watch.lastWriteAt === null) return true;
  return poll.context.now() - watch.lastWriteAt >= poll.context.operator.minCheckRunWriteIntervalMs;
}

/** Keeps the store's status current between writes (cheap, and GitHub is not touched). */
async function noteStatus(
  poll: WatchPoll,
  watch: Watch,
  status: string,
  progress: string | null,
): Promise<void> {
  if (watch.status === status && watch.progress === progress) return;
  await poll.context.store.updateWatch(
    watch.id,
    { status, progress },
    { expectedLeaseOwner: poll.replicaId },
  );
}

function redactedLines(poll: WatchPoll, previous: readonly string[], lines: readonly LogLine[]) {
  const redact = logRedactor(poll.redact);
  return [...previous, ...lines.map((line) => redact(line.message))].slice(-keptLogLines);
}

export async function pollJob(poll: WatchPoll, watch: Watch, state: PollState): Promise<boolean> {
  const { client } = poll;
  const { namespace, outpostName: name } = watch;
  const job: Job | JobSummary | Absence =
    poll.snapshot.jobs.get(name) ?? (await client.findJob(namespace, name)) ?? absence(poll, state);
  const status = typeof job === "string" ? job : job.status;
  const outcome = jobOutcome(status, name);
  const progress = typeof job === "string" ? null : (job.progress ?? null);
  // A running job whose list entry says what it said at the last render has nothing new to
  // show: its log is not read, so a quiet cycle costs the list calls alone.
  const listed =
    typeof job === "string" ? job : `${job.status}|${progress ?? ""}|${job.runtime_seconds ?? ""}`;
  const unchanged = state.view !== undefined && state.listed === listed;
  if (
    !due(poll, watch, outcome.status === "completed") ||
    (unchanged && outcome.status !== "completed")
  ) {
    await noteStatus(poll, watch, status, progress);
    return false;
  }
  const previous = state.view?.kind === "job" ? state.view : undefined;
  let logLines = previous?.logLines ?? [];
  let series = previous?.series;
  let logCursor = state.logCursor;
  if (typeof job !== "string" && job.status !== "queued") {
    const logs = await client.getJobLogs(
      namespace,
      name,
      logCursor === undefined ? { tail: firstLogRead } : { since: logCursor, tail: laterLogRead },
    );
    if (logs.lines.length > 0) {
      logLines = redactedLines(poll, logLines, logs.lines);
      series = extendSeries(
        series,
        logs.lines.map((line) => line.message),
      );
      logCursor = logs.lines.at(-1)?.timestamp ?? logCursor;
    }
  }
  const view = jobView({ key: state.key, runName: name, namespace }, job, logLines, series);
  return writeWatch(poll, watch, {
    view,
    outcome,
    state: {
      ...state,
      ...(logCursor === undefined ? {} : { logCursor }),
      listed,
      view,
    },
    status,
    progress: view.progress ?? null,
  });
}

export async function pollService(
  poll: WatchPoll,
  watch: Watch,
  state: PollState,
): Promise<boolean> {
  const { client, context } = poll;
  const { namespace, outpostName: name } = watch;
  const now = context.now();
  let service: Service | ServiceSummary | Absence =
    poll.snapshot.services.get(name) ??
    (await client.findService(namespace, name)) ??
    absence(poll, state);
  const degradedSince =
    typeof service !== "string" && service.status === "degraded"
      ? (state.degradedSince ?? now)
      : undefined;
  const timing = {
    degradedMs: degradedSince === undefined ? undefined : now - degradedSince,
    degradedGraceMs: context.operator.degradedGraceMs,
    elapsedMs: now - state.firstSeenAt,
    rolloutTimeoutMs: context.operator.rolloutTimeoutMs,
  };
  let outcome = serviceOutcome(service, timing);
  const status = typeof service === "string" ? service : service.status;
  if (!due(poll, watch, outcome.status === "completed")) {
    await noteStatus(poll, watch, status, null);
    return false;
  }
  const { degradedSince: _before, ...rest } = state;
  const nextState: PollState = {
    ...rest,
    ...(degradedSince === undefined ? {} : { degradedSince }),
  };
  let logLines: readonly string[] = [];
  if (typeof service !== "string" && service.status !== "deploying") {
    // Metrics are only in the single service's answer.
    service = (await client.findService(namespace, name)) ?? service;
    outcome = serviceOutcome(service, timing);
  }
  const wrong = status === "degraded" || (outcome.conclusion ?? "success") !== "success";
  if (typeof service !== "string" && wrong) {
    // What went wrong is in the service's own log.
    const logs = await client.getServiceLogs(namespace, name, { tail: keptLogLines });
    logLines = redactedLines(poll, [], logs.lines);
  }
  const view = serviceView(
    namespace,
    name,
    service,
    logLines,
    timing.degradedMs === undefined ? undefined : Math.floor(timing.degradedMs / 1000),
  );
  return writeWatch(poll, watch, {
    view,
    outcome,
    state: { ...nextState, view },
    status: typeof service === "string" ? service : service.status,
    progress: null,
  });
}
