/**
 * Following a job's logs live. The API streams them as server-sent events (`log` events whose
 * `id` is the line's timestamp, then one `end` event); `since` is exclusive. A lost connection
 * is resumed after a backoff from just before the last line's timestamp, and the lines of that
 * instant already yielded are passed over: several lines may share a timestamp (the API's are
 * to the second), and resuming strictly after it would lose those not yet received. A queued
 * job is waited for; a job that ended while we were away has its remaining lines read with a
 * plain request.
 */
import { validateSchema } from "./description.ts";
import {
  OutpostNetworkError,
  OutpostUnexpectedResponseError,
  type RequestSummary,
} from "./errors.ts";
import type { OutpostEventListener } from "./events.ts";
import { classifyFailure, decideRetry, isTransient, type RetryPolicy } from "./retry-policy.ts";
import { SseParser, type SseEvent } from "./sse.ts";
import { finishedJobStatuses, type Job, type JobStatus, type LogLine, type Logs } from "./types.ts";

export interface LogFollowOptions {
  /** Only lines after this timestamp (exclusive). */
  readonly since?: string;
  /** On the first connection, how many recent lines to start with. */
  readonly tail?: number;
  readonly signal?: AbortSignal;
}

/** What following needs from the client: narrow, so that it can be driven by a test. */
export interface LogFollowPort {
  readonly name: string;
  /** The stream request, for errors. */
  readonly request: RequestSummary;
  readonly openStream: (
    query: { since: string | undefined; tail: number | undefined },
    signal: AbortSignal | undefined,
  ) => Promise<AsyncIterable<Uint8Array>>;
  readonly readJob: (signal: AbortSignal | undefined) => Promise<Job>;
  readonly readLines: (
    query: { since: string | undefined; tail: number },
    signal: AbortSignal | undefined,
  ) => Promise<Logs>;
  readonly policy: RetryPolicy;
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly onEvent: OutpostEventListener;
  /** How often to look again at a queued job. */
  readonly queuedPollMs: number;
}

/** The instant of the last line yielded, and the lines of that instant yielded so far. */
interface Position {
  readonly timestamp: string;
  readonly messages: Set<string>;
}

/** A timestamp a millisecond before `timestamp`: resuming from it returns that instant's lines. */
function justBefore(timestamp: string): string {
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? timestamp : new Date(time - 1).toISOString();
}

/** Whether a line comes after the position: a later instant, or a line of it not yet yielded. */
function isNew(line: LogLine, position: Position | undefined, since: string | undefined): boolean {
  if (position === undefined) return since === undefined || isAfter(line.timestamp, since);
  if (isAfter(line.timestamp, position.timestamp)) return true;
  return !isAfter(position.timestamp, line.timestamp) && !position.messages.has(line.message);
}

function advance(position: Position | undefined, line: LogLine): Position {
  if (position !== undefined && !isAfter(line.timestamp, position.timestamp)) {
    position.messages.add(line.message);
    return position;
  }
  return { timestamp: line.timestamp, messages: new Set([line.message]) };
}

/** The most lines one plain read returns. */
const maxTail = 10_000;

/** Whether timestamp `a` is strictly after `b` (as instants; as text if either does not parse). */
function isAfter(a: string, b: string): boolean {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isNaN(x) || Number.isNaN(y) ? a > b : x > y;
}

/** The longest event the stream may send: a log line is far shorter. */
const maxEventChars = 1024 * 1024;

function unexpected(request: RequestSummary, problem: string): OutpostUnexpectedResponseError {
  return new OutpostUnexpectedResponseError(request, undefined, problem);
}

function parseData(event: SseEvent, request: RequestSummary): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    throw unexpected(request, `a \`${event.type.slice(0, 20)}\` event whose data is not JSON`);
  }
  if (typeof value === "object" && value !== null) return value as Record<string, unknown>;
  throw unexpected(request, `a \`${event.type.slice(0, 20)}\` event whose data is not an object`);
}

/** A `log` event's line, checked as the description's `LogLine`. */
function logLine(event: SseEvent, request: RequestSummary): LogLine {
  const data = parseData(event, request);
  if (validateSchema("LogLine", data, "ignore").length > 0) {
    throw unexpected(request, "a `log` event that is not a log line");
  }
  const { timestamp, message } = data as LogLine;
  return { timestamp, message };
}

const jobStatuses: readonly JobStatus[] = ["queued", "running", ...finishedJobStatuses];

/** An `end` event's status; undefined when it names none, an error when it names another. */
function endStatus(event: SseEvent, request: RequestSummary): JobStatus | undefined {
  const { status } = parseData(event, request);
  if (status === undefined) return undefined;
  const known = jobStatuses.find((candidate) => candidate === status);
  if (known === undefined) throw unexpected(request, "an `end` event with no job status");
  return known;
}

function isFinished(status: JobStatus): boolean {
  return finishedJobStatuses.includes(status);
}

/**
 * Yields the job's log lines until the job ends; returns its final status (undefined when the
 * stream's `end` event named none).
 */
export async function* followJobLogs(
  port: LogFollowPort,
  options: LogFollowOptions = {},
): AsyncGenerator<LogLine, JobStatus | undefined, undefined> {
  const { signal } = options;
  let position: Position | undefined;
  const resumeFrom = () =>
    position === undefined ? options.since : justBefore(position.timestamp);
  let tail = options.tail;
  let failures = 0;
  let quietSince = port.now();

  for (;;) {
    let error: unknown;
    try {
      const chunks = await port.openStream({ since: resumeFrom(), tail }, signal);
      // Only the first connection starts with recent lines; later ones resume after `since`.
      tail = undefined;
      const parser = new SseParser();
      const decoder = new TextDecoder();
      for await (const chunk of chunks) {
        const events = parser.feed(decoder.decode(chunk, { stream: true }));
        if (parser.pendingChars > maxEventChars) {
          throw unexpected(port.request, "a stream event over 1 MiB");
        }
        for (const event of events) {
          if (event.type === "end") return endStatus(event, port.request);
          if (event.type !== "log") continue;
          const line = logLine(event, port.request);
          // Resuming repeats the lines of the last instant (and a server taking `since` as
          // inclusive would repeat more): yield only what was not yielded yet.
          if (!isNew(line, position, options.since)) continue;
          position = advance(position, line);
          failures = 0;
          quietSince = port.now();
          yield line;
        }
      }
      error = new OutpostNetworkError(
        port.request,
        true,
        new Error("the stream closed before the job ended"),
      );
    } catch (caught) {
      if (signal?.aborted) throw caught;
      error = caught;
    }
    const failure = classifyFailure(error);
    if (failure.kind === "conflict") {
      // The stream is only for running jobs: wait for a queued one, finish an ended one.
      const job = await port.readJob(signal);
      if (isFinished(job.status)) {
        for (const line of await remainingLines(port, resumeFrom(), tail, signal)) {
          if (isNew(line, position, options.since)) {
            position = advance(position, line);
            yield line;
          }
        }
        return job.status;
      }
      if (job.status === "queued") {
        await port.sleep(port.queuedPollMs, signal);
        quietSince = port.now();
        continue;
      }
    } else if (!isTransient(failure)) {
      throw error;
    }
    const decision = decideRetry(
      port.policy,
      failure,
      "transient",
      { retries: failures, elapsedMs: port.now() - quietSince },
      port.random,
    );
    if (!decision.retry) throw error;
    failures += 1;
    port.onEvent({
      type: "log-stream-resume",
      name: port.name,
      since: resumeFrom(),
      delayMs: decision.delayMs,
      reason: failure.kind,
    });
    await port.sleep(decision.delayMs, signal);
  }
}

/** The lines a finished job wrote after `since`, read in one plain request. */
async function remainingLines(
  port: LogFollowPort,
  since: string | undefined,
  tail: number | undefined,
  signal: AbortSignal | undefined,
): Promise<readonly LogLine[]> {
  const logs = await port.readLines(
    { since, tail: since === undefined ? (tail ?? 100) : maxTail },
    signal,
  );
  if (since !== undefined && logs.has_more) {
    port.onEvent({ type: "log-lines-missed", name: port.name, since });
  }
  return logs.lines;
}
