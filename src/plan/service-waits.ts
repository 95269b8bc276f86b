/**
 * Waiting for services to be ready, all of them together: each round reads the namespace's
 * list (100 services a page) when that costs fewer requests than reading each waiting service
 * alone, and settles every waiter its entry shows ready, failed or gone. A hundred rollouts
 * cost one request a round, not a hundred. The wait between rounds grows from half a second to
 * the poll interval, but a service that joined during a round is looked at in the next one
 * straight away (a fast rollout is seen one round trip after its write, as the floor says);
 * one deadline bounds every wait; a stop ends them at once.
 */
import type { ServiceSummary } from "../outpost/types.ts";
import type { Clock } from "./clock.ts";
import type { OutpostPort, PortCall } from "./outpost-port.ts";
import { serviceReadiness } from "./readiness.ts";

export interface ServiceWaitsOptions {
  readonly api: Pick<OutpostPort, "services" | "findService">;
  readonly namespace: string;
  readonly clock: Clock;
  /** The longest wait between two rounds. */
  readonly pollIntervalMs: number;
  /** When every wait ends, on the clock's time. */
  readonly deadline: number;
  /** How many services the namespace holds (what a list costs), as the plan saw it. */
  readonly serviceCount: number;
  readonly call: PortCall;
  /** Told of every entry read, for live progress. */
  readonly onRead?: (name: string, entry: ServiceSummary) => void;
}

export interface WaitOutcome {
  /** The last entry seen; undefined when the service is gone. */
  readonly entry: ServiceSummary | undefined;
  readonly timedOut: boolean;
  readonly stopped: boolean;
}

interface Waiter {
  readonly resolve: (outcome: WaitOutcome) => void;
  readonly reject: (error: unknown) => void;
  last: ServiceSummary | undefined;
  /** Whether a round has looked at it yet. */
  seen: boolean;
}

const pageSize = 100;

export class ServiceWaits {
  readonly #options: ServiceWaitsOptions;
  readonly #waiters = new Map<string, Waiter>();
  #running: Promise<void> | undefined;

  constructor(options: ServiceWaitsOptions) {
    this.#options = options;
  }

  /** Resolves once `name` is ready, failed or gone, at the deadline, or when stopped. */
  wait(name: string): Promise<WaitOutcome> {
    return new Promise((resolve, reject) => {
      this.#waiters.set(name, { resolve, reject, last: undefined, seen: false });
      if (this.#running !== undefined) return;
      this.#running = this.#loop().finally(() => {
        this.#running = undefined;
      });
    });
  }

  #settle(name: string, outcome: WaitOutcome): void {
    this.#waiters.get(name)?.resolve(outcome);
    this.#waiters.delete(name);
  }

  #settleAll(outcome: (waiter: Waiter) => WaitOutcome): void {
    for (const [name, waiter] of [...this.#waiters]) this.#settle(name, outcome(waiter));
  }

  /** One round's entries of the waiting services: from the list, or one read each. */
  async #read(names: readonly string[]): Promise<Map<string, ServiceSummary | undefined>> {
    const { api, namespace, call } = this.#options;
    const entries = new Map<string, ServiceSummary | undefined>();
    const pages = Math.ceil(Math.max(this.#options.serviceCount, names.length) / pageSize);
    if (pages <= names.length) {
      const wanted = new Set(names);
      for (const name of names) entries.set(name, undefined);
      for await (const entry of api.services(namespace, {}, call)) {
        if (wanted.has(entry.name)) entries.set(entry.name, entry);
      }
      return entries;
    }
    await Promise.all(
      names.map(async (name) => entries.set(name, await api.findService(namespace, name, call))),
    );
    return entries;
  }

  async #loop(): Promise<void> {
    const { clock, deadline, pollIntervalMs, call } = this.#options;
    let interval = Math.min(500, pollIntervalMs);
    try {
      while (this.#waiters.size > 0) {
        const entries = await this.#read([...this.#waiters.keys()]);
        for (const [name, entry] of entries) {
          const waiter = this.#waiters.get(name);
          if (waiter === undefined) continue;
          waiter.last = entry;
          waiter.seen = true;
          if (entry !== undefined) this.#options.onRead?.(name, entry);
          if (entry === undefined || serviceReadiness(entry) !== "pending") {
            this.#settle(name, { entry, timedOut: false, stopped: false });
          }
        }
        if (this.#waiters.size === 0) return;
        const left = deadline - clock.now();
        if (left <= 0) {
          this.#settleAll((waiter) => ({ entry: waiter.last, timedOut: true, stopped: false }));
          return;
        }
        // Services that joined during the round are looked at now; the others wait their turn.
        if ([...this.#waiters.values()].some((waiter) => !waiter.seen)) continue;
        await clock.sleep(Math.min(interval, left), call.signal);
        interval = Math.min(pollIntervalMs, interval * 1.5);
      }
    } catch (error) {
      if (call.signal?.aborted === true) {
        this.#settleAll((waiter) => ({ entry: waiter.last, timedOut: false, stopped: true }));
        return;
      }
      // A read that failed for good fails every wait of the round: each reports it.
      for (const waiter of this.#waiters.values()) waiter.reject(error);
      this.#waiters.clear();
    }
  }
}
