/**
 * Whether a pull request's previews may be deployed: the file's `previews.max_concurrent` counts
 * every pull request's previews that exist, and `previews.max_hourly` what they all cost an hour
 * at their maximum replicas. Judged before anything is written, on the whole pull request's
 * previews at once, so that a refusal leaves nothing half-created. A change that does not add to
 * what a limit counts (an update of a preview that exists, fewer previews, a smaller GPU) is
 * never refused: it is the way back under a lowered limit.
 */
import type { PreviewLimits } from "../config/previews.ts";
import type { ServiceSpec } from "../config/desired-state.ts";
import type { LivePreview } from "./preview-fleet.ts";

export interface PreviewRefusal {
  readonly limit: "max_concurrent" | "max_hourly";
  /** One sentence that names the limit, its value and what would pass it. */
  readonly message: string;
}

export interface PreviewRequest {
  readonly pull: number;
  /** The pull request's previews as they would be. */
  readonly previews: readonly ServiceSpec[];
  /** Every pull request's previews that exist (preview-fleet.ts). */
  readonly fleet: readonly LivePreview[];
  readonly limits: PreviewLimits;
}

function listPulls(previews: readonly LivePreview[]): string {
  const pulls = [...new Set(previews.map((preview) => preview.pull))];
  return pulls.map((pull) => `#${pull}`).join(", ");
}

/** The concurrency limit's refusal, if the request passes it. */
export function concurrencyRefusal(request: PreviewRequest): PreviewRefusal | undefined {
  const { pull, previews, fleet, limits } = request;
  const others = fleet.filter((preview) => preview.pull !== pull);
  const own = fleet.length - others.length;
  const total = others.length + previews.length;
  if (total <= limits.maxConcurrent || previews.length <= own) return undefined;
  const plural = (count: number) => `${count} preview${count === 1 ? "" : "s"}`;
  const existing =
    others.length === 0
      ? ""
      : `${plural(others.length)} of other pull requests exist (${listPulls(others)}) and `;
  return {
    limit: "max_concurrent",
    message:
      `\`previews.max_concurrent\` is ${limits.maxConcurrent}: ${existing}this pull request's ` +
      `${plural(previews.length)} would make ${total}. Close a pull request with previews, or raise the limit.`,
  };
}
