/**
 * How long this replica may still write each watch it polls in a cycle: until its claim's
 * `validUntil`, or — for the watches the replica still held when it renewed them before the
 * cycle's writes — the renewal's. A watch another replica took meanwhile keeps the old limit, so
 * it is never written by two.
 */
import type { LeaseClaim } from "../store/store.ts";

export class CycleLeases {
  #claimed: number;
  readonly #renewed = new Map<number, number>();

  constructor(claim: Pick<LeaseClaim, "validUntil">) {
    this.#claimed = claim.validUntil;
  }

  /** Wall-clock end of this replica's lease on the watch. */
  validUntil(watchId: number): number {
    return this.#renewed.get(watchId) ?? this.#claimed;
  }

  renewed(renewal: LeaseClaim): void {
    for (const watch of renewal.watches) this.#renewed.set(watch.id, renewal.validUntil);
  }
}
