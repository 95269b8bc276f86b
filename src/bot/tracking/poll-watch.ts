/**
 * Rendering what a poll saw, once a write is due (write-intent.ts): only then are the details
 * the lists lack fetched — a job's new log lines (its last lines and its charts), a service's
 * metrics, and the logs of a service that went wrong. A member of a fleet shows no log and no
 * chart, so it is read for nothing but a failure's last lines.
 */
import type { LogLine, Service } from "../../outpost/types.ts";
import type { Redact } from "../../render/redaction.ts";
import type { ResourceView } from "../../render/resource-view.ts";
import type { Watch } from "../store/store.ts";
import { logRedactor } from "./credential-masking.ts";
import { extendMetrics } from "./metric-series.ts";
import { serviceOutcome, type Outcome } from "./outcome.ts";
import type { PollState } from "./poll-state.ts";
import type { JobSighting, ServiceSighting, SightingSource } from "./sighting.ts";
import { jobView, serviceView } from "./views.ts";

/** Log lines kept for the check run and the store. */
export const keptLogLines = 40;
/** Lines asked for the first time a job's log is read (the charts start there). */
const firstLogRead = 1000;
const laterLogRead = 500;

export interface RenderSource extends SightingSource {
  readonly redact: Redact;
}

/** `full`: for the resource's own check run; `fleet`: for its row in a fleet's. */
export type Detail = "full" | "fleet";

/** What a poll observed and will write: the view, its outcome, and the state to keep. */
export interface Observation {
  readonly view: ResourceView;
  readonly outcome: Outcome;
  readonly state: PollState;
  /** The Outpost status, for the store. */
  readonly status: string;
  readonly progress: string | null;
}

function redactedLines(
  source: RenderSource,
  previous: readonly string[],
  lines: readonly LogLine[],
) {
  const redact = logRedactor(source.redact);
  return [...previous, ...lines.map((line) => redact(line.message))].slice(-keptLogLines);
}

function failed(outcome: Outcome): boolean {
  return outcome.status === "completed" && outcome.conclusion !== "success";
}

export async function observeJob(
  source: RenderSource,
  watch: Watch,
  state: PollState,
  sighting: JobSighting,
  detail: Detail,
): Promise<Observation> {
  const { client } = source;
  const { namespace, outpostName: name } = watch;
  const { job, outcome } = sighting;
  const previous = state.view?.kind === "job" ? state.view : undefined;
  let logLines = previous?.logLines ?? [];
  let charts = previous?.charts;
  let logCursor = state.logCursor;
  const onOutpost = typeof job !== "string" && job.status !== "queued";
  if (onOutpost && detail === "full") {
    const logs = await client.getJobLogs(
      namespace,
      name,
      logCursor === undefined ? { tail: firstLogRead } : { since: logCursor, tail: laterLogRead },
    );
    if (logs.lines.length > 0) {
      logLines = redactedLines(source, logLines, logs.lines);
      charts = extendMetrics(
        charts,
        logs.lines.map((line) => line.message),
      );
      logCursor = logs.lines.at(-1)?.timestamp ?? logCursor;
    }
  } else if (onOutpost && failed(outcome)) {
    // A fleet's check run shows each failure's last lines.
    const logs = await client.getJobLogs(namespace, name, { tail: keptLogLines });
    logLines = redactedLines(source, [], logs.lines);
  }
  const view = jobView(
    { key: state.key, runName: name, namespace },
    job,
    detail === "full" ? logLines : failed(outcome) ? logLines : [],
    detail === "full" ? charts : undefined,
  );
  return {
    view,
    outcome,
    state: {
      ...state,
      ...(logCursor === undefined ? {} : { logCursor }),
      listed: sighting.listed,
      seen: state.seen === true || typeof job !== "string",
      view,
      outcome,
    },
    status: sighting.status,
    progress: view.progress ?? null,
  };
}

export async function observeService(
  source: RenderSource,
  watch: Watch,
  state: PollState,
  sighting: ServiceSighting,
  detail: Detail,
): Promise<Observation> {
  const { client } = source;
  const { namespace, outpostName: name } = watch;
  let service = sighting.service;
  let outcome = sighting.outcome;
  if (typeof service !== "string" && service.status !== "deploying" && detail === "full") {
    // Metrics are only in the single service's answer.
    const found: Service | undefined = await client.findService(namespace, name);
    if (found !== undefined) {
      service = found;
      outcome = serviceOutcome(found, sighting.timing);
    }
  }
  let logLines: readonly string[] = [];
  const wrong = sighting.status === "degraded" || failed(outcome);
  if (typeof service !== "string" && wrong && (detail === "full" || failed(outcome))) {
    // What went wrong is in the service's own log.
    const logs = await client.getServiceLogs(namespace, name, { tail: keptLogLines });
    logLines = redactedLines(source, [], logs.lines);
  }
  const { degradedMs } = sighting.timing;
  const view = serviceView(
    namespace,
    name,
    service,
    logLines,
    degradedMs === undefined ? undefined : Math.floor(degradedMs / 1000),
  );
  const { degradedSince: _before, ...rest } = state;
  return {
    view,
    outcome,
    state: {
      ...rest,
      ...(sighting.degradedSince === undefined ? {} : { degradedSince: sighting.degradedSince }),
      listed: sighting.listed,
      seen: state.seen === true || typeof service !== "string",
      view,
      outcome,
    },
    status: typeof service === "string" ? service : service.status,
    progress: null,
  };
}
