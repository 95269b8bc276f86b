/**
 * The one comment the bot keeps on a pull request: every resource it follows for the pull
 * request's newest commit, one row each, linking to its check run. A hidden marker lets the bot
 * find the comment again (after losing its state, say) and edit it instead of adding another.
 * Nothing in it depends on the time of rendering, so an unchanged state renders identically.
 */
import { clipText, maxBodyLength } from "./github-limits.ts";
import { jobCost, jobProgress } from "./check-run.ts";
import { sparkline } from "./loss-chart.ts";
import { table } from "./markdown.ts";
import { formatDuration, formatMoney } from "./quantities.ts";
import { noRedaction, type Redact } from "./redaction.ts";
import { resourceName, statusIcon, statusWords, type ResourceView } from "./resource-view.ts";

/** The hidden first line that marks the bot's comment. */
export const stickyMarker = "<!-- outpost-bot:sticky-comment -->";

export interface StickyEntry {
  readonly view: ResourceView;
  /** The check run on GitHub, when created. */
  readonly checkRunUrl?: string;
}

export interface StickyComment {
  /** The commit whose resources are listed. */
  readonly commit: string;
  readonly entries: readonly StickyEntry[];
}

function detail(view: ResourceView): string {
  if (view.kind === "job") {
    const chart = view.series === undefined ? "" : sparkline(view.series.points.map(([, y]) => y));
    return [jobProgress(view), chart === "" ? "" : `${view.series?.name ?? ""} ${chart}`]
      .filter(Boolean)
      .join(" · ");
  }
  if (view.currentReplicas === undefined) return "";
  return `${view.readyReplicas ?? 0}/${view.currentReplicas} replicas ready`;
}

function cost(view: ResourceView): string {
  if (view.kind === "job") return jobCost(view);
  if (view.costPerHourPerReplica === undefined) return "";
  return `${formatMoney(Number(view.costPerHourPerReplica) * (view.currentReplicas ?? 0))}/h`;
}

function where(view: ResourceView): string {
  if (view.kind === "job") {
    return view.artifacts ? `[artifacts](${view.artifacts.downloadUrl})` : `\`${view.runName}\``;
  }
  return view.endpoint ?? "";
}

function row(entry: StickyEntry): string[] {
  const { view } = entry;
  const runtime =
    view.kind === "job" && view.runtimeSeconds !== undefined
      ? formatDuration(view.runtimeSeconds)
      : "";
  return [
    statusIcon(view),
    `${view.kind} \`${resourceName(view)}\``,
    statusWords(view.status),
    detail(view),
    runtime,
    cost(view),
    where(view),
    entry.checkRunUrl === undefined ? "" : `[check run](${entry.checkRunUrl})`,
  ];
}

export function stickyCommentBody(comment: StickyComment, redact: Redact = noRedaction): string {
  const rows = [...comment.entries]
    .sort(
      (a, b) =>
        a.view.kind.localeCompare(b.view.kind) ||
        resourceName(a.view).localeCompare(resourceName(b.view)),
    )
    .map(row);
  const body = [
    stickyMarker,
    `### Outpost · \`${comment.commit.slice(0, 7)}\``,
    "",
    rows.length === 0
      ? "_Nothing is being followed for this commit._"
      : table(["", "Resource", "Status", "Progress", "Runtime", "Cost", "Where", ""], rows),
    "",
    "<sub>Commands: `/outpost plan` · `/outpost run <job>` · `/outpost cancel <job>` · `/outpost redeploy <service>` · `/outpost logs <job|service>`</sub>",
    "",
  ].join("\n");
  return clipText(redact(body), maxBodyLength);
}
