/**
 * The inbox's workers: they take due deliveries from the store (leased to this replica, so each
 * delivery is handled by one replica at a time), run their handler, and mark each done only after
 * its work. A failure is retried with exponential backoff; after the last attempt the delivery
 * is set aside with one error line in the log, its payload kept in the store. A lease is renewed
 * while its handler runs, so a slow handler keeps it; a dead replica's deliveries are taken by
 * another once their leases run out (SQLite: at once, when the file is opened again).
 */
import type { BotLog } from "../bot-log.ts";
import { failureMessage } from "../failure-message.ts";
import type { Delivery, Inbox } from "../store/inbox.ts";
import type { JsonValue } from "../store/store.ts";

export interface InboxSettings {
  /** Deliveries handled at once by this replica. */
  readonly workers: number;
  /** Attempts before a delivery is set aside. */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt; doubled after each further one. */
  readonly retryBaseMs: number;
  /** The longest wait between two attempts. */
  readonly retryMaxMs: number;
  /** How long a claim lasts unless renewed (it is renewed every third of it). */
  readonly leaseMs: number;
  /** How often an idle replica looks for due deliveries (retries, other replicas' leftovers). */
  readonly idleMs: number;
}

export const defaultInboxSettings: InboxSettings = {
  workers: 4,
  maxAttempts: 8,
  retryBaseMs: 10_000,
  retryMaxMs: 10 * 60_000,
  leaseMs: 30_000,
  idleMs: 2_000,
};

/** A delivery that no attempt can handle (a payload without what its event needs): set aside at once. */
export class UnhandleableDeliveryError extends Error {
  readonly code = "delivery_unhandleable";
  constructor(message: string) {
    super(message);
    this.name = "UnhandleableDeliveryError";
  }
}

/** What a handler may keep across attempts of its delivery (which commands of a comment ran). */
export interface DeliveryJournal {
  readonly notes: JsonValue | null;
  write(notes: JsonValue): Promise<void>;
}

export type DeliveryHandler = (delivery: Delivery, journal: DeliveryJournal) => Promise<void>;

export interface DeliveryWorkerOptions {
  readonly inbox: Inbox;
  readonly handle: DeliveryHandler;
  /** This replica's id: the lease owner. */
  readonly owner: string;
  readonly settings: InboxSettings;
  readonly log: BotLog;
}

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), at most the maximum. */
export function retryDelayMs(settings: InboxSettings, attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** Math.min(exponent, 30));
}

export class DeliveryWorker {
  readonly #options: DeliveryWorkerOptions;
  readonly #running = new Map<string, Promise<void>>();
  #stopped = true;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #again = false;

  constructor(options: DeliveryWorkerOptions) {
    this.#options = options;
  }

  /** Handles deliveries as they come, and looks for due ones every `idleMs`, until `stop()`. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.wake();
  }

  /** A delivery was stored: look now. */
  wake(): void {
    if (this.#stopped) return;
    void this.#tick();
  }

  /**
   * Handles every delivery due now (and those their handling makes due at once), then resolves:
   * for tests and benchmarks that run the bot without its timers.
   */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.#claim();
      if (claimed === 0 && this.#running.size === 0) return;
      await Promise.race([...this.#running.values()]);
    }
  }

  /** Stops claiming and waits for the handlers under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#ticking?.catch(() => undefined);
    await Promise.all(this.#running.values());
  }

  #tick(): Promise<void> {
    if (this.#ticking !== undefined) {
      this.#again = true;
      return this.#ticking;
    }
    this.#ticking = (async () => {
      try {
        do {
          this.#again = false;
          await this.#claim();
        } while (this.#again && !this.#stopped);
      } catch (error) {
        this.#options.log.error(
          { error: failureMessage(error) },
          "claiming webhook deliveries failed; trying again",
        );
      } finally {
        this.#ticking = undefined;
        this.#schedule();
      }
    })();
    return this.#ticking;
  }

  #schedule(): void {
    if (this.#stopped) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), this.#options.settings.idleMs);
    this.#timer.unref();
  }

  /** Claims as many due deliveries as there are free workers and starts them; how many. */
  async #claim(): Promise<number> {
    const { settings, inbox, owner } = this.#options;
    const free = settings.workers - this.#running.size;
    if (free <= 0) return 0;
    const claim = await inbox.claim(owner, { leaseMs: settings.leaseMs, limit: free });
    for (const delivery of claim.deliveries) {
      const work = this.#run(delivery)
        .catch((error: unknown) => {
          this.#options.log.error(
            { delivery: delivery.id, error: failureMessage(error) },
            "recording a webhook delivery's outcome failed; it is handled again when its lease runs out",
          );
        })
        .finally(() => {
          this.#running.delete(delivery.id);
          // A worker is free: more may be waiting.
          if (!this.#stopped) void this.#tick();
        });
      this.#running.set(delivery.id, work);
    }
    return claim.deliveries.length;
  }

  async #run(delivery: Delivery): Promise<void> {
    const { inbox, owner, settings, log } = this.#options;
    const renewal = setInterval(() => {
      inbox.renew(owner, [delivery.id], settings.leaseMs).catch(() => undefined);
    }, settings.leaseMs / 3);
    renewal.unref();
    let notes = delivery.journal;
    const journal: DeliveryJournal = {
      get notes() {
        return notes;
      },
      async write(value) {
        notes = value;
        await inbox.note(delivery.id, owner, value);
      },
    };
    const fields = { delivery: delivery.id, event: delivery.event, attempt: delivery.attempts };
    try {
      await this.#options.handle(delivery, journal);
    } catch (error) {
      clearInterval(renewal);
      const message = failureMessage(error);
      const last =
        error instanceof UnhandleableDeliveryError || delivery.attempts >= settings.maxAttempts;
      if (last) {
        await inbox.fail(delivery.id, owner, { error: message });
        log.error(
          { ...fields, attempts: delivery.attempts, error: message },
          "webhook delivery set aside: its handling failed for the last time",
        );
        return;
      }
      const retryInMs = retryDelayMs(settings, delivery.attempts);
      await inbox.fail(delivery.id, owner, { error: message, retryInMs });
      log.warn({ ...fields, retryInMs, error: message }, "webhook delivery failed; retried later");
      return;
    }
    clearInterval(renewal);
    if (!(await inbox.complete(delivery.id, owner))) {
      log.warn(fields, "webhook delivery handled after its lease ran out");
    }
  }
}
