/**
 * Deliveries that arrive together are stored together: each waits for the others of the same
 * turn of the event loop and one transaction stores them all (one commit, not one each), so a
 * burst of hundreds is answered in milliseconds. Every delivery is answered only once stored.
 */
import type { Inbox, NewDelivery } from "../store/inbox.ts";

interface Waiting {
  readonly delivery: NewDelivery;
  readonly resolve: (stored: boolean) => void;
  readonly reject: (error: unknown) => void;
}

export class DeliveryBatcher {
  readonly #inbox: Pick<Inbox, "enqueueMany">;
  #waiting: Waiting[] = [];
  #scheduled = false;

  constructor(inbox: Pick<Inbox, "enqueueMany">) {
    this.#inbox = inbox;
  }

  /** Stores the delivery with the others of this turn; true when it was new. */
  enqueue(delivery: NewDelivery): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ delivery, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => void this.#flush());
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting;
    this.#waiting = [];
    this.#scheduled = false;
    try {
      const stored = await this.#inbox.enqueueMany(batch.map((waiting) => waiting.delivery));
      batch.forEach((waiting, index) => waiting.resolve(stored[index] ?? false));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
