/**
 * The GitHub write budget of each installation, shared by all replicas through the store's
 * ledger: content-creating requests stay within `perMinute` and `perHour` (defaults below
 * GitHub's secondary limits of about 80 a minute and 500 an hour), lower priorities within their
 * share of it (see write-priority.ts), and none at all while GitHub asked to wait.
 *
 * A writer either waits for its turn (webhook handlers: a person is waiting for the plan or the
 * reply, and the delivery is safe in the inbox meanwhile) or is deferred (the poller: what it
 * could not write now it renders again next cycle, so nothing is lost by skipping).
 */
import type { WriteLedger } from "../store/write-ledger.ts";
import { budgetShare, type WritePriority } from "./write-priority.ts";
import type { RateLimitAdvice } from "./rate-limit-advice.ts";

export interface BudgetSettings {
  /** Content-creating requests per installation in any 60 s. */
  readonly perMinute: number;
  /** And in any hour. */
  readonly perHour: number;
}

export const defaultBudget: BudgetSettings = { perMinute: 60, perHour: 400 };

/** No write may wait longer than this for its turn; the delivery is retried later instead. */
export const maxWriteWaitMs = 15 * 60_000;

/** The write was not made: the budget (or GitHub) says not now. The poller writes it next cycle. */
export class WriteDeferredError extends Error {
  readonly code = "github_write_deferred";
  readonly retryAt: number;
  constructor(installationId: number, retryAt: number, reason: string) {
    super(
      `GitHub writes of installation ${installationId} wait until ${new Date(retryAt).toISOString()} (${reason})`,
    );
    this.name = "WriteDeferredError";
    this.retryAt = retryAt;
  }
}

export interface WriteBudgetOptions {
  readonly ledger: WriteLedger;
  readonly settings: BudgetSettings;
  /** The bot's clock. */
  readonly now: () => number;
  /** Waits on the bot's clock (tests move a manual clock instead). */
  readonly sleep: (ms: number) => Promise<void>;
  /** GitHub asked for a wait (logged once per answer). */
  readonly onLimited?: (installationId: number, advice: RateLimitAdvice) => void;
}

export type WriteMode = "wait" | "defer";

/** How long a replica trusts what it last read of an installation's primary-limit wait. */
const readBlockCacheMs = 1000;

export class WriteBudget {
  readonly #options: WriteBudgetOptions;
  readonly #readBlocks = new Map<number, { readonly until: number; readonly checkedAt: number }>();

  constructor(options: WriteBudgetOptions) {
    this.#options = options;
  }

  get settings(): BudgetSettings {
    return this.#options.settings;
  }

  #limits(priority: WritePriority) {
    const { perMinute, perHour } = this.#options.settings;
    const share = budgetShare[priority];
    return {
      perMinute: Math.max(1, Math.floor(perMinute * share)),
      perHour: Math.max(1, Math.floor(perHour * share)),
    };
  }

  /** Records one write of the installation when the budget has room; otherwise waits or defers. */
  async acquire(installationId: number, priority: WritePriority, mode: WriteMode): Promise<void> {
    const { ledger, now, sleep } = this.#options;
    const started = now();
    for (;;) {
      const at = Math.floor(now());
      const answer = await ledger.take(installationId, { at, ...this.#limits(priority) });
      if (answer.granted) return;
      if (mode === "defer" || answer.retryAt - started > maxWriteWaitMs) {
        throw new WriteDeferredError(installationId, answer.retryAt, answer.reason);
      }
      await sleep(Math.max(1, answer.retryAt - at));
    }
  }

  /** Waits (or defers) while GitHub asked for no request at all (a primary limit). */
  async beforeRead(installationId: number, mode: WriteMode): Promise<void> {
    const { now, sleep } = this.#options;
    const started = now();
    for (;;) {
      const at = Math.floor(now());
      const until = await this.#readBlock(installationId, at);
      if (until <= at) return;
      if (mode === "defer" || until - started > maxWriteWaitMs) {
        throw new WriteDeferredError(installationId, until, "blocked");
      }
      await sleep(until - at);
    }
  }

  /** Until when reads wait: the store's word, read at most once a second. */
  async #readBlock(installationId: number, at: number): Promise<number> {
    const cached = this.#readBlocks.get(installationId);
    if (cached !== undefined && Math.abs(at - cached.checkedAt) < readBlockCacheMs) {
      return cached.until;
    }
    const until = (await this.#options.ledger.usage(installationId, at)).requestsBlockedUntil ?? 0;
    this.#readBlocks.set(installationId, { until, checkedAt: at });
    return until;
  }

  /** GitHub answered with a limit: no replica writes (or, for the primary limit, reads) until it ends. */
  async honour(installationId: number, advice: RateLimitAdvice): Promise<void> {
    this.#options.onLimited?.(installationId, advice);
    const at = Math.floor(this.#options.now());
    const until = Math.ceil(at + advice.waitMs);
    await this.#options.ledger.block(installationId, advice.scope, until);
    if (advice.scope === "requests") this.#readBlocks.set(installationId, { until, checkedAt: at });
  }

  /** How many more writes of this priority fit now: what a poll cycle plans its writes by. */
  async room(installationId: number, priority: WritePriority): Promise<number> {
    const at = Math.floor(this.#options.now());
    const usage = await this.#options.ledger.usage(installationId, at);
    const blocked = Math.max(usage.writesBlockedUntil ?? 0, usage.requestsBlockedUntil ?? 0);
    if (blocked > at) return 0;
    const limits = this.#limits(priority);
    return Math.max(0, Math.min(limits.perMinute - usage.minute, limits.perHour - usage.hour));
  }
}
