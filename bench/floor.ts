/**
 * The floors the apply benchmarks are held to: the least time any correct client could take at a
 * given latency per request and a given number of requests in flight, counted in dependent round
 * trips. A round trip takes at least the injected latency, and at most `concurrency` requests
 * share one, so `n` independent requests need ⌈n / concurrency⌉ round trips.
 *
 * Applying from empty has two phases that cannot overlap, because nothing may be written before
 * the whole plan is known (a refused replacement must leave nothing half-applied):
 *
 * 1. plan: one read per service and per job (GET by name), to learn that it is absent;
 * 2. apply: one write per service and per job (POST), then, for each service, one read that finds
 *    it ready. The emulator's time scale makes a rollout take well under a round trip, so one
 *    readiness read per service is all any client needs; that read depends on its write, so the
 *    phase takes at least two round trips.
 *
 * A no-op re-apply is phase 1 alone.
 */

export interface FloorInput {
  readonly services: number;
  readonly jobs: number;
  readonly concurrency: number;
  readonly latencyMs: number;
}

export interface Floor {
  /** Requests the floor counts. */
  readonly requests: number;
  /** Dependent round trips on the critical path. */
  readonly roundTrips: number;
  readonly ms: number;
}

function roundTrips(requests: number, concurrency: number): number {
  return Math.ceil(requests / concurrency);
}

export function planFloor(input: FloorInput): Floor {
  const requests = input.services + input.jobs;
  const trips = roundTrips(requests, input.concurrency);
  return { requests, roundTrips: trips, ms: trips * input.latencyMs };
}

export function applyFromEmptyFloor(input: FloorInput): Floor {
  const plan = planFloor(input);
  const applyRequests = input.services + input.jobs + input.services;
  const applyTrips = Math.max(
    input.services > 0 ? 2 : 1,
    roundTrips(applyRequests, input.concurrency),
  );
  const trips = plan.roundTrips + applyTrips;
  return {
    requests: plan.requests + applyRequests,
    roundTrips: trips,
    ms: trips * input.latencyMs,
  };
}
