/**
 * Records every claim of every replica with the local times it was sent and answered, and finds
 * the moments two replicas could both have polled one watch.
 *
 * A replica may use the watches of a claim from the moment the answer arrives until the claim's
 * lease runs out (`start + leaseMs`, measured from before the claim was sent) or until it sends
 * its next claim, whichever is first: that next claim may hand watches back. Two replicas' use of
 * a watch must never overlap. Because the lease is stamped by the store after `start` and checked
 * by the same store before `end` of the claim that takes it over, a correct store can never
 * produce an overlap, however slow the machine: the check needs no timing margin.
 */
import type { BotStore, ClaimOptions, LeaseClaim } from "../../../src/bot/store/store.ts";

export interface ClaimRecord {
  readonly owner: string;
  readonly start: number;
  readonly end: number;
  readonly leaseMs: number;
  readonly watchIds: readonly number[];
}

interface UseWindow {
  readonly owner: string;
  readonly from: number;
  readonly to: number;
}

export class ClaimLog {
  readonly records: ClaimRecord[] = [];

  async claim(store: BotStore, owner: string, options: ClaimOptions): Promise<LeaseClaim> {
    const start = Date.now();
    const claim = await store.claimWatches(owner, options);
    this.records.push({
      owner,
      start,
      end: Date.now(),
      leaseMs: options.leaseMs,
      watchIds: claim.watches.map((watch) => watch.id),
    });
    return claim;
  }

  /** The last claim of `owner`. */
  last(owner: string): ClaimRecord | undefined {
    return this.records.findLast((record) => record.owner === owner);
  }

  private windows(): Map<number, UseWindow[]> {
    const byWatch = new Map<number, UseWindow[]>();
    const byOwner = Map.groupBy(this.records, (record) => record.owner);
    for (const [owner, records] of byOwner) {
      const ordered = records.toSorted((a, b) => a.start - b.start);
      ordered.forEach((record, index) => {
        const next = ordered[index + 1];
        const to = Math.min(record.start + record.leaseMs, next?.start ?? Number.POSITIVE_INFINITY);
        if (to <= record.end) return;
        for (const id of record.watchIds) {
          const list = byWatch.get(id) ?? [];
          list.push({ owner, from: record.end, to });
          byWatch.set(id, list);
        }
      });
    }
    return byWatch;
  }

  /** Every overlap of two replicas' use of one watch, described; empty when the leases held. */
  overlaps(): string[] {
    const found: string[] = [];
    for (const [id, windows] of this.windows()) {
      windows.forEach((a, index) => {
        for (const b of windows.slice(index + 1)) {
          if (a.owner !== b.owner && a.from < b.to && b.from < a.to) {
            found.push(
              `watch ${id}: ${a.owner} [${a.from}, ${a.to}) and ${b.owner} [${b.from}, ${b.to})`,
            );
          }
        }
      });
    }
    return found;
  }
}
