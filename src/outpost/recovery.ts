/**
 * What each kind of operation does after a failed attempt. Reads and idempotent writes are sent
 * again; a write that must not happen twice (a create, a redeploy, a cancel) is sent again only
 * when the failure proves the server did not act, and otherwise after reading the resource back
 * to see whether the lost attempt took effect. An unexpected answer (answer-check.ts) counts as
 * a lost one: it is retried like a 5xx, a write it answered may have taken effect.
 */
import type { CallState, FailureRule, Found, Next } from "./retry-loop.ts";
import { isTransient, mayHaveTakenEffect, type Failure } from "./retry-policy.ts";
import { OutpostApiError } from "./errors.ts";
import type { Service } from "./types.ts";

function retryIfTransient<T>(failure: Failure): Next<T> {
  return isTransient(failure) ? { action: "retry", budget: "transient" } : { action: "throw" };
}

/**
 * A 409 after an attempt that may have taken effect is likely our own earlier attempt showing
 * through (name taken, job already cancelled): it is an error only if the check says otherwise.
 */
async function conflictAfterUncertainAttempt<T>(
  state: CallState,
  check: () => Promise<Found<T>>,
): Promise<Next<T>> {
  if (!state.earlierMayHaveTakenEffect) return { action: "throw" };
  const found = await check();
  return found ? { action: "resolve", ...found } : { action: "throw" };
}

/**
 * GET. A 409 to a read ("an incompatible state", which the API says any endpoint may answer)
 * changes nothing and may pass: it is retried as a transient failure.
 */
export function readRule<T>(): FailureRule<T> {
  return (failure) =>
    failure.kind === "conflict"
      ? { action: "retry", budget: "transient" }
      : retryIfTransient(failure);
}

/** DELETE: a 404 after an attempt that may have deleted the resource means it did. */
export function deleteRule(): FailureRule<void> {
  return (failure, state) =>
    failure.kind === "not-found" && state.earlierMayHaveTakenEffect
      ? { action: "resolve", value: undefined, detail: "deleted by an earlier attempt" }
      : retryIfTransient(failure);
}

/** What a create finds when it reads its resource back by name. */
export type CreateLookup<T> =
  /** There, showing what was sent. */
  | { readonly state: "ours"; readonly found: NonNullable<Found<T>> }
  /** There, with other values: someone else's resource holds the name. */
  | { readonly state: "other" }
  | { readonly state: "absent" };

/** The error code of a 409 that says the name is taken, as the API and its emulator answer it. */
const nameTakenCode = "already_exists";

/** Whether a create failed because another resource holds the name. */
export function isNameTaken(error: unknown): boolean {
  return (
    error instanceof OutpostApiError && error.status === 409 && error.apiCode === nameTakenCode
  );
}

/**
 * POST of a new service or job. `lookUp` reads the resource by name. Sent again without looking
 * only after a 429 or a failure before sending; after a failure that may have taken effect, only
 * when the read shows the lost attempt did not create it.
 *
 * A 409 names no cause the client can rely on ("an incompatible state"): a read decides. The
 * resource there as sent after an uncertain attempt is that attempt's result; there otherwise, a
 * name taken by someone else (an error); absent, a state that has passed (the platform still
 * releasing the name, a transient refusal), so the create is sent again on the transient budget.
 * A 409 whose code says the name is taken, on a first attempt, needs no read.
 */
export function createRule<T>(lookUp: () => Promise<CreateLookup<T>>): FailureRule<T> {
  const findOurs = async (): Promise<Found<T>> => {
    const lookup = await lookUp();
    return lookup.state === "ours" ? lookup.found : undefined;
  };
  return async (failure, state) => {
    if (failure.kind === "rate-limited" || failure.kind === "not-sent") {
      return { action: "retry", budget: "transient" };
    }
    if (mayHaveTakenEffect(failure))
      return { action: "retry", budget: "transient", check: findOurs };
    if (failure.kind !== "conflict") return { action: "throw" };
    if (!state.earlierMayHaveTakenEffect && failure.apiCode === nameTakenCode) {
      return { action: "throw" };
    }
    const lookup = await lookUp();
    if (lookup.state === "ours" && state.earlierMayHaveTakenEffect) {
      return { action: "resolve", ...lookup.found };
    }
    return lookup.state === "absent"
      ? { action: "retry", budget: "transient", check: findOurs }
      : { action: "throw" };
  };
}

/** POST to cancel a job: sent again freely; a 409 then is checked against the job's status. */
export function cancelRule<T>(confirm: () => Promise<Found<T>>): FailureRule<T> {
  return (failure, state) =>
    failure.kind === "conflict"
      ? conflictAfterUncertainAttempt(state, confirm)
      : retryIfTransient(failure);
}

export interface RolloutRuleOptions<T> {
  /** The service as it is now; undefined when it does not exist. */
  readonly read: () => Promise<Service | undefined>;
  /**
   * For a redeploy (a POST that must not roll out twice): the result when the service shows a
   * rollout begun since the call started. Updates have none: a PUT is simply sent again.
   */
  readonly confirm?: (service: Service, startedAt: number) => Found<T>;
}

/** States in which nothing a read shows refuses a change: a 409 then is a passing refusal. */
const changeableStatuses: ReadonlySet<Service["status"]> = new Set(["running", "degraded"]);

/**
 * Writes that start a rollout (update, redeploy). The API answers 409 while the service is
 * deploying: those wait for it (on the policy's longer conflict allowance). A 409 while it is
 * running or degraded has no cause the read shows, so it is retried as a transient failure
 * (bounded by the same attempts and backoff). In any other state (failed, stopped, gone) it is
 * tried once more, since the state may have changed between the 409 and the read, then thrown.
 */
export function rolloutRule<T>(options: RolloutRuleOptions<T>): FailureRule<T> {
  const { read, confirm } = options;
  let unexplainedConflicts = 0;
  const confirmed = async (startedAt: number): Promise<Found<T>> => {
    const service = await read();
    return service && confirm ? confirm(service, startedAt) : undefined;
  };
  return async (failure, state) => {
    if (failure.kind === "conflict") {
      const service = await read();
      const found =
        service && confirm && state.earlierMayHaveTakenEffect
          ? confirm(service, state.startedAt)
          : undefined;
      if (found) return { action: "resolve", ...found };
      if (service?.status === "deploying") return { action: "retry", budget: "conflict" };
      if (service && changeableStatuses.has(service.status)) {
        return { action: "retry", budget: "transient" };
      }
      unexplainedConflicts += 1;
      return unexplainedConflicts === 1
        ? { action: "retry", budget: "transient" }
        : { action: "throw" };
    }
    if (confirm && mayHaveTakenEffect(failure)) {
      return { action: "retry", budget: "transient", check: () => confirmed(state.startedAt) };
    }
    return retryIfTransient(failure);
  };
}
