/**
 * What the Outpost client reports, in the workflow log: retries and recoveries as info lines (a
 * slow step should say why), every request in the debug log (`ACTIONS_STEP_DEBUG`). Events
 * carry no credentials or bodies.
 */
import * as core from "@actions/core";
import type { OutpostClientEvent } from "../outpost/events.ts";
import { formatDuration } from "../duration.ts";

export function reportClientEvent(event: OutpostClientEvent): void {
  switch (event.type) {
    case "request":
      core.debug(`Outpost ${event.method} ${event.path} (attempt ${event.attempt})`);
      return;
    case "response":
      core.debug(
        `Outpost ${event.method} ${event.path}: ${event.status ?? event.error ?? "no answer"} in ${formatDuration(event.durationMs)}`,
      );
      return;
    case "retry":
      core.info(
        `Outpost ${event.operation}: ${event.reason}; trying again in ${formatDuration(event.delayMs)} (attempt ${event.nextAttempt})`,
      );
      return;
    case "give-up":
      core.info(
        `Outpost ${event.operation}: giving up after ${event.attempts} attempts (${event.reason})`,
      );
      return;
    case "recovered":
      core.info(`Outpost ${event.operation} ${event.name}: ${event.detail}`);
      return;
    case "log-stream-resume":
      core.debug(
        `Logs of ${event.name}: ${event.reason}; resuming in ${formatDuration(event.delayMs)}`,
      );
      return;
    case "log-lines-missed":
      core.warning(
        `Some log lines of ${event.name} after ${event.since} were lost while reconnecting.`,
      );
      return;
  }
}
