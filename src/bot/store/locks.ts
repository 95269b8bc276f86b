/**
 * Named locks with a time limit, shared by all replicas through the store: one writer at a time
 * for an object every replica may want to write (a pull request's sticky comment, a commit's
 * fleet check run). A holder that dies loses its lock when the time runs out. Expiry is on the
 * store's clock; `validUntil` is measured locally from before the request, so a holder that
 * stops writing at `validUntil` never overlaps the next one, whatever the clock skew.
 */

export interface LockGrant {
  /** Local clock: write only before this. */
  readonly validUntil: number;
}

export interface Locks {
  /** Takes the lock, or renews it for its holder; undefined while another holder has it. */
  acquire(name: string, holder: string, ttlMs: number): Promise<LockGrant | undefined>;
  /** Gives the lock up, if `holder` has it. */
  release(name: string, holder: string): Promise<void>;
}
