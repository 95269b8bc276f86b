/**
 * What the API shows of an emulated service at an emulated time: the documented views (detail,
 * list entry, update answer), metrics and analytics that follow traffic and replicas with a
 * little noise per emulated minute, and the service's log.
 */
import type {
  Gpu,
  Service,
  ServiceAnalytics,
  ServiceChange,
  ServiceMetrics,
  ServiceSummary,
  UpdateServiceRequest,
} from "../outpost/types.ts";
import { toTimestamp } from "./clock.ts";
import { inOrder, type TimedLine } from "./log-window.ts";
import { money } from "./pricing.ts";
import { noise } from "./random.ts";
import {
  commitOf,
  replicaCounts,
  serviceStatus,
  type Rollout,
  type ServiceRecord,
} from "./services.ts";

function updatedAt(service: ServiceRecord, t: number): number {
  const ended = service.rollouts.filter((r) => r.endAt <= t).map((r) => r.endAt);
  return Math.max(service.updatedAt, ...ended);
}

export function serviceSummary(service: ServiceRecord, t: number): ServiceSummary {
  const { spec } = service;
  const counts = replicaCounts(service, t);
  return {
    id: service.id,
    name: spec.name,
    namespace: service.namespace,
    status: serviceStatus(service, t),
    gpu: spec.gpu,
    gpu_count: spec.gpu_count,
    current_replicas: counts.current,
    ready_replicas: counts.ready,
    min_replicas: spec.min_replicas,
    max_replicas: spec.max_replicas,
    endpoint: `https://${spec.name}.${service.namespace}.outpost.run`,
    region: spec.region,
    cost_per_hour_per_replica: money(service.centsPerHour),
    created_at: toTimestamp(service.createdAt),
    updated_at: toTimestamp(updatedAt(service, t)),
  };
}

export function serviceView(service: ServiceRecord, t: number): Service {
  const { spec } = service;
  const { created_at, updated_at, cost_per_hour_per_replica, ...summary } = serviceSummary(
    service,
    t,
  );
  const { id, name, namespace, status, gpu, gpu_count, current_replicas, ready_replicas } = summary;
  const commit = commitOf(service);
  const metrics = serviceMetrics(service, t);
  // Key order follows the seed page's example.
  return {
    id,
    name,
    namespace,
    status,
    ...(spec.repo !== undefined ? { repo: spec.repo, branch: spec.branch ?? "main" } : {}),
    ...(commit !== undefined ? { commit_sha: commit } : {}),
    ...(spec.image !== undefined ? { image: spec.image } : {}),
    gpu,
    gpu_count,
    cpu: spec.cpu,
    memory_gb: spec.memory_gb,
    min_replicas: spec.min_replicas,
    max_replicas: spec.max_replicas,
    target_gpu_utilization: spec.target_gpu_utilization,
    current_replicas,
    ready_replicas,
    port: spec.port,
    health_check_path: spec.health_check_path,
    endpoint: summary.endpoint,
    custom_domain: spec.custom_domain,
    region: spec.region,
    cost_per_hour_per_replica,
    ...(metrics !== undefined ? { metrics } : {}),
    created_at,
    updated_at,
  };
}

export interface ChangeAnswer {
  readonly message: string;
  /** The PUT body: the fields it sent are shown with their new values. */
  readonly sent: UpdateServiceRequest;
  readonly rollout: Rollout | undefined;
  /** The seed page shows replica counts in the PUT answer, not in the redeploy answer. */
  readonly withReplicas: boolean;
}

/** The answer to a PUT or a redeploy: identity, status, what changed, message. */
export function serviceChange(
  service: ServiceRecord,
  t: number,
  answer: ChangeAnswer,
): ServiceChange {
  const { spec } = service;
  const { sent, rollout } = answer;
  const counts = replicaCounts(service, t);
  const pick = <K extends "min_replicas" | "max_replicas" | "target_gpu_utilization">(key: K) =>
    sent[key] !== undefined ? { [key]: spec[key] } : {};
  return {
    id: service.id,
    name: spec.name,
    namespace: service.namespace,
    status: serviceStatus(service, t),
    ...(rollout?.commitSha !== undefined ? { commit_sha: rollout.commitSha } : {}),
    ...(sent.branch !== undefined ? { branch: spec.branch ?? sent.branch } : {}),
    ...pick("min_replicas"),
    ...pick("max_replicas"),
    ...pick("target_gpu_utilization"),
    ...(answer.withReplicas
      ? { current_replicas: counts.current, ready_replicas: counts.ready }
      : {}),
    ...(sent.custom_domain !== undefined ? { custom_domain: spec.custom_domain } : {}),
    message: answer.message,
    updated_at: toTimestamp(updatedAt(service, t)),
  };
}

/** Requests per second one replica serves at 100% GPU, by GPU; multiplied by the GPU count. */
const capacityPerGpu: Record<Gpu, number> = {
  "A100-40GB": 50,
  "A100-80GB": 66,
  "H100-80GB": 110,
  L4: 30,
  T4: 18,
  none: 40,
};
const baseLatencyMs: Record<Gpu, number> = {
  "A100-40GB": 340,
  "A100-80GB": 300,
  "H100-80GB": 200,
  L4: 120,
  T4: 180,
  none: 60,
};

interface Traffic {
  readonly requestsPerSecond: number;
  readonly gpuUtilization: number;
  readonly avgLatencyMs: number;
  readonly p99LatencyMs: number;
  readonly errorRatePercent: number;
}

/**
 * Traffic asks for `load` replicas' worth of requests at the target utilization (by default
 * `min_replicas` worth); the ready replicas share it. Noise is stable within an emulated minute.
 */
function traffic(service: ServiceRecord, t: number): Traffic {
  const { spec } = service;
  const { ready } = replicaCounts(service, t);
  const minute = Math.floor(t / 60_000);
  const wobble = (metric: string) => noise(`${service.id}/${metric}/${minute}`);
  const capacity = capacityPerGpu[spec.gpu] * spec.gpu_count;
  const demand = service.load ?? spec.min_replicas;
  if (ready === 0 || demand === 0) {
    return {
      requestsPerSecond: 0,
      gpuUtilization: 0,
      avgLatencyMs: 0,
      p99LatencyMs: 0,
      errorRatePercent: 0,
    };
  }
  const rps = demand * capacity * (spec.target_gpu_utilization / 100) * (1 + 0.06 * wobble("rps"));
  const utilization = Math.min(100, (rps / (ready * capacity)) * 100);
  const degraded = serviceStatus(service, t) === "degraded";
  const avg =
    baseLatencyMs[spec.gpu] *
    (1 + 0.8 * (utilization / 100) ** 3) *
    (degraded ? 1.8 : 1) *
    (1 + 0.04 * wobble("latency"));
  return {
    requestsPerSecond: Math.round(rps * 10) / 10,
    gpuUtilization: spec.gpu === "none" ? 0 : Math.round(utilization),
    avgLatencyMs: Math.round(avg),
    p99LatencyMs: Math.round(avg * (2.4 + 0.1 * wobble("p99"))),
    errorRatePercent:
      Math.round((degraded ? 2.5 + wobble("errors") : 0.02 + 0.01 * wobble("errors")) * 100) / 100,
  };
}

/** Metrics appear once the service has had a ready replica. */
function serviceMetrics(service: ServiceRecord, t: number): ServiceMetrics | undefined {
  const served = service.replicas.some((r) => r.readyAt <= t && r.readyAt < r.stopAt);
  if (!served) return undefined;
  const now = traffic(service, t);
  return {
    requests_per_second: now.requestsPerSecond,
    avg_latency_ms: now.avgLatencyMs,
    p99_latency_ms: now.p99LatencyMs,
    gpu_utilization_percent: now.gpuUtilization,
    error_rate_percent: now.errorRatePercent,
  };
}

export function serviceAnalytics(service: ServiceRecord, t: number): ServiceAnalytics {
  const now = traffic(service, t);
  const counts = replicaCounts(service, t);
  return {
    name: service.spec.name,
    namespace: service.namespace,
    requests_per_second: now.requestsPerSecond,
    avg_latency_ms: now.avgLatencyMs,
    p99_latency_ms: now.p99LatencyMs,
    gpu_utilization_percent: now.gpuUtilization,
    current_replicas: counts.current,
    ready_replicas: counts.ready,
  };
}

/** A rollout's lines: `opening` when it starts and builds, the closing one when it ends. */
function rolloutLines(service: ServiceRecord, rollout: Rollout, first: boolean) {
  const { spec } = service;
  const commit = rollout.commitSha?.slice(0, 7);
  const source =
    spec.image !== undefined
      ? `image ${spec.image}`
      : `${spec.repo ?? ""}@${spec.branch ?? "main"} (${commit ?? ""})`;
  const started: Record<typeof rollout.reason, string> = {
    create: `Deployment started from ${source}.`,
    env: `Environment variables replaced; rolling redeployment of ${source} started.`,
    branch: `Branch changed; redeploying ${source}.`,
    redeploy: `Rolling redeployment of ${source} started.`,
  };
  const opening: TimedLine[] = [
    { at: rollout.startAt, message: started[rollout.reason] },
    {
      at: rollout.buildEndAt,
      message: spec.image !== undefined ? "Image pulled." : `Build of ${commit ?? ""} complete.`,
    },
  ];
  const closing: TimedLine[] =
    rollout.failure !== undefined
      ? [
          { at: rollout.endAt, message: `Health check failed: ${rollout.failure}.` },
          { at: rollout.endAt, message: `Deployment failed: ${rollout.failure}.` },
        ]
      : [
          {
            at: rollout.endAt,
            message: first
              ? "Service started successfully"
              : `Rolling redeployment complete: ${rollout.replicas} replica(s) serving.`,
          },
        ];
  return { opening, closing };
}

function replicaLines(service: ServiceRecord): TimedLine[] {
  const { spec } = service;
  return service.replicas
    .filter((replica) => replica.startAt < replica.stopAt)
    .flatMap((replica) => {
      const name = `replica-${replica.id}`;
      return [
        { at: replica.startAt, message: `Starting ${name}.` },
        ...(replica.readyAt < replica.stopAt
          ? [
              {
                at: replica.readyAt,
                message: `${name} passed health check GET ${spec.health_check_path} on port ${spec.port}.`,
              },
            ]
          : []),
        ...(replica.stopAt < Infinity ? [{ at: replica.stopAt, message: `Stopped ${name}.` }] : []),
      ];
    });
}

/** Every line the service has logged by `t`, in order. */
export function serviceLog(service: ServiceRecord, t: number): TimedLine[] {
  const rollouts = service.rollouts.map((rollout, i) => rolloutLines(service, rollout, i === 0));
  // Lines of one instant keep this order: the request's own note, the rollout's start, replica
  // changes, then the rollout's outcome.
  const lines: TimedLine[] = [
    ...service.events,
    ...rollouts.flatMap((r) => r.opening),
    ...replicaLines(service),
    ...rollouts.flatMap((r) => r.closing),
  ];
  if (service.crash) {
    lines.push({
      at: service.crash.at,
      message: `Health checks failing on every replica: ${service.crash.reason}.`,
    });
  }
  if (service.degrade) {
    lines.push({
      at: service.degrade.at,
      message: `Health checks failing on ${service.degrade.replicas} replica(s); serving with reduced capacity.`,
    });
  }
  return inOrder(lines.filter((line) => line.at <= t));
}
