/**
 * The floors the apply benchmarks are held to: the least time any correct client could take
 * against the Outpost API as it is, at a given latency per request and a given number of
 * requests in flight, counted in dependent round trips. A round trip takes at least the latency;
 * at most `concurrency` requests share one.
 *
 * What the API allows, and so what the floors count:
 * - **Lists of 100.** `GET /{ns}/services?per_page=100` shows every service's status, replicas and
 *   `updated_at`: a namespace of S services is ⌈S/100⌉ pages. The first page says how many there
 *   are, so the others can all be asked for together: 1 round trip, then ⌈(pages − 1) / c⌉.
 * - **Nothing to read for a job that is not due**: its record says it is not. A due job needs no
 *   read either: its create answers 409 when the name is taken.
 * - **One create per resource**, none before the plan is whole (a refused replacement must leave
 *   nothing half-applied): the plan phase and the write phase do not overlap.
 * - **Readiness by list**: once the last write is answered, one walk of the list finds every
 *   service ready (the emulator's time scale makes a rollout shorter than a round trip).
 * - **The file itself**: any client must parse it, and one that reports errors by line and
 *   column must keep positions; the floors add what `yaml.parseDocument` with a `LineCounter`
 *   takes on the same text, measured in the same run.
 */

export interface FloorInput {
  readonly services: number;
  readonly jobs: number;
  /** Jobs due (to submit): a no-op re-apply has none. */
  readonly dueJobs?: number;
  readonly concurrency: number;
  readonly latencyMs: number;
  /** The least local work on the file: parsing it with positions. */
  readonly parseMs: number;
}

export interface Floor {
  /** Requests the floor counts. */
  readonly requests: number;
  /** Dependent round trips on the critical path. */
  readonly roundTrips: number;
  readonly ms: number;
}

const pageSize = 100;

function roundTrips(requests: number, concurrency: number): number {
  return Math.ceil(requests / concurrency);
}

/** Walking a list of `items`: its pages, and the round trips when pages after the first come together. */
export function listCost(items: number, concurrency: number): { pages: number; trips: number } {
  const pages = Math.max(1, Math.ceil(items / pageSize));
  return { pages, trips: 1 + roundTrips(pages - 1, concurrency) };
}

/** A no-op re-apply: the list of the namespace's services, and the due jobs' creates. */
export function noopFloor(input: FloorInput): Floor {
  const list = listCost(input.services, input.concurrency);
  const due = input.dueJobs ?? 0;
  const trips = list.trips + (due > 0 ? roundTrips(due, input.concurrency) : 0);
  return {
    requests: list.pages + due,
    roundTrips: trips,
    ms: trips * input.latencyMs + input.parseMs,
  };
}

/** Applying from empty: one list page, every create, then one walk of the list for readiness. */
export function applyFromEmptyFloor(input: FloorInput): Floor {
  const plan = listCost(0, input.concurrency);
  const writes = input.services + input.jobs;
  const readiness = input.services > 0 ? listCost(input.services, input.concurrency) : undefined;
  const trips =
    plan.trips + Math.max(1, roundTrips(writes, input.concurrency)) + (readiness?.trips ?? 0);
  return {
    requests: plan.pages + writes + (readiness?.pages ?? 0),
    roundTrips: trips,
    ms: trips * input.latencyMs + input.parseMs,
  };
}
