/**
 * The Outpost API client: one method per operation of the description, typed with its generated
 * types, over one keep-alive undici agent. Every call is retried as its kind of operation allows
 * (recovery.ts); nothing the client throws or reports carries the credentials.
 */
import { setTimeout as delay } from "node:timers/promises";
import { Agent, type Dispatcher } from "undici";
import { userAgent } from "../version.ts";
import { authorizationHeader, type Credentials } from "./credentials.ts";
import { OutpostApiError } from "./errors.ts";
import type { OutpostEventListener } from "./events.ts";
import { followJobLogs, type LogFollowOptions } from "./log-follow.ts";
import { paginate, type PaginateOptions } from "./pagination.ts";
import { cancellationFrom, serviceChangeFrom } from "./recovered-results.ts";
import {
  cancelRule,
  createRule,
  deleteRule,
  readRule,
  rolloutRule,
  type CreateLookup,
} from "./recovery.ts";
import { visibleDifferences } from "./resource-match.ts";
import { runCall, type FailureRule, type Found, type RetryContext } from "./retry-loop.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.ts";
import { expandPath, routes, type OperationId, type PathParameters } from "./routes.ts";
import { Transport, type QueryValue } from "./transport.ts";
import type {
  CreateJobRequest,
  CreateServiceRequest,
  Job,
  JobAnalytics,
  JobCancellation,
  JobList,
  JobLogsQuery,
  JobStatus,
  JobSummary,
  ListJobsQuery,
  ListServicesQuery,
  LogLine,
  Logs,
  LogsQuery,
  Service,
  ServiceAnalytics,
  ServiceChange,
  ServiceList,
  ServiceSummary,
  UpdateServiceRequest,
} from "./types.ts";

export interface OutpostClientOptions {
  /** Where the API is, e.g. `https://outpost.run` or an emulator's `http://127.0.0.1:PORT`. */
  readonly baseUrl: string | URL;
  readonly credentials: Credentials;
  /** Appended to the User-Agent in parentheses, e.g. `github-action`. */
  readonly userAgentComment?: string;
  /** One attempt, from sending to the last byte of the answer. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Establishing a connection. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** A log stream silent this long is resumed. Default 60 s. */
  readonly streamIdleTimeoutMs?: number;
  /** How often to look again at a queued job whose logs are followed. Default 5 s. */
  readonly queuedPollMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Told of every request, answer, retry and recovery; see events.ts. */
  readonly onEvent?: OutpostEventListener;
  /** An undici dispatcher to use instead of the client's own keep-alive agent (not closed by `close()`). */
  readonly dispatcher?: Dispatcher;
  /** For tests: the jitter's source, the wait between attempts, and the clock. */
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
}

export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
}

interface Request {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal | undefined;
}

const defaultPerPage = 100;

/** The read's result, or undefined when the API answers 404. */
async function unlessNotFound<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof OutpostApiError && error.status === 404) return undefined;
    throw error;
  }
}

export class OutpostClient {
  readonly #transport: Transport;
  readonly #retry: RetryContext;
  /** The agent the client made itself, closed by `close()`. */
  readonly #ownAgent: Dispatcher | undefined;
  readonly #streamIdleTimeoutMs: number;
  readonly #queuedPollMs: number;
  readonly #now: () => number;

  constructor(options: OutpostClientOptions) {
    const now = options.now ?? Date.now;
    const onEvent = options.onEvent ?? (() => undefined);
    const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    const dispatcher =
      options.dispatcher ?? new Agent({ connect: { timeout: options.connectTimeoutMs ?? 10_000 } });
    this.#ownAgent = options.dispatcher ? undefined : dispatcher;
    const baseUrl = new URL(options.baseUrl);
    this.#transport = new Transport({
      baseUrl,
      authorization: authorizationHeader(options.credentials),
      userAgent:
        options.userAgentComment === undefined
          ? userAgent
          : `${userAgent} (${options.userAgentComment})`,
      dispatcher,
      requestTimeoutMs,
      now,
      onEvent,
    });
    this.#retry = {
      policy: { ...defaultRetryPolicy, ...options.retry },
      random: options.random ?? Math.random,
      sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
      now,
      onEvent,
    };
    this.#streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 60_000;
    this.#queuedPollMs = options.queuedPollMs ?? 5_000;
    this.#now = now;
  }

  /** Closes the client's own connections (waiting for requests under way). */
  async close(): Promise<void> {
    await this.#ownAgent?.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // Services

  listServices(
    namespace: string,
    query: ListServicesQuery = {},
    options: CallOptions = {},
  ): Promise<ServiceList> {
    return this.#read("listServices", { namespace }, { query, signal: options.signal });
  }

  /** Every service of the namespace, all pages (`ahead`: pages fetched at once after the first). */
  services(
    namespace: string,
    filter: Omit<ListServicesQuery, "page"> = {},
    options: CallOptions & PaginateOptions = {},
  ): AsyncGenerator<ServiceSummary, void, undefined> {
    return paginate(
      (page) =>
        this.listServices(namespace, { per_page: defaultPerPage, ...filter, page }, options),
      options,
    );
  }

  /** The service; throws `OutpostApiError` (404) when there is none. */
  getService(namespace: string, name: string, options: CallOptions = {}): Promise<Service> {
    return this.#read("getService", { namespace, name }, { signal: options.signal });
  }

  /** The service, or undefined when there is none. */
  findService(
    namespace: string,
    name: string,
    options: CallOptions = {},
  ): Promise<Service | undefined> {
    return unlessNotFound(this.getService(namespace, name, options));
  }

  getServiceLogs(
    namespace: string,
    name: string,
    query: LogsQuery = {},
    options: CallOptions = {},
  ): Promise<Logs> {
    return this.#read("getServiceLogs", { namespace, name }, { query, signal: options.signal });
  }

  getServiceAnalytics(
    namespace: string,
    name: string,
    options: CallOptions = {},
  ): Promise<ServiceAnalytics> {
    return this.#read("getServiceAnalytics", { namespace, name }, { signal: options.signal });
  }

  /**
   * Creates a service. When an attempt's answer is lost (5xx, dropped connection, timeout), the
   * service is read back by name before anything is sent again; if it is there as sent, it is
   * the result (and a `recovered` event is reported).
   */
  createService(
    namespace: string,
    body: CreateServiceRequest,
    options: CallOptions = {},
  ): Promise<Service> {
    const lookUp = () => this.#lookUpAsSent(this.findService(namespace, body.name, options), body);
    return this.#call(
      "createService",
      { namespace },
      body.name,
      { body, signal: options.signal },
      createRule(lookUp),
    );
  }

  /** Changes a service; waits out a rollout in progress (409) before sending it again. */
  updateService(
    namespace: string,
    name: string,
    body: UpdateServiceRequest,
    options: CallOptions = {},
  ): Promise<ServiceChange> {
    return this.#call(
      "updateService",
      { namespace, name },
      name,
      { body, signal: options.signal },
      rolloutRule({ read: () => this.findService(namespace, name, options) }),
    );
  }

  /**
   * Starts a rolling redeployment. After a lost answer, a service found `deploying` since the
   * call began counts as this redeploy (reported as `recovered`) instead of starting another.
   */
  redeployService(
    namespace: string,
    name: string,
    options: CallOptions = {},
  ): Promise<ServiceChange> {
    return this.#call(
      "redeployService",
      { namespace, name },
      name,
      { signal: options.signal },
      rolloutRule({
        read: () => this.findService(namespace, name, options),
        confirm: (service, startedAt) =>
          service.status === "deploying" && this.#changedSince(service.updated_at, startedAt)
            ? {
                value: serviceChangeFrom(
                  service,
                  "Rolling redeployment in progress (confirmed by reading the service).",
                ),
                detail: "the service shows a rollout begun since the redeploy was sent",
              }
            : undefined,
      }),
    );
  }

  deleteService(
    namespace: string,
    name: string,
    options: CallOptions & { readonly force?: boolean } = {},
  ): Promise<void> {
    return this.#call(
      "deleteService",
      { namespace, name },
      name,
      { query: { force: options.force }, signal: options.signal },
      deleteRule(),
    );
  }

  // Jobs

  listJobs(
    namespace: string,
    query: ListJobsQuery = {},
    options: CallOptions = {},
  ): Promise<JobList> {
    return this.#read("listJobs", { namespace }, { query, signal: options.signal });
  }

  /** Every job of the namespace, all pages. */
  jobs(
    namespace: string,
    filter: Omit<ListJobsQuery, "page"> = {},
    options: CallOptions = {},
  ): AsyncGenerator<JobSummary, void, undefined> {
    return paginate((page) =>
      this.listJobs(namespace, { per_page: defaultPerPage, ...filter, page }, options),
    );
  }

  /** The job; throws `OutpostApiError` (404) when there is none. */
  getJob(namespace: string, name: string, options: CallOptions = {}): Promise<Job> {
    return this.#read("getJob", { namespace, name }, { signal: options.signal });
  }

  /** The job, or undefined when there is none. */
  findJob(namespace: string, name: string, options: CallOptions = {}): Promise<Job | undefined> {
    return unlessNotFound(this.getJob(namespace, name, options));
  }

  /** Recent log lines (no streaming; see `followJobLogs`). */
  getJobLogs(
    namespace: string,
    name: string,
    query: Omit<JobLogsQuery, "stream"> = {},
    options: CallOptions = {},
  ): Promise<Logs> {
    return this.#read("getJobLogs", { namespace, name }, { query, signal: options.signal });
  }

  /**
   * The job's log lines as they are written, until the job ends (the generator's return value
   * is its final status). Survives dropped connections without repeating or losing a line.
   */
  followJobLogs(
    namespace: string,
    name: string,
    options: LogFollowOptions = {},
  ): AsyncGenerator<LogLine, JobStatus | undefined, undefined> {
    const operation = "getJobLogs";
    const path = expandPath(routes[operation], { namespace, name });
    let attempt = 0;
    return followJobLogs(
      {
        name,
        request: this.#transport.describe("GET", path),
        openStream: (query, signal) => {
          attempt += 1;
          return this.#transport.openStream(
            { operation, method: "GET", path, query: { stream: true, ...query }, attempt, signal },
            this.#streamIdleTimeoutMs,
          );
        },
        readJob: (signal) => this.getJob(namespace, name, { signal }),
        readLines: (query, signal) =>
          this.getJobLogs(
            namespace,
            name,
            query.since === undefined
              ? { tail: query.tail }
              : { since: query.since, tail: query.tail },
            { signal },
          ),
        ...this.#retry,
        queuedPollMs: this.#queuedPollMs,
      },
      options,
    );
  }

  getJobAnalytics(
    namespace: string,
    name: string,
    options: CallOptions = {},
  ): Promise<JobAnalytics> {
    return this.#read("getJobAnalytics", { namespace, name }, { signal: options.signal });
  }

  /**
   * Submits a job. As `createService`: after a lost answer, the job is read back by name before
   * anything is sent again, and returned if it is there as sent.
   */
  createJob(namespace: string, body: CreateJobRequest, options: CallOptions = {}): Promise<Job> {
    const lookUp = () => this.#lookUpAsSent(this.findJob(namespace, body.name, options), body);
    return this.#call(
      "createJob",
      { namespace },
      body.name,
      { body, signal: options.signal },
      createRule(lookUp),
    );
  }

  /**
   * Cancels a queued or running job. Sent again after a lost answer; a 409 then, with the job
   * read back as `cancelled`, means the lost attempt did it (reported as `recovered`).
   */
  cancelJob(namespace: string, name: string, options: CallOptions = {}): Promise<JobCancellation> {
    const confirm = async (): Promise<Found<JobCancellation>> => {
      const job = await this.findJob(namespace, name, options);
      if (job?.status !== "cancelled") return undefined;
      return {
        value: cancellationFrom(
          job,
          "Job cancelled (confirmed by reading the job).",
          new Date(this.#now()).toISOString(),
        ),
        detail: "the job is cancelled",
      };
    };
    return this.#call(
      "cancelJob",
      { namespace, name },
      name,
      { signal: options.signal },
      cancelRule(confirm),
    );
  }

  /** Deletes a finished job (and, when asked, its artifacts). */
  deleteJob(
    namespace: string,
    name: string,
    options: CallOptions & { readonly deleteArtifacts?: boolean } = {},
  ): Promise<void> {
    return this.#call(
      "deleteJob",
      { namespace, name },
      name,
      { query: { delete_artifacts: options.deleteArtifacts }, signal: options.signal },
      deleteRule(),
    );
  }

  // Plumbing

  #read<T>(operation: OperationId, parameters: PathParameters, request: Request): Promise<T> {
    return this.#call(
      operation,
      parameters,
      parameters.name ?? parameters.namespace,
      request,
      readRule(),
    );
  }

  #call<T>(
    operation: OperationId,
    parameters: PathParameters,
    name: string,
    request: Request,
    onFailure: FailureRule<T>,
  ): Promise<T> {
    const route = routes[operation];
    const path = expandPath(route, parameters);
    return runCall(this.#retry, {
      operation,
      name,
      signal: request.signal,
      onFailure,
      attempt: async (attempt) => {
        const response = await this.#transport.send({
          operation,
          method: route.method,
          path,
          ...(request.query === undefined ? {} : { query: request.query }),
          ...(request.body === undefined ? {} : { body: request.body }),
          attempt,
          signal: request.signal,
        });
        return response.body as T;
      },
    });
  }

  /** The resource read back: absent, there as sent, or there with other values. */
  async #lookUpAsSent<T extends object>(
    read: Promise<T | undefined>,
    sent: object,
  ): Promise<CreateLookup<T>> {
    const seen = await read;
    if (seen === undefined) return { state: "absent" };
    if (visibleDifferences(sent, seen).length > 0) return { state: "other" };
    return {
      state: "ours",
      found: { value: seen, detail: "created by an earlier attempt whose answer was lost" },
    };
  }

  /**
   * The time now on Outpost's clock, in milliseconds since the epoch, as its answers' `Date`
   * headers tell (to the second); this machine's clock until Outpost has answered.
   */
  serverNow(): number {
    return Date.now() + this.#transport.serverClockOffsetMs;
  }

  /**
   * Whether a server timestamp is later than `startedAt` on our clock. Compared on the server's
   * clock (from its `Date` headers), with a second's slack for whole-second timestamps.
   */
  #changedSince(timestamp: string, startedAt: number): boolean {
    const at = Date.parse(timestamp);
    return !Number.isNaN(at) && at >= startedAt + this.#transport.serverClockOffsetMs - 1000;
  }
}
