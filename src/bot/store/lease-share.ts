/**
 * How many watches one replica should hold. Both stores count the same things inside their claim
 * transaction and follow this one rule, so replicas converge on an even split: a new replica gets
 * work from the others, and the survivors of a dead one take its watches once its lease expires.
 */
import type { ClaimOptions } from "./store.ts";
import { StoreArgumentError } from "./store-errors.ts";

export interface LeaseCounts {
  /** Active watches in the whole store. */
  readonly active: number;
  /** Replicas that claimed within their lease period, this one included. */
  readonly liveReplicas: number;
  /** Active watches this replica holds before the claim. */
  readonly held: number;
}

export interface LeaseMoves {
  /** How many of its watches this replica hands back (the last in claim order). */
  readonly release: number;
  /** How many free or expired watches it tries to take. */
  readonly claim: number;
}

export function leaseMoves(counts: LeaseCounts, limit: number): LeaseMoves {
  const share = Math.ceil(counts.active / Math.max(1, counts.liveReplicas));
  const target = Math.min(share, limit);
  return {
    release: Math.max(0, counts.held - target),
    claim: Math.max(0, target - counts.held),
  };
}

/** The options checked, with the default limit (none). */
export function claimLimits(options: ClaimOptions): { leaseMs: number; limit: number } {
  const { leaseMs, limit = Number.POSITIVE_INFINITY } = options;
  if (!Number.isInteger(leaseMs) || leaseMs <= 0) {
    throw new StoreArgumentError(`leaseMs must be a positive whole number, not ${leaseMs}`);
  }
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit > 0))) {
    throw new StoreArgumentError(`limit must be a positive whole number, not ${limit}`);
  }
  return { leaseMs, limit };
}
