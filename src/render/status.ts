/** A namespace's services and recent job runs, as terminal text. */
import type { JobSummary, ServiceSummary } from "../outpost/types.ts";
import { parseProgress, progressBar } from "./progress.ts";
import type { Redact } from "./redaction.ts";
import { columns } from "./columns.ts";
import { formatDuration } from "./quantities.ts";

export interface NamespaceStatus {
  readonly namespace: string;
  readonly services: readonly ServiceSummary[];
  readonly jobs: readonly JobSummary[];
}

function jobProgress(job: JobSummary): string {
  const progress = parseProgress(job.progress);
  if (job.status !== "running" || progress.fraction === undefined) return progress.text;
  return `${progressBar(progress.fraction, 10)} ${progress.text}`;
}

export function statusToText(status: NamespaceStatus, redact: Redact): string {
  const services = status.services.map((s) => [
    s.name,
    s.status,
    `${s.ready_replicas}/${s.current_replicas} ready (${s.min_replicas}–${s.max_replicas})`,
    `${s.gpu} ×${s.gpu_count}`,
    `$${s.cost_per_hour_per_replica}/h per replica`,
    s.endpoint,
  ]);
  const jobs = status.jobs.map((j) => [
    j.name,
    j.status,
    j.runtime_seconds === undefined ? "" : formatDuration(j.runtime_seconds),
    `$${j.cost_per_hour}/h`,
    jobProgress(j),
  ]);
  return redact(
    [
      `Services in ${status.namespace}: ${status.services.length}`,
      ...columns(services).map((l) => `  ${l}`),
      `Jobs in ${status.namespace}, newest first: ${status.jobs.length}`,
      ...columns(jobs).map((l) => `  ${l}`),
      "",
    ].join("\n"),
  );
}
