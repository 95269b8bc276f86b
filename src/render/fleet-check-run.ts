/**
 * The aggregate check run of a fleet — many resources of one kind on one commit, past the
 * operator's threshold — which replaces their own check runs: "Outpost jobs: 1,000 — 412
 * running, 580 succeeded, 8 failed", a table of counts, a table of the resources (failures
 * first, cut to GitHub's size limit), and each failure's last log lines. One write shows every
 * conclusion, so a thousand jobs fit GitHub's write limits.
 */
import type { CheckRunOutput } from "./check-run.ts";
import { jobCost, jobProgress } from "./check-run.ts";
import { clipLine, clipText, maxBodyLength, maxTitleLength } from "./github-limits.ts";
import { table } from "./markdown.ts";
import { formatDuration } from "./quantities.ts";
import { noRedaction, type Redact } from "./redaction.ts";
import { resourceName, statusIcon, statusWords, type ResourceView } from "./resource-view.ts";

export type FleetKind = "job" | "service";

/** A check run's conclusion, as GitHub names them. */
export type Conclusion =
  "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";

/** Where one member of the fleet stands, as its own check run would have said. */
export interface FleetMember {
  readonly view: ResourceView;
  /** Its check run status and conclusion, had it one. */
  readonly status: "queued" | "in_progress" | "completed";
  readonly conclusion?: Conclusion;
}

/** How many members are in each Outpost status. */
export type FleetTally = Readonly<Record<string, number>>;

/** Statuses in the order they are told, busiest first. */
const order: Readonly<Record<FleetKind, readonly string[]>> = {
  job: [
    "running",
    "queued",
    "pending",
    "succeeded",
    "failed",
    "timed_out",
    "cancelled",
    "missing",
    "unsubmitted",
  ],
  service: [
    "deploying",
    "pending",
    "running",
    "degraded",
    "failed",
    "stopped",
    "missing",
    "unsubmitted",
  ],
};

const failures: ReadonlySet<Conclusion> = new Set(["failure", "timed_out"]);

/** Failed details shown, at most, and log lines each. */
const detailedFailures = 20;
const detailLines = 10;

export function fleetTally(members: readonly FleetMember[]): FleetTally {
  const tally: Record<string, number> = {};
  for (const member of members) tally[member.view.status] = (tally[member.view.status] ?? 0) + 1;
  return tally;
}

function plural(kind: FleetKind): string {
  return kind === "job" ? "jobs" : "services";
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

/** `412 running, 580 succeeded, 8 failed` (statuses with none left out). */
export function tallyText(kind: FleetKind, tally: FleetTally): string {
  const known = order[kind];
  const statuses = [
    ...known.filter((status) => (tally[status] ?? 0) > 0),
    ...Object.keys(tally).filter((status) => !known.includes(status) && (tally[status] ?? 0) > 0),
  ];
  return statuses.map((status) => `${count(tally[status] ?? 0)} ${statusWords(status)}`).join(", ");
}

/** What GitHub shows as the check run's name. */
export function fleetCheckRunName(kind: FleetKind): string {
  return `Outpost ${plural(kind)}`;
}

/** The check run's status and conclusion: completed once every member is. */
export function fleetOutcome(members: readonly FleetMember[]): {
  readonly status: "queued" | "in_progress" | "completed";
  readonly conclusion?: Conclusion;
} {
  if (members.length === 0 || members.every((m) => m.status === "queued"))
    return { status: "queued" };
  if (!members.every((m) => m.status === "completed")) return { status: "in_progress" };
  const conclusions = members.map((m) => m.conclusion ?? "success");
  if (conclusions.some((c) => failures.has(c)))
    return { status: "completed", conclusion: "failure" };
  if (conclusions.includes("cancelled")) return { status: "completed", conclusion: "cancelled" };
  if (conclusions.some((c) => c !== "success"))
    return { status: "completed", conclusion: "neutral" };
  return { status: "completed", conclusion: "success" };
}

function rank(kind: FleetKind, member: FleetMember): number {
  if (member.conclusion !== undefined && failures.has(member.conclusion)) return -1;
  const index = order[kind].indexOf(member.view.status);
  return index === -1 ? order[kind].length : index;
}

function row(member: FleetMember): string[] {
  const { view } = member;
  if (view.kind === "job") {
    return [
      statusIcon(view),
      `\`${view.key}\``,
      `\`${view.runName}\``,
      statusWords(view.status),
      jobProgress(view),
      view.runtimeSeconds === undefined ? "" : formatDuration(view.runtimeSeconds),
      jobCost(view),
    ];
  }
  const replicas =
    view.currentReplicas === undefined ? "" : `${view.readyReplicas ?? 0}/${view.currentReplicas}`;
  return [
    statusIcon(view),
    `\`${view.name}\``,
    statusWords(view.status),
    replicas,
    view.endpoint ?? "",
  ];
}

function header(kind: FleetKind): string[] {
  return kind === "job"
    ? ["", "Job", "Run", "Status", "Progress", "Runtime", "Cost"]
    : ["", "Service", "Status", "Ready", "Endpoint"];
}

/** As many rows as fit in `max` characters, the rest counted in a last line. */
function fittedTable(
  kind: FleetKind,
  rows: readonly string[][],
  lead: string,
  max: number,
): string {
  const render = (shown: number) => {
    const omitted = rows.length - shown;
    return [
      lead,
      "",
      table(header(kind), rows.slice(0, shown)),
      ...(omitted > 0
        ? ["", `_… and ${count(omitted)} more, not shown: GitHub's size limit._`]
        : []),
    ].join("\n");
  };
  if (render(rows.length).length <= max) return render(rows.length);
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (render(middle).length <= max) low = middle;
    else high = middle - 1;
  }
  return clipText(render(low), max);
}

function failureDetails(members: readonly FleetMember[]): string {
  const failed = members.filter((m) => m.conclusion !== undefined && failures.has(m.conclusion));
  if (failed.length === 0) return "";
  const sections = failed.slice(0, detailedFailures).map((member) => {
    const { view } = member;
    const name =
      view.kind === "job"
        ? `job \`${view.key}\` · run \`${view.runName}\``
        : `service \`${view.name}\``;
    const code =
      view.kind === "job" && view.exitCode !== undefined && view.exitCode !== null
        ? ` (exit code ${view.exitCode})`
        : "";
    const lines = view.logLines.slice(-detailLines).map((line) => clipLine(line, 500));
    return [
      `### ${statusIcon(view)} ${name}: ${statusWords(view.status)}${code}`,
      ...(lines.length === 0
        ? []
        : ["", "```text", ...lines.map((line) => line.replaceAll("```", "'''")), "```"]),
    ].join("\n");
  });
  const more =
    failed.length > detailedFailures
      ? [`_${count(failed.length - detailedFailures)} more failures are in the table above._`]
      : [];
  return [...sections, ...more].join("\n\n");
}

/** The aggregate check run's output; every part redacted. */
export function fleetCheckRunOutput(
  kind: FleetKind,
  members: readonly FleetMember[],
  redact: Redact = noRedaction,
): CheckRunOutput {
  const tally = fleetTally(members);
  const titleText = `${fleetCheckRunName(kind)}: ${count(members.length)} — ${tallyText(kind, tally)}`;
  const title =
    titleText.length <= maxTitleLength ? titleText : `${titleText.slice(0, maxTitleLength - 1)}…`;
  const counts = table(
    ["Status", plural(kind).replace(/^./, (c) => c.toUpperCase())],
    [
      ...order[kind]
        .filter((s) => (tally[s] ?? 0) > 0)
        .map((s) => [statusWords(s), count(tally[s] ?? 0)]),
      ["**all**", `**${count(members.length)}**`],
    ],
  );
  const ordered = [...members].sort(
    (a, b) =>
      rank(kind, a) - rank(kind, b) || resourceName(a.view).localeCompare(resourceName(b.view)),
  );
  const lead = [
    `**${count(members.length)} ${plural(kind)}** on this commit are followed together in this check run (more than the operator's threshold for check runs of their own).`,
    "",
    counts,
  ].join("\n");
  const summary = fittedTable(kind, ordered.map(row), lead, maxBodyLength - 500);
  const details = failureDetails(ordered);
  return {
    title: redact(title),
    summary: redact(summary),
    ...(details === "" ? {} : { text: redact(clipText(details, maxBodyLength - 500)) }),
  };
}
