/**
 * The poller: every interval, this replica claims its share of the active watches (leases in the
 * store, so with several replicas each watch is polled by one, and a dead replica's watches are
 * taken over when its leases run out), then polls Outpost per namespace with the list endpoints
 * — queued and running jobs, and services, 100 to a page — and writes what changed to GitHub.
 *
 * Outpost calls per namespace and cycle: ⌈queued/100⌉ + ⌈running/100⌉ when it has watched jobs,
 * ⌈services/100⌉ when it has watched services; then per watch only when its check run is due: one
 * log read per running job, one final read (and log read) per job that ended, one read per
 * running service (metrics), one log read per service that went wrong.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import type { JobSummary, ServiceSummary } from "../../outpost/types.ts";
import { mapConcurrent } from "../../plan/concurrency.ts";
import type { BotContext } from "../bot-context.ts";
import { failureMessage } from "../failure-message.ts";
import type { OutpostApi } from "../outpost-access.ts";
import type { RepositoryRef } from "../repository.ts";
import { refreshStickyComment } from "../sticky-comment.ts";
import { LeaseLostError } from "../store/store-errors.ts";
import type { Watch } from "../store/store.ts";
import { pollJob, pollService, type NamespaceSnapshot } from "./poll-watch.ts";
import { readPollState, type PollState } from "./poll-state.ts";
import { LeaseExpiredError } from "./write-watch.ts";

/** GitHub, authenticated as an installation. */
export type InstallationGitHub = (installationId: number) => Promise<GitHubApi>;

export interface PollRecord {
  readonly watchId: number;
  readonly replicaId: string;
  /** Wall-clock time of the poll. */
  readonly at: number;
}

export interface PollerOptions {
  readonly context: BotContext;
  readonly github: InstallationGitHub;
  readonly replicaId: string;
  /** Watches polled at once. */
  readonly concurrency?: number;
  /** Told of every watch polled (the replica test records them). */
  readonly onPoll?: (record: PollRecord) => void;
}

export interface CycleReport {
  readonly claimed: number;
  readonly polled: number;
  /** Check runs written to GitHub. */
  readonly written: number;
  readonly failed: number;
}

const pruneIntervalMs = 60 * 60 * 1000;

interface Group {
  readonly owner: string;
  readonly namespace: string;
  readonly watches: Watch[];
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export class Poller {
  readonly #options: PollerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<CycleReport> | undefined;
  #stopped = true;
  /** A wake during a cycle: the next one follows at once. */
  #woken = false;
  /** Watches seen without state once: the next time, they get one (their creator died). */
  readonly #stateless = new Set<number>();
  #lastCycle: { readonly at: number; readonly ok: boolean } | undefined;
  #lastPrune = 0;

  constructor(options: PollerOptions) {
    this.#options = options;
  }

  /** When the last cycle ended and whether it completed, for the health endpoint. */
  get lastCycle(): { readonly at: number; readonly ok: boolean } | undefined {
    return this.#lastCycle;
  }

  /** Polls every interval until `stop()`. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Runs a cycle soon (a new watch wants its check run). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running === undefined) this.#schedule(0);
    else this.#woken = true;
  }

  /** Stops polling, waits for a cycle under way, and hands this replica's leases back. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running?.catch(() => undefined);
    await this.#options.context.store.releaseWatches(this.#options.replicaId);
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.cycle()
        .catch(() => undefined)
        .finally(() => {
          if (this.#stopped) return;
          const again = this.#woken;
          this.#woken = false;
          this.#schedule(again ? 0 : this.#options.context.operator.pollIntervalMs);
        });
    }, delayMs);
    this.#timer.unref();
  }

  /** One cycle: claim, poll, write. Cycles never overlap; a second call joins the one under way. */
  cycle(): Promise<CycleReport> {
    this.#running ??= this.#cycle().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #cycle(): Promise<CycleReport> {
    const { context, replicaId } = this.#options;
    try {
      const claim = await context.store.claimWatches(replicaId, {
        leaseMs: context.operator.leaseMs,
      });
      const groups = new Map<string, Group>();
      for (const watch of claim.watches) {
        const id = `${watch.owner.toLowerCase()}\u0000${watch.namespace}`;
        let group = groups.get(id);
        if (group === undefined) {
          group = { owner: watch.owner, namespace: watch.namespace, watches: [] };
          groups.set(id, group);
        }
        group.watches.push(watch);
      }
      const totals = { polled: 0, written: 0, failed: 0 };
      // The pull requests whose resources changed: their sticky comments are rendered again.
      const pullRequests = new Map<string, Watch>();
      for (const group of groups.values()) {
        const result = await this.#pollGroup(group, claim.validUntil);
        totals.polled += result.polled;
        totals.written += result.written.length;
        totals.failed += result.failed;
        for (const watch of result.written) {
          if (watch.pullRequest !== null)
            pullRequests.set(`${watch.owner}/${watch.repo}#${watch.pullRequest}`, watch);
        }
      }
      for (const watch of pullRequests.values()) {
        await this.#refreshComment(watch);
      }
      await this.#prune();
      this.#lastCycle = { at: Date.now(), ok: true };
      return { claimed: claim.watches.length, ...totals };
    } catch (error) {
      this.#lastCycle = { at: Date.now(), ok: false };
      context.log.error({ error: failureMessage(error) }, "poll cycle failed");
      throw error;
    }
  }

  /** Once an hour, old deliveries, ended watches and records go (see the store's retention). */
  async #prune(): Promise<void> {
    if (Date.now() - this.#lastPrune < pruneIntervalMs) return;
    this.#lastPrune = Date.now();
    try {
      const counts = await this.#options.context.store.prune();
      this.#options.context.log.debug({ ...counts }, "store pruned");
    } catch (error) {
      this.#options.context.log.warn({ error: failureMessage(error) }, "pruning the store failed");
    }
  }

  async #refreshComment(watch: Watch): Promise<void> {
    const { context } = this.#options;
    const repository: RepositoryRef = { owner: watch.owner, repo: watch.repo };
    try {
      const github = await this.#options.github(watch.installationId);
      await refreshStickyComment(context, github, repository, watch.pullRequest ?? 0);
    } catch (error) {
      context.log.warn(
        {
          repository: `${watch.owner}/${watch.repo}`,
          pullRequest: watch.pullRequest,
          error: failureMessage(error),
        },
        "sticky comment not written",
      );
    }
  }

  async #snapshot(group: Group, client: OutpostApi): Promise<NamespaceSnapshot> {
    const wantsJobs = group.watches.some((watch) => watch.kind === "job");
    const wantsServices = group.watches.some((watch) => watch.kind === "service");
    const jobs = new Map<string, JobSummary>();
    const services = new Map<string, ServiceSummary>();
    if (wantsJobs) {
      for (const status of ["queued", "running"] as const) {
        for (const job of await collect(client.jobs(group.namespace, { status, per_page: 100 })))
          jobs.set(job.name, job);
      }
    }
    if (wantsServices) {
      for (const service of await collect(client.services(group.namespace, { per_page: 100 })))
        services.set(service.name, service);
    }
    return { jobs, services };
  }

  /** The watch's state; a new one for a watch whose creator did not get to write it. */
  #stateOf(watch: Watch): PollState | undefined {
    const state = readPollState(watch.pollState);
    if (state !== undefined) return state;
    // Its creator writes the state right after creating it: give it one cycle.
    if (!this.#stateless.has(watch.id)) {
      this.#stateless.add(watch.id);
      return undefined;
    }
    this.#stateless.delete(watch.id);
    return { key: watch.outpostName, firstSeenAt: this.#options.context.now() };
  }

  async #pollGroup(group: Group, validUntil: number) {
    const { context, replicaId } = this.#options;
    const written: Watch[] = [];
    let polled = 0;
    let failed = 0;
    const access = context.access.for(group.owner, group.namespace);
    if (!access.granted) {
      context.log.warn(
        { owner: group.owner, namespace: group.namespace, watches: group.watches.length },
        "namespace no longer granted by the operator; its watches are not polled",
      );
      return { written, polled, failed };
    }
    let snapshot: NamespaceSnapshot;
    try {
      snapshot = await this.#snapshot(group, access.client);
    } catch (error) {
      context.log.warn(
        { namespace: group.namespace, error: access.redact(failureMessage(error)) },
        "listing the namespace failed; its watches wait for the next cycle",
      );
      return { written, polled, failed: group.watches.length };
    }
    // A watch is polled only while a whole poll interval of its lease remains: a replica that
    // takes it over can only claim it once the lease ran out, so two replicas never poll one
    // watch within the same interval.
    const pollUntil = validUntil - context.operator.pollIntervalMs;
    await mapConcurrent(group.watches, this.#options.concurrency ?? 8, async (watch) => {
      if (Date.now() >= pollUntil) return;
      const state = this.#stateOf(watch);
      if (state === undefined) return;
      polled += 1;
      this.#options.onPoll?.({ watchId: watch.id, replicaId, at: Date.now() });
      context.log.debug({ event: "poll", watch: watch.id, replica: replicaId }, "poll");
      try {
        const github = await this.#options.github(watch.installationId);
        const poll = {
          context,
          github,
          repository: { owner: watch.owner, repo: watch.repo },
          replicaId,
          leaseValidUntil: validUntil,
          redact: access.redact,
          client: access.client,
          snapshot,
        };
        const wrote =
          watch.kind === "job"
            ? await pollJob(poll, watch, state)
            : await pollService(poll, watch, state);
        if (wrote) written.push(watch);
      } catch (error) {
        if (error instanceof LeaseLostError || error instanceof LeaseExpiredError) return;
        failed += 1;
        context.log.warn(
          {
            watch: watch.id,
            outpostName: watch.outpostName,
            error: access.redact(failureMessage(error)),
          },
          "poll of a watch failed; it is tried again next cycle",
        );
      }
    });
    return { written, polled, failed };
  }
}
