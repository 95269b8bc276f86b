/**
 * What each kind of operation does after a failed attempt. Reads and idempotent writes are sent
 * again; a write that must not happen twice (a create, a redeploy, a cancel) is sent again only
 * when the failure proves the server did not act, and otherwise after reading the resource back
 * to see whether the lost attempt took effect.
 */
import type { CallState, FailureRule, Found, Next } from "./retry-loop.ts";
import { isTransient, mayHaveTakenEffect, type Failure } from "./retry-policy.ts";
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

/** GET, and writes that leave the same state however often they are sent (PUT of replicas). */
export function idempotentRule<T>(): FailureRule<T> {
  return (failure) => retryIfTransient(failure);
}

/** DELETE: a 404 after an attempt that may have deleted the resource means it did. */
export function deleteRule(): FailureRule<void> {
  return (failure, state) =>
    failure.kind === "not-found" && state.earlierMayHaveTakenEffect
      ? { action: "resolve", value: undefined, detail: "deleted by an earlier attempt" }
      : retryIfTransient(failure);
}

/**
 * POST of a new service or job. `findOurs` reads the resource by name and returns it when it is
 * the one this call sent (as far as a read shows). Sent again without looking only after a 429
 * or a failure before sending.
 */
export function createRule<T>(findOurs: () => Promise<Found<T>>): FailureRule<T> {
  return (failure, state) => {
    if (failure.kind === "rate-limited" || failure.kind === "not-sent") {
      return { action: "retry", budget: "transient" };
    }
    if (mayHaveTakenEffect(failure))
      return { action: "retry", budget: "transient", check: findOurs };
    if (failure.kind === "conflict") return conflictAfterUncertainAttempt(state, findOurs);
    return { action: "throw" };
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

/**
 * Writes that start a rollout (update, redeploy). The API answers 409 while the service is
 * deploying: those wait for it (on the policy's longer conflict allowance). A 409 while it is
 * not deploying is tried once more, since the rollout may have ended between the 409 and the
 * read, and then thrown.
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
