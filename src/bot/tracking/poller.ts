/**
 * The poller: every interval, this replica claims its share of the active watches (leases in the
 * store, so with several replicas each watch is polled by one, and a dead replica's watches are
 * taken over when its leases run out), lists Outpost per namespace — queued and running jobs,
 * and services, 100 to a page — and sees what changed. What is due goes to GitHub through the
 * write budget, most urgent first (write-queue.ts); what the budget defers is written next cycle.
 *
 * Outpost calls per namespace and cycle: ⌈queued/100⌉ + ⌈running/100⌉ when it has watched jobs,
 * ⌈services/100⌉ when it has watched services; then one final read per job that ended (once),
 * and only for writes the budget lets through: one log read per running job, one read per
 * running service (metrics), one log read per service that went wrong. A fleet's members (more
 * of one kind on a commit than the operator's threshold) share one check run and are read for
 * nothing but a failure's last lines.
 */
import type { Redact } from "../../render/redaction.ts";
import type { JobSummary, ServiceSummary } from "../../outpost/types.ts";
import { mapConcurrent } from "../../plan/concurrency.ts";
import type { BotContext } from "../bot-context.ts";
import type { BudgetedGitHub } from "../budget/budgeted-github.ts";
import { failureMessage } from "../failure-message.ts";
import { fleetCheckPriority, writeFleetCheck } from "../fleet/fleet-check.ts";
import { fleetId, fleetKeyOf, FleetMembership, type FleetKey } from "../fleet/fleet-key.ts";
import { handOff, recordMember } from "../fleet/fleet-member.ts";
import type { OutpostApi } from "../outpost-access.ts";
import { refreshStickyComment } from "../sticky-comment.ts";
import { LeaseLostError } from "../store/store-errors.ts";
import type { Watch } from "../store/store.ts";
import { CycleLeases } from "./cycle-leases.ts";
import { readPollState, type PollState } from "./poll-state.ts";
import { observeJob, observeService, type RenderSource } from "./poll-watch.ts";
import { sightJob, sightService, type NamespaceSnapshot } from "./sighting.ts";
import { endPriority, writeIntent } from "./write-intent.ts";
import { runWrites, type WriteTask } from "./write-queue.ts";
import { finishWatch, LeaseExpiredError, writeCheckRun, type WatchWriter } from "./write-watch.ts";

/** GitHub, authenticated as an installation, through its write budget. */
export type InstallationGitHub = (installationId: number) => Promise<BudgetedGitHub>;

export interface PollRecord {
  readonly watchId: number;
  readonly replicaId: string;
  /** Wall-clock time of the poll. */
  readonly at: number;
}

export interface PollerOptions {
  readonly context: BotContext;
  readonly github: InstallationGitHub;
  /** Watches polled at once. */
  readonly concurrency?: number;
  /** Told of every watch polled (the replica test records them). */
  readonly onPoll?: (record: PollRecord) => void;
}

export interface CycleReport {
  readonly claimed: number;
  readonly polled: number;
  /** GitHub writes made (check runs, Deployments, comments). */
  readonly written: number;
  /** Writes the budget left for a later cycle. */
  readonly deferred: number;
  readonly failed: number;
}

const pruneIntervalMs = 60 * 60 * 1000;

interface Group {
  readonly owner: string;
  readonly namespace: string;
  readonly watches: Watch[];
}

/** What a cycle collects besides each watch's own writes. */
interface CycleWork {
  readonly leases: CycleLeases;
  readonly tasks: WriteTask[];
  readonly fleets: Map<string, { key: FleetKey; installationId: number; redact: Redact }>;
  readonly membership: FleetMembership;
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
    await this.#options.context.store.releaseWatches(this.#options.context.replicaId);
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
    const { context } = this.#options;
    try {
      const claim = await context.store.claimWatches(context.replicaId, {
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
      const leases = new CycleLeases(claim);
      const work: CycleWork = {
        leases,
        tasks: [],
        fleets: new Map(),
        membership: new FleetMembership(context.store, context.operator.fleetThreshold),
      };
      let polled = 0;
      let failed = 0;
      for (const group of groups.values()) {
        const result = await this.#pollGroup(group, claim.validUntil, work);
        polled += result.polled;
        failed += result.failed;
      }
      await this.#addFleetChecks(work);
      this.#addComments(claim.watches, work);
      // The writes come after every poll: the watches still held get their leases extended.
      leases.renewed(
        await context.store.renewWatches(context.replicaId, { leaseMs: context.operator.leaseMs }),
      );
      const writes = await runWrites(work.tasks, this.#options.github, context.log);
      await this.#prune();
      this.#lastCycle = { at: Date.now(), ok: true };
      return {
        claimed: claim.watches.length,
        polled,
        written: writes.written,
        deferred: writes.deferred,
        failed: failed + writes.failed,
      };
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
      const { store, now, log } = this.#options.context;
      const counts = await store.prune();
      const ledger = await store.writeLedger.prune(Math.floor(now()));
      log.debug({ ...counts, ledger }, "store pruned");
    } catch (error) {
      this.#options.context.log.warn({ error: failureMessage(error) }, "pruning the store failed");
    }
  }

  async #addFleetChecks(work: CycleWork): Promise<void> {
    const { context } = this.#options;
    for (const fleet of work.fleets.values()) {
      const due = await fleetCheckPriority(context, fleet.key, fleet.redact);
      if (due === undefined) continue;
      work.tasks.push({
        installationId: fleet.installationId,
        priority: due.priority,
        target: "check-run",
        lastWriteAt: due.lastWriteAt,
        label: `fleet check run ${fleetId(fleet.key)}`,
        redact: fleet.redact,
        run: (github) => writeFleetCheck(context, github, fleet.key, fleet.redact),
      });
    }
  }

  /** Every pull request of the watches this replica holds gets its comment looked at. */
  #addComments(watches: readonly Watch[], work: CycleWork): void {
    const { context } = this.#options;
    const pulls = new Map<string, Watch>();
    for (const watch of watches) {
      if (watch.pullRequest !== null) {
        pulls.set(`${watch.owner}/${watch.repo}#${watch.pullRequest}`.toLowerCase(), watch);
      }
    }
    for (const [label, watch] of pulls) {
      const repository = { owner: watch.owner, repo: watch.repo };
      const pullNumber = watch.pullRequest ?? 0;
      work.tasks.push({
        installationId: watch.installationId,
        priority: "state",
        target: "comment",
        lastWriteAt: null,
        label: `sticky comment ${label}`,
        redact: (text) => text,
        run: async (github) =>
          (await refreshStickyComment(context, github, repository, pullNumber)) === "written",
      });
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

  async #pollGroup(group: Group, validUntil: number, work: CycleWork) {
    const { context } = this.#options;
    let polled = 0;
    let failed = 0;
    const access = context.access.for(group.owner, group.namespace);
    if (!access.granted) {
      context.log.warn(
        { owner: group.owner, namespace: group.namespace, watches: group.watches.length },
        "namespace no longer granted by the operator; its watches are not polled",
      );
      return { polled, failed };
    }
    // Listed once per namespace, unless every watch there has ended (only Deployments remain).
    const open = group.watches.filter(
      (watch) => readPollState(watch.pollState)?.concluded !== true,
    );
    let snapshot: NamespaceSnapshot = { jobs: new Map(), services: new Map() };
    if (open.length > 0) {
      try {
        snapshot = await this.#snapshot({ ...group, watches: open }, access.client);
      } catch (error) {
        context.log.warn(
          { namespace: group.namespace, error: access.redact(failureMessage(error)) },
          "listing the namespace failed; its watches wait for the next cycle",
        );
        return { polled, failed: open.length };
      }
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
      this.#options.onPoll?.({ watchId: watch.id, replicaId: context.replicaId, at: Date.now() });
      context.log.debug({ event: "poll", watch: watch.id, replica: context.replicaId }, "poll");
      const { leases } = work;
      const writer: Omit<WatchWriter, "github"> = {
        context,
        repository: { owner: watch.owner, repo: watch.repo },
        replicaId: context.replicaId,
        get leaseValidUntil() {
          return leases.validUntil(watch.id);
        },
        redact: access.redact,
      };
      try {
        const key = fleetKeyOf(watch);
        const member = await work.membership.isFleet(key);
        if (state.concluded === true) {
          // Its end is on GitHub; Outpost has nothing more to say. Only the Deployment remains.
          work.tasks.push(this.#finishTask(writer, watch, state, member));
          return;
        }
        const source: RenderSource = {
          context,
          client: access.client,
          snapshot,
          redact: access.redact,
        };
        if (member) {
          work.fleets.set(fleetId(key), {
            key,
            installationId: watch.installationId,
            redact: access.redact,
          });
          await this.#pollMember(source, writer, watch, state, work);
        } else {
          await this.#pollOwn(source, writer, watch, state, work);
        }
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
    return { polled, failed };
  }

  /**
   * A concluded watch's Deployment end. A fleet member's is a record (its fleet's check run
   * shows the end already); another's is its end.
   */
  #finishTask(
    writer: Omit<WatchWriter, "github">,
    watch: Watch,
    state: PollState,
    member: boolean,
  ): WriteTask {
    return {
      installationId: watch.installationId,
      priority: member
        ? "record"
        : state.outcome === undefined
          ? "conclusion"
          : endPriority(state.outcome),
      target: "deployment",
      lastWriteAt: watch.lastWriteAt,
      label: `Deployment ${watch.deploymentId} of ${watch.outpostName}`,
      redact: writer.redact,
      run: async (github) => {
        await finishWatch({ ...writer, github }, watch, state);
        return true;
      },
    };
  }

  /** A resource with a check run of its own: written when due, read only then. */
  async #pollOwn(
    source: RenderSource,
    writer: Omit<WatchWriter, "github">,
    watch: Watch,
    state: PollState,
    work: CycleWork,
  ): Promise<void> {
    const { context } = this.#options;
    const sighting =
      watch.kind === "job"
        ? await sightJob(source, watch, state)
        : await sightService(source, watch, state);
    const priority = writeIntent({
      watch,
      state,
      status: sighting.status,
      listed: sighting.listed,
      outcome: sighting.outcome,
      written: watch.checkRunId !== null,
      now: context.now(),
      operator: context.operator,
    });
    if (priority === undefined) {
      await this.#noteStatus(watch, sighting.status);
      return;
    }
    work.tasks.push({
      installationId: watch.installationId,
      priority,
      target: "check-run",
      lastWriteAt: watch.lastWriteAt,
      label: `check run of ${watch.kind} ${watch.outpostName}`,
      redact: writer.redact,
      run: async (github) => {
        const observation =
          sighting.kind === "job"
            ? await observeJob(source, watch, state, sighting, "full")
            : await observeService(source, watch, state, sighting, "full");
        const wrote = await writeCheckRun({ ...writer, github }, watch, observation);
        if (observation.outcome.status === "completed") {
          await finishWatch({ ...writer, github }, watch, observation.state);
        }
        return wrote;
      },
    });
  }

  /** A member of a fleet: recorded in the store for the fleet's check run; no GitHub write of its own. */
  async #pollMember(
    source: RenderSource,
    writer: Omit<WatchWriter, "github">,
    watch: Watch,
    state: PollState,
    work: CycleWork,
  ): Promise<void> {
    const { context } = this.#options;
    if (watch.checkRunId !== null && state.handedOff !== true) {
      const members = await context.store.countWatches({
        owner: watch.owner,
        repo: watch.repo,
        headSha: watch.headSha,
        kind: watch.kind,
      });
      work.tasks.push({
        installationId: watch.installationId,
        priority: "state",
        target: "hand-off",
        lastWriteAt: watch.lastWriteAt,
        label: `hand-off of ${watch.outpostName}'s check run`,
        redact: writer.redact,
        run: async (github) => {
          await handOff(context, github, watch, state, members);
          return true;
        },
      });
    }
    const sighting =
      watch.kind === "job"
        ? await sightJob(source, watch, state)
        : await sightService(source, watch, state);
    const priority = writeIntent({
      watch,
      state,
      status: sighting.status,
      listed: sighting.listed,
      outcome: sighting.outcome,
      written: state.view !== undefined,
      now: context.now(),
      operator: context.operator,
    });
    if (priority === undefined) {
      await this.#noteStatus(watch, sighting.status);
      return;
    }
    const observation =
      sighting.kind === "job"
        ? await observeJob(source, watch, state, sighting, "fleet")
        : await observeService(source, watch, state, sighting, "fleet");
    await recordMember(context, watch, observation);
    if (observation.outcome.status === "completed") {
      work.tasks.push(
        this.#finishTask(writer, watch, { ...observation.state, concluded: true }, true),
      );
    }
  }

  /** Keeps the store's status current between writes (cheap, and GitHub is not touched). */
  async #noteStatus(watch: Watch, status: string): Promise<void> {
    if (watch.status === status) return;
    await this.#options.context.store.updateWatch(
      watch.id,
      { status },
      { expectedLeaseOwner: this.#options.context.replicaId },
    );
  }
}
