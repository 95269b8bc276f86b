/**
 * Deleting expired previews (`outpost previews prune`, the bot's sweeper): every pull request's
 * previews in the preview namespace are judged by preview-expiry.ts, and a preview is deleted
 * only when its own pull request's records hold it — the same deletion a pruning apply makes,
 * recorded the same way. A preview no records hold, or whose records could not be read, is left
 * alone and said so.
 */
import type { DesiredState } from "../config/desired-state.ts";
import { previewedServices, previewLimits } from "../config/previews.ts";
import type { OutpostConfig } from "../config/schema.generated.ts";
import { SecretValues } from "../config/secrets.ts";
import type { FileSource } from "../files/file-source.ts";
import { recordsOf, type RecordStore } from "../records/applied-record.ts";
import { previewEnvironment } from "../records/preview-identity.ts";
import type { RecordKey } from "../records/record-key.ts";
import type { ApplyResult } from "./apply.ts";
import type { OutpostPort } from "./outpost-port.ts";
import { expiryReason } from "./preview-expiry.ts";
import { readPreviewFleet, type LivePreview } from "./preview-fleet.ts";
import { applyChanges, planChanges, type PlannedChanges } from "./reconcile.ts";

export interface PreviewVerdict {
  readonly preview: LivePreview;
  /** Why it expired; undefined while it has not. */
  readonly expired: string | undefined;
  /** Whether its pull request's records hold it (it may be deleted). */
  readonly owned: boolean;
}

export interface PullRequestPrune {
  readonly pull: number;
  /** Its records, as read: the deletion is recorded in them. */
  readonly store: RecordStore;
  readonly verdicts: readonly PreviewVerdict[];
  /** The deletion of its expired, owned previews; undefined when there is none. */
  readonly planned?: PlannedChanges;
}

export interface PreviewPruneSettings {
  readonly files: FileSource;
  readonly recordKey: RecordKey;
  /**
   * The time now, in milliseconds since the epoch, on Outpost's clock (previews' `created_at` is
   * its): read once the preview namespace was listed.
   */
  readonly now: () => number;
  readonly concurrency?: number;
}

/** Every live preview with its verdict, and for each pull request the deletion of its expired ones. */
export async function planPreviewPrune(
  document: OutpostConfig,
  api: OutpostPort,
  storeOf: (pull: number) => Promise<RecordStore>,
  settings: PreviewPruneSettings,
): Promise<PullRequestPrune[]> {
  const namespace = previewLimits(document).namespace;
  const previewed = new Map(previewedServices(document));
  const fleet = await readPreviewFleet(api, namespace, [...previewed.keys()]);
  const now = settings.now();
  const pulls = [...new Set(fleet.map((preview) => preview.pull))];
  const prunes: PullRequestPrune[] = [];
  for (const pull of pulls) {
    const store = await storeOf(pull);
    const records = await store.read(namespace, undefined);
    const verdicts = fleet
      .filter((preview) => preview.pull === pull)
      .map((preview): PreviewVerdict => {
        const record = recordsOf(records.latest, "service", preview.entry.name)[0];
        const owned =
          record !== undefined &&
          (record.outpostId === undefined || record.outpostId === preview.entry.id);
        const settingsOf = previewed.get(preview.service)?.preview ?? {};
        return {
          preview,
          owned,
          expired: expiryReason(preview, settingsOf, record?.appliedAt, now),
        };
      });
    const doomed = new Set(
      verdicts.filter((v) => v.owned && v.expired !== undefined).map((v) => v.preview.entry.name),
    );
    if (doomed.size === 0) {
      prunes.push({ pull, store, verdicts });
      continue;
    }
    // Planned as the pull request without previews, then narrowed to the expired ones.
    const none: DesiredState = {
      version: 1,
      namespace,
      environment: previewEnvironment(pull),
      services: [],
      jobs: [],
      secrets: new SecretValues(),
    };
    const planned = await planChanges(none, api, store, {
      files: settings.files,
      recordKey: settings.recordKey,
      prune: true,
      ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
    });
    const changes = planned.plan.changes.filter(
      (change) =>
        change.kind === "service" && change.action === "orphan" && doomed.has(change.name),
    );
    prunes.push({
      pull,
      store,
      verdicts,
      planned: { ...planned, plan: { ...planned.plan, changes } },
    });
  }
  return prunes;
}

/** Deletes what `planPreviewPrune` planned, pull request by pull request. */
export async function applyPreviewPrune(
  prunes: readonly PullRequestPrune[],
  api: OutpostPort,
  settings: { readonly concurrency?: number; readonly signal?: AbortSignal },
): Promise<Map<number, ApplyResult>> {
  const results = new Map<number, ApplyResult>();
  for (const prune of prunes) {
    if (prune.planned === undefined) continue;
    if (settings.signal?.aborted === true) break;
    results.set(
      prune.pull,
      await applyChanges(prune.planned, api, prune.store, {
        wait: false,
        waitForJobs: false,
        ...(settings.concurrency === undefined ? {} : { concurrency: settings.concurrency }),
        ...(settings.signal === undefined ? {} : { signal: settings.signal }),
      }),
    );
  }
  return results;
}
