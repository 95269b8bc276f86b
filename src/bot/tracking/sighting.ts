/**
 * What one poll learns of a watched resource from the cycle's list calls: its status, the
 * outcome for GitHub, and the list entry's fingerprint (what changed since the last write). Only
 * a resource the lists lack costs a read of its own — a job that ended (its final record), a
 * service the list did not show; nothing else is read until a write is due (poll-watch.ts).
 */
import type { Job, JobSummary, Service, ServiceSummary } from "../../outpost/types.ts";
import type { Absence } from "../../render/resource-view.ts";
import type { BotContext } from "../bot-context.ts";
import type { OutpostApi } from "../outpost-access.ts";
import type { Watch } from "../store/store.ts";
import { jobOutcome, serviceOutcome, type Outcome, type ServiceTiming } from "./outcome.ts";
import type { PollState } from "./poll-state.ts";

/** What the list calls of one namespace returned this cycle, by name. */
export interface NamespaceSnapshot {
  /** Queued and running jobs. */
  readonly jobs: ReadonlyMap<string, JobSummary>;
  readonly services: ReadonlyMap<string, ServiceSummary>;
}

export interface SightingSource {
  readonly context: BotContext;
  readonly client: OutpostApi;
  readonly snapshot: NamespaceSnapshot;
}

export interface JobSighting {
  readonly kind: "job";
  readonly job: Job | JobSummary | Absence;
  readonly status: string;
  readonly progress: string | null;
  readonly outcome: Outcome;
  /** Status, progress and runtime as listed: while it says the same, there is nothing to show. */
  readonly listed: string;
}

export interface ServiceSighting {
  readonly kind: "service";
  readonly service: Service | ServiceSummary | Absence;
  readonly status: string;
  readonly outcome: Outcome;
  readonly listed: string;
  readonly timing: ServiceTiming;
  readonly degradedSince: number | undefined;
}

export type Sighting = JobSighting | ServiceSighting;

/** Not on Outpost: waited for within the grace period, then gone (seen before) or never there. */
function absence(source: SightingSource, state: PollState): Absence {
  if (state.seen === true) return "missing";
  const waited = source.context.now() - state.firstSeenAt;
  return waited < source.context.operator.submissionGraceMs ? "pending" : "unsubmitted";
}

export async function sightJob(
  source: SightingSource,
  watch: Watch,
  state: PollState,
): Promise<JobSighting> {
  const { namespace, outpostName: name } = watch;
  const job: Job | JobSummary | Absence =
    source.snapshot.jobs.get(name) ??
    (await source.client.findJob(namespace, name)) ??
    absence(source, state);
  const status = typeof job === "string" ? job : job.status;
  const progress = typeof job === "string" ? null : (job.progress ?? null);
  return {
    kind: "job",
    job,
    status,
    progress,
    outcome: typeof job === "string" ? jobOutcome(job, name) : jobOutcome(job.status, name),
    listed:
      typeof job === "string"
        ? job
        : `${job.status}|${progress ?? ""}|${job.runtime_seconds ?? ""}`,
  };
}

export async function sightService(
  source: SightingSource,
  watch: Watch,
  state: PollState,
): Promise<ServiceSighting> {
  const { context } = source;
  const { namespace, outpostName: name } = watch;
  const now = context.now();
  const service: Service | ServiceSummary | Absence =
    source.snapshot.services.get(name) ??
    (await source.client.findService(namespace, name)) ??
    absence(source, state);
  const degradedSince =
    typeof service !== "string" && service.status === "degraded"
      ? (state.degradedSince ?? now)
      : undefined;
  const timing: ServiceTiming = {
    degradedMs: degradedSince === undefined ? undefined : now - degradedSince,
    degradedGraceMs: context.operator.degradedGraceMs,
    elapsedMs: now - state.firstSeenAt,
    rolloutTimeoutMs: context.operator.rolloutTimeoutMs,
  };
  return {
    kind: "service",
    service,
    status: typeof service === "string" ? service : service.status,
    outcome: serviceOutcome(service, timing),
    listed:
      typeof service === "string"
        ? service
        : `${service.status}|${service.ready_replicas}|${service.current_replicas}`,
    timing,
    degradedSince,
  };
}
