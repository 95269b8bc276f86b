/**
 * The one comment the bot keeps on a pull request: every resource it follows for the pull
 * request's newest commit, one row each, linking to its check run — or, for a fleet (more of one
 * kind than the operator's threshold), one row counting them, its failures listed. A hidden
 * marker lets the bot find the comment again (after losing its state, say) and edit it instead
 * of adding another.
 *
 * It shows states, not progress: a row changes when its resource is queued, running, ready,
 * failed or done (with the runtime and cost it ended with), never with a progress bar or a cost
 * so far, so the comment is edited (and its readers notified) only when something happened.
 * Nothing in it depends on the time of rendering, so an unchanged state renders identically.
 */
import { jobCost } from "./check-run.ts";
import {
  fleetCheckRunName,
  tallyText,
  type FleetKind,
  type FleetTally,
} from "./fleet-check-run.ts";
import { clipText, maxBodyLength } from "./github-limits.ts";
import { table } from "./markdown.ts";
import { formatDuration } from "./quantities.ts";
import { noRedaction, type Redact } from "./redaction.ts";
import {
  jobEnded,
  resourceName,
  statusIcon,
  statusWords,
  type ResourceView,
} from "./resource-view.ts";

/** The hidden first line that marks the bot's comment. */
export const stickyMarker = "<!-- outpost-bot:sticky-comment -->";

export interface StickyEntry {
  readonly view: ResourceView;
  /** Its check run's conclusion, once it ended (a running service that became ready reads so). */
  readonly conclusion?: string;
  /** The check run on GitHub, when created. */
  readonly checkRunUrl?: string;
}

/** The resources of one kind followed together (a fleet). */
export interface StickyFleet {
  readonly kind: FleetKind;
  readonly total: number;
  readonly tally: FleetTally;
  /** The aggregate check run on GitHub, when created. */
  readonly checkRunUrl?: string;
  /** The names of those that failed, listed below the table. */
  readonly failed: readonly string[];
}

export interface StickyComment {
  /** The commit whose resources are listed. */
  readonly commit: string;
  readonly entries: readonly StickyEntry[];
  readonly fleets?: readonly StickyFleet[];
}

/** Failed members of a fleet named in the comment, at most. */
const namedFailures = 20;

function runtime(view: ResourceView): string {
  return view.kind === "job" && jobEnded(view) && view.runtimeSeconds !== undefined
    ? formatDuration(view.runtimeSeconds)
    : "";
}

function cost(view: ResourceView): string {
  if (view.kind === "job") return jobEnded(view) ? jobCost(view) : "";
  return "";
}

function where(view: ResourceView): string {
  if (view.kind === "job") {
    return view.artifacts ? `[artifacts](${view.artifacts.downloadUrl})` : `\`${view.runName}\``;
  }
  return view.endpoint ?? "";
}

function status(entry: StickyEntry): string {
  const { view } = entry;
  if (view.kind === "service" && view.status === "running") {
    return entry.conclusion === "success" ? "ready" : "running, not ready yet";
  }
  return statusWords(view.status);
}

function row(entry: StickyEntry): string[] {
  const { view } = entry;
  return [
    statusIcon(view),
    `${view.kind} \`${resourceName(view)}\``,
    status(entry),
    runtime(view),
    cost(view),
    where(view),
    entry.checkRunUrl === undefined ? "" : `[check run](${entry.checkRunUrl})`,
  ];
}

function fleetRow(fleet: StickyFleet): string[] {
  const icon = fleet.failed.length > 0 ? "❌" : "📦";
  return [
    icon,
    `${fleet.total.toLocaleString("en-US")} ${fleet.kind === "job" ? "jobs" : "services"}`,
    tallyText(fleet.kind, fleet.tally),
    "",
    "",
    "",
    fleet.checkRunUrl === undefined
      ? ""
      : `[${fleetCheckRunName(fleet.kind)}](${fleet.checkRunUrl})`,
  ];
}

function fleetFailures(fleets: readonly StickyFleet[]): string[] {
  return fleets.flatMap((fleet) => {
    if (fleet.failed.length === 0) return [];
    const names = fleet.failed.slice(0, namedFailures).map((name) => `\`${name}\``);
    const more = fleet.failed.length - names.length;
    return [
      "",
      `Failed ${fleet.kind === "job" ? "jobs" : "services"}: ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`,
    ];
  });
}

export function stickyCommentBody(comment: StickyComment, redact: Redact = noRedaction): string {
  const fleets = comment.fleets ?? [];
  const rows = [
    ...fleets.map(fleetRow),
    ...[...comment.entries]
      .sort(
        (a, b) =>
          a.view.kind.localeCompare(b.view.kind) ||
          resourceName(a.view).localeCompare(resourceName(b.view)),
      )
      .map(row),
  ];
  const body = [
    stickyMarker,
    `### Outpost · \`${comment.commit.slice(0, 7)}\``,
    "",
    rows.length === 0
      ? "_Nothing is being followed for this commit._"
      : table(["", "Resource", "Status", "Runtime", "Cost", "Where", ""], rows),
    ...fleetFailures(fleets),
    "",
    "<sub>Commands: `/outpost plan` · `/outpost run <job>` · `/outpost cancel <job>` · `/outpost redeploy <service>` · `/outpost logs <job|service>`</sub>",
    "",
  ].join("\n");
  return clipText(redact(body), maxBodyLength);
}
