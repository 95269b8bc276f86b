/** Handlers of the seven job operations (see handler.ts for the contract). */
import type { CreateJobRequest, JobStatus, JobSummary } from "../outpost/types.ts";
import { conflict } from "./api-error.ts";
import type { EventPull, Handler, ServerSentEvent } from "./handler.ts";
import {
  cancelJob,
  createJob,
  isFinished,
  jobAnalytics,
  jobLog,
  jobLogEndsAt,
  jobStatus,
  jobSummary,
  jobView,
  type JobRecord,
} from "./jobs.ts";
import { logWindow, toLogLine, type TimedLine } from "./log-window.ts";
import { paginate } from "./pagination.ts";
import { logQuery } from "./service-handlers.ts";
import type { EmulatorState } from "./state.ts";

type SortField = "created_at" | "started_at" | "completed_at" | "name";

/** Sorts by a field in an order; jobs without the field (not started, not finished) come last. */
function compareJobs(field: SortField, order: "asc" | "desc") {
  const sign = order === "asc" ? 1 : -1;
  const value = (job: JobSummary): string | number | null => {
    if (field === "name") return job.name;
    const timestamp = job[field];
    return timestamp === null ? null : Date.parse(timestamp);
  };
  return (a: JobSummary, b: JobSummary): number => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return (
        sign *
        (typeof x === "number" && typeof y === "number"
          ? x - y
          : String(x).localeCompare(String(y)))
      );
    }
    return sign * (Date.parse(a.created_at) - Date.parse(b.created_at)) || a.id.localeCompare(b.id);
  };
}

function logEvent(line: TimedLine): ServerSentEvent {
  const wire = toLogLine(line);
  return { event: "log", id: wire.timestamp, data: JSON.stringify(wire) };
}

/**
 * The SSE stream of a running job's log: the requested window first, then each new line as
 * emulated time reaches it, and `end` with the final status once the log is complete.
 */
function logStream(
  state: EmulatorState,
  job: JobRecord,
  first: readonly TimedLine[],
  since: number | undefined,
): EventPull {
  let sent = first.at(-1)?.at ?? since ?? -Infinity;
  let backlog: readonly TimedLine[] = first;
  let ended = false;
  return () => {
    if (ended) return { events: [], done: true };
    const now = state.clock.now();
    const lines = [...backlog, ...jobLog(job, now, sent)];
    backlog = [];
    sent = lines.at(-1)?.at ?? sent;
    const events = lines.map(logEvent);
    if (isFinished(job, now) && now >= jobLogEndsAt(job)) {
      ended = true;
      events.push({ event: "end", data: JSON.stringify({ status: jobStatus(job, now) }) });
    }
    return { events, done: ended };
  };
}

export const jobHandlers: Record<string, Handler> = {
  listJobs(state, { namespace, query }) {
    const now = state.clock.now();
    const status = query["status"] as JobStatus | undefined;
    const all = [...state.jobs(namespace).values()]
      .map((job) => jobSummary(job, now))
      .filter((job) => status === undefined || job.status === status)
      .sort(compareJobs(query["sort"] as SortField, query["order"] as "asc" | "desc"));
    return { status: 200, body: paginate(all, Number(query["page"]), Number(query["per_page"])) };
  },

  getJob(state, { namespace, name }) {
    return { status: 200, body: jobView(state.job(namespace, name), state.clock.now()) };
  },

  getJobLogs(state, { namespace, name, query }) {
    const job = state.job(namespace, name);
    const now = state.clock.now();
    const { tail, since } = logQuery(query);
    const window = logWindow(jobLog(job, now, since), { tail });
    if (query["stream"] === true) {
      const status = jobStatus(job, now);
      if (status !== "running") {
        throw conflict(
          "job_not_running",
          `Log streaming is only available for running jobs; job '${name}' is ${status}.`,
        );
      }
      return { status: 200, events: logStream(state, job, window.lines, since) };
    }
    return {
      status: 200,
      body: { name, namespace, lines: window.lines.map(toLogLine), has_more: window.hasMore },
    };
  },

  getJobAnalytics(state, { namespace, name }) {
    return { status: 200, body: jobAnalytics(state.job(namespace, name), state.clock.now()) };
  },

  createJob(state, { namespace, body }) {
    const request = body as CreateJobRequest;
    const jobs = state.jobs(namespace);
    if (jobs.has(request.name)) {
      throw conflict(
        "already_exists",
        `A job named '${request.name}' already exists in namespace '${namespace}'.`,
      );
    }
    const now = state.clock.now();
    const job = createJob({
      id: state.ids.job(),
      namespace,
      request,
      commitSha: state.sourceCommit(request),
      createdAt: now,
      script: state.scenario.job(request.name),
      timings: state.timings,
    });
    jobs.set(request.name, job);
    return { status: 201, body: jobView(job, now) };
  },

  cancelJob(state, { namespace, name }) {
    const job = state.job(namespace, name);
    const now = state.clock.now();
    if (isFinished(job, now)) {
      throw conflict(
        "job_finished",
        `Job '${name}' has already finished (${jobStatus(job, now)}).`,
      );
    }
    return { status: 200, body: cancelJob(job, now) };
  },

  deleteJob(state, { namespace, name }) {
    const job = state.job(namespace, name);
    const now = state.clock.now();
    if (!isFinished(job, now)) {
      throw conflict(
        "job_not_finished",
        `Job '${name}' is ${jobStatus(job, now)}; cancel it before deleting it.`,
      );
    }
    // `delete_artifacts` removes storage that the emulator only describes; the record goes either way.
    state.jobs(namespace).delete(name);
    return { status: 204 };
  },
};
