/**
 * When a preview has expired: its lifetime (`ttl`) counts from when Outpost created it, its idle
 * time (`idle_expiry`) from the last time a push to its pull request deployed it (its newest
 * record). An expired preview is deleted by `outpost previews prune` and the bot's sweeper; a
 * later push to the pull request deploys it afresh.
 */
import { previewExpiry } from "../config/previews.ts";
import type { Preview } from "../config/schema.generated.ts";
import { formatDuration } from "../duration.ts";
import type { LivePreview } from "./preview-fleet.ts";

export interface ExpiredPreview {
  readonly preview: LivePreview;
  /** Why, for people: `its ttl (3d) ended: created 2026-11-27T10:00:00Z`. */
  readonly reason: string;
}

/**
 * Why the preview has expired at `now`, or undefined while it has not. `deployedAt`: its newest
 * record's time; undefined when no record of it is known (then only its lifetime counts).
 */
export function expiryReason(
  preview: LivePreview,
  settings: Preview,
  deployedAt: string | undefined,
  now: number,
): string | undefined {
  const { idleMs, ttlMs } = previewExpiry(settings);
  const created = Date.parse(preview.entry.created_at);
  if (Number.isFinite(created) && now - created >= ttlMs) {
    return `its lifetime (\`ttl\` ${formatDuration(ttlMs)}) ended: created ${preview.entry.created_at}`;
  }
  const deployed = deployedAt === undefined ? Number.NaN : Date.parse(deployedAt);
  if (Number.isFinite(deployed) && now - deployed >= idleMs) {
    return `idle for \`idle_expiry\` ${formatDuration(idleMs)}: last deployed ${deployedAt ?? ""}`;
  }
  return undefined;
}
