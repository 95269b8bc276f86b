/**
 * What GitHub shows of a watch, from the store alone: the view and outcome last written, or a
 * placeholder ("pending") before the first — so that any replica renders the sticky comment and
 * a fleet's check run without asking Outpost.
 */
import type { ResourceView } from "../../render/resource-view.ts";
import type { Watch } from "../store/store.ts";
import type { Outcome } from "./outcome.ts";
import { readPollState } from "./poll-state.ts";

export function shownView(watch: Watch): ResourceView {
  const state = readPollState(watch.pollState);
  const view = state?.view;
  if (view !== undefined) return view;
  const common = { namespace: watch.namespace, status: "pending", logLines: [] } as const;
  return watch.kind === "job"
    ? { kind: "job", ...common, key: state?.key ?? watch.outpostName, runName: watch.outpostName }
    : { kind: "service", ...common, name: watch.outpostName };
}

export function shownOutcome(watch: Watch): Outcome {
  return readPollState(watch.pollState)?.outcome ?? { status: "queued" };
}
