/**
 * Planning a pull request's previews, the same for the action, the bot and the CLI: its previews
 * are a project of their own (`preview/pr-<number>`), planned with `prune` (a preview the pull
 * request no longer calls for, or every one once it is closed, is deleted) and redeployed at each
 * new head commit. Before anything is written the plan is checked against the `previews:` limits,
 * and against writing to any service its records do not own — a preview name that some other
 * service already has — so only the pull request's own previews are ever written.
 */
import type { DesiredState } from "../config/desired-state.ts";
import { previewedServices, previewLimits } from "../config/previews.ts";
import type { OutpostConfig } from "../config/schema.generated.ts";
import { recordsOf, type RecordStore } from "../records/applied-record.ts";
import { previewPull } from "../records/preview-identity.ts";
import type { OutpostPort } from "./outpost-port.ts";
import type { ServiceChange } from "./plan.ts";
import { readPreviewFleet, type LivePreview } from "./preview-fleet.ts";
import { concurrencyRefusal, type PreviewRefusal } from "./preview-limits.ts";
import { planChanges, type PlannedChanges, type ReconcileSettings } from "./reconcile.ts";

export interface PlannedPreviews {
  readonly pull: number;
  readonly planned: PlannedChanges;
  /** Every pull request's previews that existed when planned. */
  readonly fleet: readonly LivePreview[];
  /** Why applying is refused; nothing may be written then. */
  readonly refusal?: PreviewRefusal | { readonly limit: "ownership"; readonly message: string };
}

/** `desired`: the pull request's previews as loadConfig resolves them (its `preview` option). */
export async function planPreviews(
  desired: DesiredState,
  document: OutpostConfig,
  api: OutpostPort,
  store: RecordStore,
  settings: Omit<ReconcileSettings, "prune" | "runJobs" | "redeploy">,
): Promise<PlannedPreviews> {
  const pull = previewPull(desired.environment);
  if (pull === undefined) throw new Error(`not a preview project: ${desired.environment}`);
  const fleet = await readPreviewFleet(
    api,
    desired.namespace,
    previewedServices(document).map(([name]) => name),
  );
  const planned = await planChanges(desired, api, store, {
    ...settings,
    prune: true,
    redeployOtherCommits: true,
  });
  const refusal =
    foreignRefusal(planned) ??
    concurrencyRefusal({
      pull,
      previews: desired.services,
      fleet,
      limits: previewLimits(document),
    });
  return { pull, planned, fleet, ...(refusal === undefined ? {} : { refusal }) };
}

/** A change to a service that exists but is not one of this pull request's previews. */
function foreignRefusal(planned: PlannedChanges): PlannedPreviews["refusal"] {
  const foreign = planned.plan.changes.find((change): change is ServiceChange => {
    if (change.kind !== "service" || change.action === "create" || change.action === "orphan")
      return false;
    const live = planned.live.services.get(change.name) ?? planned.live.listed.get(change.name);
    const record = recordsOf(planned.records.latest, "service", change.name)[0];
    return (
      live !== undefined &&
      (record === undefined || (record.outpostId !== undefined && record.outpostId !== live.id))
    );
  });
  if (foreign === undefined) return undefined;
  return {
    limit: "ownership",
    message: `A service named \`${foreign.name}\` already exists in namespace \`${planned.desired.namespace}\` and is not this pull request's preview: nothing is written to it. Rename it, or set \`previews.namespace\` to a namespace of previews only.`,
  };
}
