/**
 * The ledger behind the GitHub write budget: every content-creating request an installation
 * made in the last hour, and the waits GitHub asked for (a secondary limit's `Retry-After`, a
 * primary limit's `x-ratelimit-reset`). All replicas share it through the store, so together
 * they stay within the budget and all of them wait when GitHub told one of them to.
 *
 * Times are the caller's clock (milliseconds since the epoch), passed in: the budget is counted
 * on the bot's clock, which tests and benchmarks drive. Replicas should keep their clocks in
 * sync (NTP), as any two machines talking to GitHub must.
 */

export interface LedgerLimits {
  /** The caller's clock now. */
  readonly at: number;
  /** Writes allowed in the 60 s before `at` (this one included). */
  readonly perMinute: number;
  /** Writes allowed in the 3,600 s before `at` (this one included). */
  readonly perHour: number;
}

export type LedgerAnswer =
  | { readonly granted: true }
  | {
      readonly granted: false;
      /** Caller's clock: when a write could be granted at the earliest. */
      readonly retryAt: number;
      readonly reason: "minute" | "hour" | "blocked";
    };

export interface LedgerUsage {
  /** Writes in the last minute and hour before `at`. */
  readonly minute: number;
  readonly hour: number;
  /** Until when GitHub asked for no writes, or no requests at all; null when it did not. */
  readonly writesBlockedUntil: number | null;
  readonly requestsBlockedUntil: number | null;
}

export type BlockScope = "writes" | "requests";

export interface WriteLedger {
  /**
   * Records one write of the installation at `limits.at` when the windows hold room for it
   * under these limits and GitHub asked for no wait; otherwise says when to try again. Atomic
   * per installation across replicas.
   */
  take(installationId: number, limits: LedgerLimits): Promise<LedgerAnswer>;
  usage(installationId: number, at: number): Promise<LedgerUsage>;
  /** GitHub asked to wait until `until`: the later of this and any earlier wait is kept. */
  block(installationId: number, scope: BlockScope, until: number): Promise<void>;
  /** Forgets writes of every installation older than an hour before `at`, and waits over by then. */
  prune(at: number): Promise<number>;
}
