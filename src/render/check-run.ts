/**
 * The output of a followed resource's check run: a title that says where it stands, a summary
 * with the figures (progress with a bar, runtime, cost, artifacts; replicas, endpoint, metrics),
 * and a text with the metric chart and the last log lines, fitted to GitHub's size limits.
 */
import { fitLogLines, maxBodyLength, maxTitleLength } from "./github-limits.ts";
import { metricChart } from "./loss-chart.ts";
import { table } from "./markdown.ts";
import { parseProgress, progressBar } from "./progress.ts";
import { formatBytes, formatDuration, formatMetric, formatMoney } from "./quantities.ts";
import { noRedaction, type Redact } from "./redaction.ts";
import {
  statusIcon,
  statusWords,
  type JobView,
  type ResourceView,
  type ServiceView,
} from "./resource-view.ts";

export interface CheckRunOutput {
  readonly title: string;
  readonly summary: string;
  readonly text?: string;
}

/** `≈ $51.20 so far ($12.80/h)` while running; the total once Outpost reports it. */
export function jobCost(view: JobView): string {
  if (view.totalCost !== undefined) return formatMoney(view.totalCost);
  if (view.costPerHour === undefined) return "";
  const rate = `${formatMoney(view.costPerHour)}/h`;
  const runtime = view.runtimeSeconds;
  if (runtime === undefined || runtime === 0) return rate;
  const sofar = (Number(view.costPerHour) * runtime) / 3600;
  return `≈ ${formatMoney(sofar)} so far (${rate})`;
}

/** `██████░░░░ 67% Epoch 2/3 - Step 4200/6300`, or the text alone when it holds no fraction. */
export function jobProgress(view: JobView, width = 10): string {
  const progress = parseProgress(view.progress);
  if (view.status === "succeeded") return `\`${progressBar(1, width)}\``;
  if (progress.fraction === undefined) return progress.text;
  return `\`${progressBar(progress.fraction, width)}\` ${progress.text}`;
}

function jobTitle(view: JobView): string {
  const runtime =
    view.runtimeSeconds === undefined ? "" : ` after ${formatDuration(view.runtimeSeconds)}`;
  switch (view.status) {
    case "pending":
      return "Waiting for the run to be submitted";
    case "missing":
      return "Outpost no longer has this run";
    case "unsubmitted":
      return "Never submitted to Outpost";
    case "queued":
      return "Queued on Outpost";
    case "running": {
      const progress = parseProgress(view.progress);
      const percent =
        progress.fraction === undefined ? "" : ` · ${Math.floor(progress.fraction * 100)}%`;
      const text = progress.text === "" ? "" : ` · ${progress.text}`;
      return `Running${percent}${text}`;
    }
    case "succeeded": {
      const cost = view.totalCost === undefined ? "" : ` · ${formatMoney(view.totalCost)}`;
      const time =
        view.runtimeSeconds === undefined ? "" : ` in ${formatDuration(view.runtimeSeconds)}`;
      return `Succeeded${time}${cost}`;
    }
    case "failed": {
      const code =
        view.exitCode === undefined || view.exitCode === null
          ? ""
          : ` (exit code ${view.exitCode})`;
      return `Failed${code}${runtime}`;
    }
    case "cancelled":
      return `Cancelled${runtime}`;
    case "timed_out":
      return `Timed out${runtime}`;
  }
}

function hardware(view: { gpu?: string; gpuCount?: number; region?: string }): string {
  const gpu = view.gpu === undefined ? "" : `${view.gpu} ×${view.gpuCount ?? 1}`;
  return [gpu, view.region ?? ""].filter(Boolean).join(" · ");
}

function jobSummary(view: JobView): string {
  const attempts =
    view.retries !== undefined && view.retries > 0
      ? ` (attempt ${(view.retryCount ?? 0) + 1} of ${view.retries + 1})`
      : "";
  const lines = [
    `${statusIcon(view)} **Job \`${view.key}\`** · run \`${view.runName}\` · namespace \`${view.namespace}\``,
    "",
    table(
      ["Status", "Progress", "Runtime", "Cost", "Hardware"],
      [
        [
          `${statusWords(view.status)}${attempts}`,
          jobProgress(view, 20),
          view.runtimeSeconds === undefined ? "" : formatDuration(view.runtimeSeconds),
          jobCost(view),
          hardware(view),
        ],
      ],
    ),
  ];
  const artifacts = view.artifacts;
  if (artifacts) {
    lines.push(
      "",
      `**Artifacts:** [${artifacts.files} file${artifacts.files === 1 ? "" : "s"}, ${formatBytes(artifacts.sizeBytes)}](${artifacts.downloadUrl}) from \`${artifacts.path}\``,
    );
  }
  return lines.join("\n");
}

function logBlock(title: string, lines: readonly string[]): string {
  return [
    `### ${title}`,
    "",
    "```text",
    // A line holding a fence would end the block early.
    ...lines.map((line) => line.replaceAll("```", "'''")),
    "```",
  ].join("\n");
}

function withLog(sections: readonly string[], lines: readonly string[], redact: Redact): string {
  return fitLogLines(
    lines.map(redact),
    (shown) =>
      [...sections, ...(shown.length > 0 ? [logBlock("Last log lines", shown)] : [])].join("\n\n"),
    maxBodyLength,
  );
}

function serviceTitle(view: ServiceView): string {
  const ready = `${view.readyReplicas ?? 0}/${view.currentReplicas ?? view.minReplicas ?? 0}`;
  switch (view.status) {
    case "pending":
      return "Waiting for the service to be created";
    case "missing":
      return "Outpost no longer has this service";
    case "unsubmitted":
      return "Never created on Outpost";
    case "deploying":
      return `Deploying · ${ready} replicas ready`;
    case "running":
      return view.currentReplicas === 0
        ? "Ready · scaled to zero"
        : `Ready · ${ready} replicas ready`;
    case "degraded": {
      const since =
        view.degradedSeconds === undefined ? "" : ` for ${formatDuration(view.degradedSeconds)}`;
      return `Degraded${since} · ${ready} replicas ready`;
    }
    case "stopped":
      return "Stopped";
    case "failed":
      return "Failed";
  }
}

function serviceSummary(view: ServiceView): string {
  const replicas =
    view.currentReplicas === undefined
      ? ""
      : `${view.readyReplicas ?? 0} ready of ${view.currentReplicas} (${view.minReplicas ?? "?"}–${view.maxReplicas ?? "?"})`;
  const cost =
    view.costPerHourPerReplica === undefined
      ? ""
      : `${formatMoney(Number(view.costPerHourPerReplica) * (view.currentReplicas ?? 0))}/h (${formatMoney(view.costPerHourPerReplica)}/h per replica)`;
  const lines = [
    `${statusIcon(view)} **Service \`${view.name}\`** · namespace \`${view.namespace}\``,
    "",
    table(
      ["Status", "Replicas", "Cost", "Hardware", "Endpoint"],
      [[statusWords(view.status), replicas, cost, hardware(view), view.endpoint ?? ""]],
    ),
  ];
  const metrics = view.metrics;
  if (metrics) {
    lines.push(
      "",
      table(
        ["Requests/s", "Avg latency", "p99 latency", "GPU utilization", "Errors"],
        [
          [
            formatMetric(metrics.requests_per_second),
            `${formatMetric(metrics.avg_latency_ms)} ms`,
            `${formatMetric(metrics.p99_latency_ms)} ms`,
            `${formatMetric(metrics.gpu_utilization_percent)}%`,
            `${formatMetric(metrics.error_rate_percent)}%`,
          ],
        ],
      ),
    );
  }
  return lines.join("\n");
}

function title(text: string): string {
  return text.length <= maxTitleLength ? text : `${text.slice(0, maxTitleLength - 1)}…`;
}

/** The check run output of a job run or a service rollout; every part redacted. */
export function checkRunOutput(view: ResourceView, redact: Redact = noRedaction): CheckRunOutput {
  if (view.kind === "job") {
    const sections = (view.charts ?? []).flatMap((series) => {
      const chart = metricChart(series);
      return chart === undefined ? [] : [`### ${series.name}`, chart];
    });
    const text = withLog(sections, view.logLines, redact);
    return {
      title: redact(title(jobTitle(view))),
      summary: redact(jobSummary(view)),
      ...(text === "" ? {} : { text: redact(text) }),
    };
  }
  const text = withLog([], view.logLines, redact);
  return {
    title: redact(title(serviceTitle(view))),
    summary: redact(serviceSummary(view)),
    ...(text === "" ? {} : { text: redact(text) }),
  };
}
