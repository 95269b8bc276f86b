/**
 * Applies a plan: requests with bounded concurrency, waits for services to be ready (and jobs to
 * finish, when asked) under one overall deadline, records what was applied, and reports every
 * resource's outcome. Refuses to start while the plan holds a replacement the user did not allow,
 * so nothing is half-applied.
 */
import type { CreateServiceRequest, Job, Service } from "../outpost/types.ts";
import type { AppliedRecord, AppliedRecords, PendingRecord } from "../records/applied-record.ts";
import { systemClock, type Clock } from "./clock.ts";
import { RequestLimit } from "./concurrency.ts";
import { limitRequests } from "./request-limit.ts";
import { jobDefinition, type LiveState } from "./diff.ts";
import { digestSpec } from "../records/digest.ts";
import type { OutpostPort } from "./outpost-port.ts";
import {
  blockedChanges,
  type Change,
  type JobChange,
  type Plan,
  type ServiceChange,
} from "./plan.ts";
import { jobReadiness, serviceReadiness } from "./readiness.ts";

export interface ResourceResult {
  readonly kind: "service" | "job";
  /** The name in outpost.yaml. */
  readonly name: string;
  /** The name on Outpost (a job's run name). */
  readonly outpostName: string;
  readonly action: Change["action"];
  readonly ok: boolean;
  /** The Outpost status when apply finished with it. */
  readonly status?: string;
  readonly id?: string;
  readonly endpoint?: string;
  readonly readyReplicas?: number;
  readonly progress?: string | null;
  /** A job run's runtime and cost so far, as Outpost reports them. */
  readonly runtimeSeconds?: number;
  readonly totalCost?: string;
  /** Where a job run's artifacts can be downloaded, once it succeeded. */
  readonly artifactsUrl?: string;
  /** Why it failed, or what happened when that is not obvious from the action. */
  readonly message?: string;
  /** The last log lines of a failed resource. */
  readonly logTail?: readonly string[];
}

export interface ApplyResult {
  readonly namespace: string;
  readonly ok: boolean;
  readonly results: readonly ResourceResult[];
  readonly durationMs: number;
}

export type ApplyEvent =
  | { readonly type: "write"; readonly change: Change }
  | {
      readonly type: "status";
      readonly kind: "service" | "job";
      /** The name in outpost.yaml. */
      readonly name: string;
      /** The name on Outpost (a job's run name). */
      readonly outpostName: string;
      readonly status: string;
      readonly readyReplicas?: number;
      readonly minReplicas?: number;
      readonly progress?: string | null;
    }
  | { readonly type: "done"; readonly result: ResourceResult };

export interface ApplyOptions {
  readonly live: LiveState;
  readonly records: AppliedRecords;
  /** At most this many requests in flight (default 8); resources waiting hold no slot. */
  readonly concurrency?: number;
  /** Wait for services to be ready (default true). */
  readonly wait?: boolean;
  /** Wait for submitted jobs to finish (default false). */
  readonly waitForJobs?: boolean;
  /** One deadline for all the waiting, in milliseconds (default 15 minutes). */
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  readonly repository?: string;
  readonly commit?: string;
  readonly jobInputs?: ReadonlyMap<string, string>;
  readonly onEvent?: (event: ApplyEvent) => void;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** How many log lines a failure carries. */
  readonly logLines?: number;
}

export class ApplyRefusedError extends Error {
  readonly code = "replace_not_allowed";
  readonly services: readonly string[];
  constructor(services: readonly string[]) {
    super(
      `Refusing to apply: ${services.join(", ")} ${services.length === 1 ? "needs" : "need"} replacement ` +
        "(an immutable field changed), which deletes the running service. Allow it with " +
        "`allow-replace` (action input) or `--allow-replace` (CLI), or revert the field.",
    );
    this.name = "ApplyRefusedError";
    this.services = services;
  }
}

const defaults = { concurrency: 8, timeoutMs: 15 * 60_000, pollIntervalMs: 5_000, logLines: 20 };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class ApplyRun {
  private readonly clock: Clock;
  private readonly deadline: number;
  private readonly plan: Plan;
  private readonly api: OutpostPort;
  private readonly options: ApplyOptions;

  constructor(plan: Plan, api: OutpostPort, options: ApplyOptions) {
    this.plan = plan;
    // Every resource proceeds at once; the requests, not the resources, are bounded.
    this.api = limitRequests(api, new RequestLimit(options.concurrency ?? defaults.concurrency));
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.deadline = this.clock.now() + (options.timeoutMs ?? defaults.timeoutMs);
  }

  private get namespace(): string {
    return this.plan.namespace;
  }

  private emit(event: ApplyEvent): void {
    this.options.onEvent?.(event);
  }

  private begin(
    kind: AppliedRecord["kind"],
    key: string,
    outpostName: string,
    definition: object,
    env: Readonly<Record<string, string>>,
    id: string | undefined,
  ): Promise<PendingRecord> {
    const inputs = kind === "job" ? this.options.jobInputs?.get(key) : undefined;
    return this.options.records.begin({
      kind,
      namespace: this.namespace,
      key,
      outpostName,
      ...(id === undefined ? {} : { outpostId: id }),
      digest: digestSpec(definition, env),
      ...(inputs === undefined ? {} : { inputsDigest: inputs }),
      ...(this.options.repository === undefined ? {} : { repository: this.options.repository }),
      ...(this.options.commit === undefined ? {} : { commit: this.options.commit }),
      appliedAt: new Date(this.clock.now()).toISOString(),
    });
  }

  /** Writes a service and settles it, with its record begun before and settled after. */
  private async trackService(
    change: ServiceChange,
    spec: CreateServiceRequest,
    write: () => Promise<unknown>,
  ): Promise<ResourceResult> {
    const id = this.options.live.services.get(spec.name)?.id;
    const pending = await this.begin("service", spec.name, spec.name, spec, spec.env ?? {}, id);
    let result: ResourceResult;
    try {
      this.emit({ type: "write", change });
      await write();
      result = await this.settleService(change);
    } catch (error) {
      await pending.fail(message(error));
      throw error;
    }
    if (result.ok)
      await pending.succeed(result.endpoint === undefined ? {} : { url: result.endpoint });
    else await pending.fail(result.message ?? `${result.status ?? "failed"}`);
    return result;
  }

  private async logTail(kind: "service" | "job", name: string): Promise<string[]> {
    const query = { tail: this.options.logLines ?? defaults.logLines };
    try {
      const logs =
        kind === "service"
          ? await this.api.getServiceLogs(this.namespace, name, query)
          : await this.api.getJobLogs(this.namespace, name, query);
      return logs.lines.map((line) => `${line.timestamp} ${line.message}`);
    } catch {
      return [];
    }
  }

  /**
   * Reads until `settled` or the deadline. The wait between reads grows from half a second to
   * the poll interval: quick rollouts are seen quickly, long ones cost few requests.
   */
  private async poll<T>(
    read: () => Promise<T>,
    settled: (value: T) => boolean,
  ): Promise<{ value: T; timedOut: boolean }> {
    const longest = this.options.pollIntervalMs ?? defaults.pollIntervalMs;
    let interval = Math.min(500, longest);
    for (;;) {
      const value = await read();
      if (settled(value)) return { value, timedOut: false };
      const left = this.deadline - this.clock.now();
      if (left <= 0) return { value, timedOut: true };
      await this.clock.sleep(Math.min(interval, left), this.options.signal);
      interval = Math.min(longest, interval * 1.5);
    }
  }

  /** Reads a resource, telling listeners each time what they would show of it changes. */
  private watched<T>(
    read: () => Promise<T | undefined>,
    shown: (value: T) => ApplyEvent & { type: "status" },
  ) {
    let last: string | undefined;
    return async () => {
      const value = await read();
      if (value !== undefined) {
        const event = shown(value);
        const key = JSON.stringify(event);
        if (key !== last) {
          last = key;
          this.emit(event);
        }
      }
      return value;
    };
  }

  /** Polls until the service is ready, failed, gone, or the deadline passes. */
  private async waitForService(
    name: string,
  ): Promise<{ service: Service | undefined; timedOut: boolean }> {
    const read = this.watched(
      () => this.api.findService(this.namespace, name),
      (service) => ({
        type: "status",
        kind: "service",
        name,
        outpostName: name,
        status: service.status,
        readyReplicas: service.ready_replicas,
        minReplicas: service.min_replicas,
      }),
    );
    const { value, timedOut } = await this.poll(
      read,
      (s) => !s || serviceReadiness(s) !== "pending",
    );
    return { service: value, timedOut };
  }

  /** Polls the run `name` of the job `key` until it ends, is gone, or the deadline passes. */
  private async waitForJob(
    key: string,
    name: string,
  ): Promise<{ job: Job | undefined; timedOut: boolean }> {
    const read = this.watched(
      () => this.api.findJob(this.namespace, name),
      (job) => ({
        type: "status",
        kind: "job",
        name: key,
        outpostName: name,
        status: job.status,
        progress: job.progress ?? null,
      }),
    );
    const { value, timedOut } = await this.poll(read, (j) => !j || jobReadiness(j) !== "pending");
    return { job: value, timedOut };
  }

  /** Waits for a written service (when asked) and reports it. */
  private async settleService(change: ServiceChange): Promise<ResourceResult> {
    const base = {
      kind: "service",
      name: change.name,
      outpostName: change.name,
      action: change.action,
    } as const;
    if (this.options.wait === false) {
      const service = await this.api.findService(this.namespace, change.name);
      return { ...base, ok: true, ...serviceFields(service) };
    }
    const { service, timedOut } = await this.waitForService(change.name);
    const readiness = service ? serviceReadiness(service) : "failed";
    if (readiness === "ready") return { ...base, ok: true, ...serviceFields(service) };
    const why = !service
      ? "the service disappeared while deploying"
      : timedOut
        ? `not ready before the timeout: ${service.status} with ${service.ready_replicas} of ${service.min_replicas} replicas ready`
        : `the service ${service.status}`;
    return {
      ...base,
      ok: false,
      ...serviceFields(service),
      message: why,
      logTail: await this.logTail("service", change.name),
    };
  }

  private async applyService(change: ServiceChange): Promise<ResourceResult> {
    const ns = this.namespace;
    switch (change.action) {
      case "noop": {
        const live = this.options.live.services.get(change.name);
        return {
          kind: "service",
          name: change.name,
          outpostName: change.name,
          action: "noop",
          ok: true,
          ...serviceFields(live),
        };
      }
      case "create":
        return this.trackService(change, change.spec, () =>
          this.api.createService(ns, change.spec),
        );
      case "update":
        return this.trackService(change, change.spec, () =>
          this.api.updateService(ns, change.name, change.body),
        );
      case "redeploy":
        return this.trackService(change, change.spec, () =>
          this.api.redeployService(ns, change.name),
        );
      case "replace":
        if (!change.allowed) throw new ApplyRefusedError([change.name]);
        return this.trackService(change, change.spec, async () => {
          await this.api.deleteService(ns, change.name);
          await this.waitUntilGone(change.name);
          await this.api.createService(ns, change.spec);
        });
      case "orphan": {
        const base = {
          kind: "service",
          name: change.name,
          outpostName: change.name,
          action: "orphan",
        } as const;
        if (!change.exists) {
          await this.options.records.forget("service", ns, change.name);
          return { ...base, ok: true, message: "already deleted on Outpost; record removed" };
        }
        if (!change.prune) {
          return {
            ...base,
            ok: true,
            message: "no longer in outpost.yaml; kept (enable prune to delete)",
          };
        }
        this.emit({ type: "write", change });
        await this.api.deleteService(ns, change.name);
        await this.options.records.forget("service", ns, change.name);
        return { ...base, ok: true, status: "deleted", message: "deleted (pruned)" };
      }
    }
  }

  private async waitUntilGone(name: string): Promise<void> {
    const { timedOut } = await this.poll(
      () => this.api.findService(this.namespace, name),
      (s) => !s,
    );
    if (timedOut) throw new Error(`${name} was not deleted before the timeout`);
  }

  private async applyJob(change: JobChange): Promise<ResourceResult> {
    const ns = this.namespace;
    const base = { kind: "job", name: change.key, action: change.action } as const;
    switch (change.action) {
      case "skip":
        return {
          ...base,
          outpostName: change.lastRunName,
          ok: true,
          message: "not due: nothing it depends on changed",
        };
      case "cancel": {
        this.emit({ type: "write", change });
        const cancelled = await this.api.cancelJob(ns, change.runName);
        return {
          ...base,
          outpostName: change.runName,
          ok: true,
          status: cancelled.status,
          id: cancelled.id,
          message: `superseded by ${change.supersededBy}`,
        };
      }
      case "attach":
      case "submit": {
        const body = change.spec;
        const live = this.options.live.jobs.get(change.runName);
        const pending = await this.begin(
          "job",
          change.key,
          change.runName,
          jobDefinition(body),
          body.env ?? {},
          live?.id,
        );
        let job: Job | undefined;
        try {
          if (change.action === "submit") {
            this.emit({ type: "write", change });
            job = await this.api.createJob(ns, body);
          } else {
            job = await this.api.findJob(ns, change.runName);
          }
        } catch (error) {
          await pending.fail(message(error));
          throw error;
        }
        // A job's record counts from its submission: whatever the run's outcome, the same
        // definition is not submitted again unless asked.
        await pending.succeed({});
        if (!this.options.waitForJobs) {
          return { ...base, outpostName: change.runName, ok: true, ...jobFields(job) };
        }
        const waited = await this.waitForJob(change.key, change.runName);
        const readiness = waited.job ? jobReadiness(waited.job) : "failed";
        if (readiness === "ready")
          return { ...base, outpostName: change.runName, ok: true, ...jobFields(waited.job) };
        const why = !waited.job
          ? "the job disappeared"
          : waited.timedOut
            ? `still ${waited.job.status} at the timeout`
            : `the job ${waited.job.status}`;
        return {
          ...base,
          outpostName: change.runName,
          ok: false,
          ...jobFields(waited.job),
          message: why,
          logTail: await this.logTail("job", change.runName),
        };
      }
    }
  }

  async run(): Promise<ApplyResult> {
    const started = this.clock.now();
    const blocked = blockedChanges(this.plan);
    if (blocked.length > 0) throw new ApplyRefusedError(blocked.map((c) => c.name));
    const results = await Promise.all(
      this.plan.changes.map(async (change): Promise<ResourceResult> => {
        let result: ResourceResult;
        try {
          result =
            change.kind === "service"
              ? await this.applyService(change)
              : await this.applyJob(change);
        } catch (error) {
          const name = change.kind === "service" ? change.name : change.key;
          const outpostName =
            change.kind === "service"
              ? change.name
              : "runName" in change
                ? change.runName
                : change.lastRunName;
          result = {
            kind: change.kind,
            name,
            outpostName,
            action: change.action,
            ok: false,
            message: message(error),
          };
        }
        this.emit({ type: "done", result });
        return result;
      }),
    );
    return {
      namespace: this.namespace,
      ok: results.every((r) => r.ok),
      results,
      durationMs: this.clock.now() - started,
    };
  }
}

function serviceFields(service: Service | undefined): Partial<ResourceResult> {
  if (!service) return {};
  return {
    status: service.status,
    id: service.id,
    endpoint: service.endpoint,
    readyReplicas: service.ready_replicas,
  };
}

function jobFields(job: Job | undefined): Partial<ResourceResult> {
  if (!job) return {};
  return {
    status: job.status,
    id: job.id,
    progress: job.progress ?? null,
    ...(job.runtime_seconds === undefined ? {} : { runtimeSeconds: job.runtime_seconds }),
    ...(job.total_cost === undefined ? {} : { totalCost: job.total_cost }),
    ...(job.artifacts ? { artifactsUrl: job.artifacts.download_url } : {}),
  };
}

export function apply(plan: Plan, api: OutpostPort, options: ApplyOptions): Promise<ApplyResult> {
  return new ApplyRun(plan, api, options).run();
}
