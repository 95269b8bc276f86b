/**
 * Applies a plan: requests with bounded concurrency, waits for services to be ready (and jobs to
 * finish, when asked) under one overall deadline, records what was applied as it goes, and
 * reports every resource's outcome. Refuses to start while the plan holds a replacement the user
 * did not allow, or of a service the project does not own, so nothing is half-applied.
 *
 * Records: each is begun before its write is sent and counts from Outpost's acknowledgment;
 * readiness is settled on it afterwards. A write whose answer was lost leaves its record begun
 * (the next plan reads Outpost to see whether it arrived), so no job is ever submitted twice.
 *
 * Stopping (`signal`: Ctrl-C, a cancelled workflow run): no new write starts; a write already
 * sent may finish within `writeGraceMs`; waits end at once; every record is settled for what
 * happened (written, never sent, uncertain), and the result says `interrupted`.
 */
import type {
  CreateServiceRequest,
  Job,
  Service,
  ServiceChange as ServiceChangeAnswer,
  ServiceSummary,
} from "../outpost/types.ts";
import type {
  AppliedRecord,
  ObservedService,
  PendingRecord,
  RecordStore,
} from "../records/applied-record.ts";
import type { Digester } from "../records/digest.ts";
import { isNameTaken } from "../outpost/recovery.ts";
import { classifyFailure, mayHaveTakenEffect } from "../outpost/retry-policy.ts";
import { systemClock, type Clock } from "./clock.ts";
import { RequestLimit } from "./concurrency.ts";
import { limitRequests } from "./request-limit.ts";
import { jobDefinition, liveService, type JobInputs, type LiveState } from "./diff.ts";
import { observationOf } from "./observation.ts";
import { ServiceWaits } from "./service-waits.ts";
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
  /** The run was stopped before this resource was done with (its write sent or not). */
  readonly interrupted?: boolean;
}

export interface ApplyResult {
  readonly namespace: string;
  readonly ok: boolean;
  /** The run was stopped (`signal`) before it finished: the next apply does what is left. */
  readonly interrupted: boolean;
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
  readonly records: RecordStore;
  /** Makes the digests of new records (with the current records key). */
  readonly digester: Digester;
  /** At most this many requests in flight (default 8); resources waiting hold no slot. */
  readonly concurrency?: number;
  /** Wait for services to be ready (default true). */
  readonly wait?: boolean;
  /** Wait for submitted jobs to finish (default false). */
  readonly waitForJobs?: boolean;
  /** One deadline for all the waiting, in milliseconds (default 15 minutes). */
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  readonly commit?: string;
  readonly jobInputs?: ReadonlyMap<string, JobInputs>;
  readonly onEvent?: (event: ApplyEvent) => void;
  readonly clock?: Clock;
  /** Stops the run: no new write, waits end, records settled (see above). */
  readonly signal?: AbortSignal;
  /** How long a write already sent may take to finish once the run is stopped (default 3 s). */
  readonly writeGraceMs?: number;
  /** How many log lines a failure carries. */
  readonly logLines?: number;
}

export class ApplyRefusedError extends Error {
  readonly code = "replace_not_allowed";
  readonly services: readonly string[];
  constructor(changes: readonly Extract<ServiceChange, { action: "replace" }>[]) {
    const notOwned = changes.filter((c) => !c.owned).map((c) => c.name);
    const notAllowed = changes.filter((c) => c.owned && !c.allowed).map((c) => c.name);
    const parts: string[] = [];
    if (notAllowed.length > 0) {
      parts.push(
        `${notAllowed.join(", ")} ${notAllowed.length === 1 ? "needs" : "need"} replacement ` +
          "(an immutable field changed), which deletes the running service. Allow it with " +
          "`allow-replace` (action input) or `--allow-replace` (CLI), or revert the field.",
      );
    }
    if (notOwned.length > 0) {
      parts.push(
        `${notOwned.join(", ")} would need replacement (an immutable field changed), but this ` +
          "project's records do not show the live service as its own (no record of it, or a record " +
          "of another service of that name), so it is never deleted. Revert the field, or delete " +
          "the service on Outpost yourself and apply again to create it.",
      );
    }
    super(`Refusing to apply: ${parts.join(" ")}`);
    this.name = "ApplyRefusedError";
    this.services = changes.map((c) => c.name);
  }
}

/** The run was stopped before this resource's write was sent. */
class NotSent extends Error {
  readonly code = "interrupted";
}

const defaults = {
  concurrency: 8,
  timeoutMs: 15 * 60_000,
  pollIntervalMs: 5_000,
  logLines: 20,
  writeGraceMs: 3_000,
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A signal that aborts `graceMs` after `signal` does: what a write already sent may still take. */
function afterGrace(signal: AbortSignal | undefined, graceMs: number): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const controller = new AbortController();
  const abort = () => {
    setTimeout(() => controller.abort(signal.reason), graceMs).unref();
  };
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  return controller.signal;
}

class ApplyRun {
  private readonly clock: Clock;
  private readonly deadline: number;
  private readonly plan: Plan;
  private readonly api: OutpostPort;
  private readonly options: ApplyOptions;
  private readonly writeSignal: AbortSignal | undefined;
  private readonly waits: ServiceWaits;

  constructor(plan: Plan, api: OutpostPort, options: ApplyOptions) {
    this.plan = plan;
    // Every resource proceeds at once; the requests, not the resources, are bounded.
    this.api = limitRequests(api, new RequestLimit(options.concurrency ?? defaults.concurrency));
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.deadline = this.clock.now() + (options.timeoutMs ?? defaults.timeoutMs);
    this.writeSignal = afterGrace(options.signal, options.writeGraceMs ?? defaults.writeGraceMs);
    const shown = new Map<string, string>();
    this.waits = new ServiceWaits({
      api: this.api,
      namespace: plan.namespace,
      clock: this.clock,
      pollIntervalMs: options.pollIntervalMs ?? defaults.pollIntervalMs,
      deadline: this.deadline,
      serviceCount: options.live.serviceCount,
      call: { signal: options.signal },
      onRead: (name, entry) => {
        const event = {
          type: "status",
          kind: "service",
          name,
          outpostName: name,
          status: entry.status,
          readyReplicas: entry.ready_replicas,
          minReplicas: entry.min_replicas,
        } as const;
        const key = JSON.stringify(event);
        if (shown.get(name) === key) return;
        shown.set(name, key);
        this.emit(event);
      },
    });
  }

  private get namespace(): string {
    return this.plan.namespace;
  }

  private get stopped(): boolean {
    return this.options.signal?.aborted === true;
  }

  /** Reads and waits stop at once; writes already sent get their grace. */
  private get readCall() {
    return { signal: this.options.signal };
  }

  private get writeCall() {
    return { signal: this.writeSignal };
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
    extra: Pick<AppliedRecord, "outpostId" | "request">,
  ): Promise<PendingRecord> {
    if (this.stopped) throw new NotSent("the run was stopped before this was sent");
    const inputs = kind === "job" ? this.options.jobInputs?.get(key) : undefined;
    return this.options.records.begin({
      kind,
      namespace: this.namespace,
      key,
      outpostName,
      ...(extra.outpostId === undefined ? {} : { outpostId: extra.outpostId }),
      digest: this.options.digester.digest(definition, env),
      ...(inputs === undefined ? {} : { inputsDigest: inputs.digest }),
      ...(this.options.commit === undefined ? {} : { commit: this.options.commit }),
      ...(extra.request === undefined ? {} : { request: extra.request }),
      appliedAt: new Date(this.clock.now()).toISOString(),
    });
  }

  /**
   * Sends a write with its record: settled `written` on Outpost's answer, or failed as the
   * failure says (refused, never sent, or uncertain: its answer lost). Returns the answer.
   */
  private async write<T>(
    change: Change,
    pending: PendingRecord,
    send: () => Promise<T>,
    outpostId: (answer: T) => string | undefined,
  ): Promise<T> {
    if (this.stopped) {
      await pending.failed("Cancelled before anything was sent to Outpost", "not-sent");
      throw new NotSent("the run was stopped before this was sent");
    }
    let answer: T;
    try {
      this.emit({ type: "write", change });
      answer = await send();
    } catch (error) {
      const uncertain = this.stopped || mayHaveTakenEffect(classifyFailure(error));
      await pending.failed(message(error), uncertain ? "uncertain" : "refused");
      throw error;
    }
    await pending.written({ outpostId: outpostId(answer) });
    return answer;
  }

  /** Writes a service with its record, then waits for it and settles the record's readiness. */
  private async trackService(
    change: ServiceChange,
    spec: CreateServiceRequest,
    send: () => Promise<Service | ServiceChangeAnswer>,
  ): Promise<ResourceResult> {
    const id = liveService(this.options.live, spec.name)?.id;
    const pending = await this.begin("service", spec.name, spec.name, spec, spec.env ?? {}, {
      ...(id === undefined ? {} : { outpostId: id }),
    });
    const answer = await this.write(change, pending, send, (written) => written.id);
    const { result, observed } = await this.settleService(change, answer);
    if (result.interrupted === true) {
      await pending.settle({ type: "interrupted", reason: result.message ?? "interrupted" });
    } else if (result.ok && this.options.wait !== false) {
      await pending.settle({
        type: "ready",
        ...(result.endpoint === undefined ? {} : { url: result.endpoint }),
        ...(observed === undefined ? {} : { observed }),
      });
    } else if (!result.ok) {
      await pending.settle({ type: "unready", reason: result.message ?? "not ready" });
    }
    return result;
  }

  private async logTail(kind: "service" | "job", name: string): Promise<string[]> {
    const query = { tail: this.options.logLines ?? defaults.logLines };
    try {
      const logs =
        kind === "service"
          ? await this.api.getServiceLogs(this.namespace, name, query, this.readCall)
          : await this.api.getJobLogs(this.namespace, name, query, this.readCall);
      return logs.lines.map((line) => `${line.timestamp} ${line.message}`);
    } catch {
      return [];
    }
  }

  /**
   * Reads until `settled`, the deadline, or the run is stopped. The wait between reads grows
   * from half a second to the poll interval: quick rollouts are seen quickly, long ones cost few
   * requests.
   */
  private async poll<T>(
    read: () => Promise<T>,
    settled: (value: T) => boolean,
  ): Promise<{ value: T | undefined; timedOut: boolean; stopped: boolean }> {
    const longest = this.options.pollIntervalMs ?? defaults.pollIntervalMs;
    let interval = Math.min(500, longest);
    let value: T | undefined;
    try {
      for (;;) {
        value = await read();
        if (settled(value)) return { value, timedOut: false, stopped: false };
        const left = this.deadline - this.clock.now();
        if (left <= 0) return { value, timedOut: true, stopped: false };
        await this.clock.sleep(Math.min(interval, left), this.options.signal);
        interval = Math.min(longest, interval * 1.5);
      }
    } catch (error) {
      if (this.stopped) return { value, timedOut: false, stopped: true };
      throw error;
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

  /** Polls the run `name` of the job `key` until it ends, is gone, the deadline or a stop. */
  private waitForJob(key: string, name: string) {
    const read = this.watched(
      () => this.api.findJob(this.namespace, name, this.readCall),
      (job) => ({
        type: "status",
        kind: "job",
        name: key,
        outpostName: name,
        status: job.status,
        progress: job.progress ?? null,
      }),
    );
    return this.poll(read, (j) => !j || jobReadiness(j) !== "pending");
  }

  /**
   * Waits for a written service (when asked) and reports it, with what its list entry showed
   * once it was ready. Without waiting, the write's own answer says what there is to say.
   */
  private async settleService(
    change: ServiceChange,
    answer: Service | ServiceChangeAnswer,
  ): Promise<{ result: ResourceResult; observed?: ObservedService }> {
    const base = {
      kind: "service",
      name: change.name,
      outpostName: change.name,
      action: change.action,
    } as const;
    if (this.options.wait === false) {
      const listed = liveService(this.options.live, change.name);
      const known = "endpoint" in answer ? answer : listed;
      return {
        result: {
          ...base,
          ok: true,
          ...serviceFields(known),
          status: answer.status,
          id: answer.id,
        },
      };
    }
    const { entry, timedOut, stopped } = await this.waits.wait(change.name);
    if (stopped) {
      return {
        result: {
          ...base,
          ok: false,
          interrupted: true,
          ...serviceFields(entry),
          message: "sent to Outpost; stopped while waiting for it to be ready",
        },
      };
    }
    const readiness = entry ? serviceReadiness(entry) : "failed";
    if (readiness === "ready" && entry !== undefined) {
      return {
        result: { ...base, ok: true, ...serviceFields(entry) },
        observed: observationOf(entry),
      };
    }
    const why = !entry
      ? "the service disappeared while deploying"
      : timedOut
        ? `not ready before the timeout: ${entry.status} with ${entry.ready_replicas} of ${entry.min_replicas} replicas ready`
        : `the service ${entry.status}`;
    return {
      result: {
        ...base,
        ok: false,
        ...serviceFields(entry),
        message: why,
        logTail: await this.logTail("service", change.name),
      },
    };
  }

  /** Writes a record anew under the current key; nothing is sent to Outpost. */
  private async rewrite(record: AppliedRecord, url?: string): Promise<void> {
    if (this.stopped) return;
    await this.options.records.rewrite(record, url);
  }

  /**
   * Whether the live service is still the one the project's record names, read right before a
   * delete: a plan may be minutes old, and a service is never deleted on a guess.
   */
  private async stillOurs(
    name: string,
    recordedId: string | undefined,
  ): Promise<string | undefined> {
    const live = await this.api.findService(this.namespace, name, this.readCall);
    if (live === undefined) return "it is gone from Outpost already";
    if (recordedId !== undefined && live.id !== recordedId) {
      return `the live service (${live.id}) is not the one this project's record names (${recordedId})`;
    }
    return undefined;
  }

  private async applyService(change: ServiceChange): Promise<ResourceResult> {
    const ns = this.namespace;
    const base = {
      kind: "service",
      name: change.name,
      outpostName: change.name,
      action: change.action,
    } as const;
    switch (change.action) {
      case "noop": {
        const live = liveService(this.options.live, change.name);
        if (change.rewrite) await this.rewrite(change.rewrite, live?.endpoint);
        // Unchanged is not fine when it has failed: the apply says so, as it did when it failed.
        if (live?.status === "failed") {
          return {
            ...base,
            ok: false,
            ...serviceFields(live),
            message:
              "the service has failed on Outpost, and nothing in the file changed: fix the cause and apply the change, or redeploy it",
            logTail: await this.logTail("service", change.name),
          };
        }
        return { ...base, ok: true, ...serviceFields(live) };
      }
      case "create":
        return this.trackService(change, change.spec, () =>
          this.api.createService(ns, change.spec, this.writeCall),
        );
      case "update":
        return this.trackService(change, change.spec, () =>
          this.api.updateService(ns, change.name, change.body, this.writeCall),
        );
      case "redeploy":
        return this.trackService(change, change.spec, () =>
          this.api.redeployService(ns, change.name, this.writeCall),
        );
      case "replace": {
        if (!change.allowed || !change.owned) throw new ApplyRefusedError([change]);
        const recorded = liveService(this.options.live, change.name)?.id;
        const notOurs = await this.stillOurs(change.name, recorded);
        if (notOurs !== undefined)
          return { ...base, ok: false, message: `not replaced: ${notOurs}` };
        return this.trackService(change, change.spec, async () => {
          await this.api.deleteService(ns, change.name, this.writeCall);
          await this.waitUntilGone(change.name);
          return this.api.createService(ns, change.spec, this.writeCall);
        });
      }
      case "orphan": {
        if (!change.exists) {
          await this.options.records.forgetService(ns, change.name);
          return { ...base, ok: true, message: "already deleted on Outpost; record removed" };
        }
        if (!change.prune) {
          return {
            ...base,
            ok: true,
            message: "no longer in outpost.yaml; kept (enable prune to delete)",
          };
        }
        if (!change.owned) {
          return {
            ...base,
            ok: true,
            message: "not deleted: the live service is not the one this project's record names",
          };
        }
        if (this.stopped) throw new NotSent("the run was stopped before this was sent");
        const notOurs = await this.stillOurs(change.name, change.recordedId);
        if (notOurs !== undefined) return { ...base, ok: true, message: `not deleted: ${notOurs}` };
        this.emit({ type: "write", change });
        await this.api.deleteService(ns, change.name, this.writeCall);
        await this.options.records.forgetService(ns, change.name);
        return { ...base, ok: true, status: "deleted", message: "deleted (pruned)" };
      }
    }
  }

  private async waitUntilGone(name: string): Promise<void> {
    const { timedOut, stopped } = await this.poll(
      () => this.api.findService(this.namespace, name, this.readCall),
      (s) => !s,
    );
    if (stopped) throw new Error(`stopped while waiting for ${name} to be deleted`);
    if (timedOut) throw new Error(`${name} was not deleted before the timeout`);
  }

  /** Waits for a job run when asked, settling its record with the end the wait saw. */
  private async settleJob(
    change: Extract<JobChange, { action: "submit" | "attach" }>,
    job: Job | undefined,
    pending: PendingRecord | undefined,
  ): Promise<ResourceResult> {
    const base = {
      kind: "job",
      name: change.key,
      action: change.action,
      outpostName: change.runName,
    } as const;
    if (!this.options.waitForJobs) return { ...base, ok: true, ...jobFields(job) };
    const waited = await this.waitForJob(change.key, change.runName);
    if (waited.stopped) {
      await pending?.settle({ type: "interrupted", reason: "stopped while waiting" });
      return {
        ...base,
        ok: false,
        interrupted: true,
        ...jobFields(waited.value ?? job),
        message: "submitted; stopped while waiting for it to finish (it goes on running)",
      };
    }
    const ended = waited.value;
    const readiness = ended ? jobReadiness(ended) : "failed";
    if (ended !== undefined && readiness !== "pending") {
      await pending?.settle({
        type: "ended",
        status: ended.status,
        reason: `Run ${change.runName} ${ended.status}`,
      });
    }
    if (readiness === "ready") return { ...base, ok: true, ...jobFields(ended) };
    const why = !ended
      ? "the job disappeared"
      : waited.timedOut
        ? `still ${ended.status} at the timeout`
        : `the job ${ended.status}`;
    return {
      ...base,
      ok: false,
      ...jobFields(ended),
      message: why,
      logTail: await this.logTail("job", change.runName),
    };
  }

  private async applyJob(change: JobChange): Promise<ResourceResult> {
    const ns = this.namespace;
    const base = { kind: "job", name: change.key, action: change.action } as const;
    switch (change.action) {
      case "skip":
        if (change.rewrite) await this.rewrite(change.rewrite);
        return {
          ...base,
          outpostName: change.lastRunName,
          ok: true,
          message: "not due: nothing it depends on changed",
        };
      case "cancel": {
        if (this.stopped) throw new NotSent("the run was stopped before this was sent");
        this.emit({ type: "write", change });
        const cancelled = await this.api.cancelJob(ns, change.runName, this.writeCall);
        return {
          ...base,
          outpostName: change.runName,
          ok: true,
          status: cancelled.status,
          id: cancelled.id,
          message: `superseded by ${change.supersededBy}`,
        };
      }
      case "attach": {
        // A record begun by an apply that did not finish: the run arrived, so it counts now.
        const pending = this.options.records.resume(change.record);
        const job = await this.api.findJob(ns, change.runName, this.readCall);
        if (change.record.state === "begun" && job !== undefined)
          await pending.written({ outpostId: job.id });
        if (job === undefined) {
          return {
            ...base,
            outpostName: change.runName,
            ok: true,
            message: "submitted before for this request; Outpost no longer has the run",
          };
        }
        return this.settleJob(change, job, pending);
      }
      case "submit": {
        const definition = jobDefinition(change.spec);
        const env = change.spec.env ?? {};
        let pending =
          change.resumes === undefined
            ? await this.begin("job", change.key, change.runName, definition, env, {
                request: change.request,
              })
            : this.options.records.resume(change.resumes);
        const names = [change.runName, ...change.alternatives];
        for (const [index, runName] of names.entries()) {
          const submitted = { ...change, runName, spec: { ...change.spec, name: runName } };
          try {
            const job = await this.write(
              submitted,
              pending,
              () => this.api.createJob(ns, submitted.spec, this.writeCall),
              (created) => created.id,
            );
            const result = await this.settleJob(submitted, job, pending);
            return index === 0
              ? result
              : {
                  ...result,
                  message: `submitted as ${runName}: ${names.slice(0, index).join(", ")} held by runs this project did not submit`,
                };
          } catch (error) {
            const next = names[index + 1];
            // Another run, which no record of this project names, holds the name: the next one.
            if (!isNameTaken(error) || next === undefined) throw error;
            pending = await this.begin("job", change.key, next, definition, env, {
              request: change.request,
            });
          }
        }
        throw new Error("unreachable: the last name's failure is thrown");
      }
    }
  }

  private async applyChange(change: Change): Promise<ResourceResult> {
    try {
      return change.kind === "service"
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
      const notSent = error instanceof NotSent;
      return {
        kind: change.kind,
        name,
        outpostName,
        action: change.action,
        ok: false,
        ...(notSent || this.stopped ? { interrupted: true } : {}),
        message: notSent ? "not sent: the run was stopped first" : message(error),
      };
    }
  }

  async run(): Promise<ApplyResult> {
    const started = this.clock.now();
    const blocked = blockedChanges(this.plan);
    if (blocked.length > 0) throw new ApplyRefusedError(blocked);
    const results = await Promise.all(
      this.plan.changes.map(async (change) => {
        const result = await this.applyChange(change);
        this.emit({ type: "done", result });
        return result;
      }),
    );
    return {
      namespace: this.namespace,
      ok: results.every((r) => r.ok),
      interrupted: this.stopped,
      results,
      durationMs: this.clock.now() - started,
    };
  }
}

function serviceFields(service: Service | ServiceSummary | undefined): Partial<ResourceResult> {
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
