/**
 * Emulated services. A service is a set of replicas (each with its start, readiness and stop
 * times) and a history of rollouts. A rollout is planned in full when it starts: the build, then
 * new replicas booting one after another while old ones keep serving until their replacement is
 * ready. Between rollouts an autoscaler moves the replica count one step at a time toward the
 * traffic's need within `min_replicas`..`max_replicas`. `settle()` runs the autoscaler's steps up
 * to a time; everything else is read off the replica and rollout times, so emulated time moves a
 * service exactly.
 */
import type {
  CreateServiceRequest,
  Env,
  Service,
  ServiceStatus,
  UpdateServiceRequest,
} from "../outpost/types.ts";
import { conflict } from "./api-error.ts";
import { second } from "./clock.ts";
import { checkMachine, checkReplicas, checkSource } from "./combinations.ts";
import type { TimedLine } from "./log-window.ts";
import { centsPerHour } from "./pricing.ts";
import type { ServiceScript } from "./scenario.ts";
import type { Timings } from "./timings.ts";

export interface Replica {
  readonly id: number;
  /** The rollout that started it (an index into `rollouts`), or -1 for the autoscaler. */
  readonly rollout: number;
  readonly startAt: number;
  readonly readyAt: number;
  stopAt: number;
  /** When it started failing its health checks (a scripted failure). */
  unhealthyFrom: number;
}

export type RolloutReason = "create" | "env" | "branch" | "redeploy";

export interface Rollout {
  readonly reason: RolloutReason;
  readonly startAt: number;
  readonly buildEndAt: number;
  readonly commitSha: string | undefined;
  readonly replicas: number;
  endAt: number;
  failure: string | undefined;
}

/** The configuration a service was created with, as updated since; `env` is kept apart. */
export type ServiceSpec = Pick<
  Service,
  | "name"
  | "gpu"
  | "gpu_count"
  | "cpu"
  | "memory_gb"
  | "min_replicas"
  | "max_replicas"
  | "target_gpu_utilization"
  | "port"
  | "health_check_path"
  | "region"
> & {
  readonly repo: string | undefined;
  readonly image: string | undefined;
  branch: string | undefined;
  custom_domain: string | null;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ServiceRecord {
  readonly id: string;
  readonly namespace: string;
  readonly createdAt: number;
  readonly spec: Mutable<ServiceSpec>;
  readonly centsPerHour: number;
  /** Kept for inspection by tests; no API response carries it. */
  env: Env;
  readonly replicas: Replica[];
  readonly rollouts: Rollout[];
  /** A running service that started failing (scripted). */
  crash: { readonly at: number; readonly reason: string } | undefined;
  degrade: { readonly at: number; readonly replicas: number } | undefined;
  /** Traffic in replicas' worth; `undefined` follows `min_replicas`. */
  load: number | undefined;
  /** The last autoscaler step taken (or skipped) at or before now. */
  autoscaledAt: number;
  updatedAt: number;
  /** Lines written at the moment something happened (updates, scaling decisions). */
  readonly events: TimedLine[];
}

/** What a service needs from the rest of the emulator when it (re)deploys. */
export interface DeployContext {
  readonly now: number;
  readonly script: ServiceScript;
  readonly timings: Timings;
}

function activeAt(service: ServiceRecord, t: number): Replica[] {
  return service.replicas.filter((r) => r.startAt <= t && t < r.stopAt);
}

function latestRollout(service: ServiceRecord): Rollout {
  const rollout = service.rollouts.at(-1);
  if (!rollout) throw new Error("A service has at least one rollout.");
  return rollout;
}

function isDeploying(service: ServiceRecord, t: number): boolean {
  return t < latestRollout(service).endAt;
}

function isFailed(service: ServiceRecord, t: number): boolean {
  const rollout = latestRollout(service);
  if (t < rollout.endAt) return false;
  return (
    rollout.failure !== undefined ||
    (service.crash !== undefined && service.crash.at >= rollout.startAt && service.crash.at <= t)
  );
}

export function serviceStatus(service: ServiceRecord, t: number): ServiceStatus {
  if (isDeploying(service, t)) return "deploying";
  if (isFailed(service, t)) return "failed";
  if (service.degrade !== undefined && service.degrade.at <= t) return "degraded";
  return "running";
}

export function replicaCounts(service: ServiceRecord, t: number) {
  const active = activeAt(service, t);
  const healthy = active.filter((r) => r.readyAt <= t && t < r.unhealthyFrom).length;
  const degraded = service.degrade !== undefined && service.degrade.at <= t;
  return {
    current: active.length,
    ready: Math.max(0, healthy - (degraded ? (service.degrade?.replicas ?? 0) : 0)),
  };
}

function desiredReplicas(service: ServiceRecord): number {
  const { min_replicas: min, max_replicas: max } = service.spec;
  return Math.min(max, Math.max(min, service.load ?? min));
}

function addReplica(
  service: ServiceRecord,
  rollout: number,
  startAt: number,
  readyAt: number,
): Replica {
  const replica: Replica = {
    id: service.replicas.length + 1,
    rollout,
    startAt,
    readyAt,
    stopAt: Infinity,
    unhealthyFrom: Infinity,
  };
  service.replicas.push(replica);
  return replica;
}

function note(service: ServiceRecord, at: number, message: string): void {
  service.events.push({ at, message });
}

/** Starts a rollout at `context.now`, planned to its end. The caller checks it may start. */
function startRollout(
  service: ServiceRecord,
  reason: RolloutReason,
  commitSha: string | undefined,
  context: DeployContext,
): Rollout {
  const { now, script, timings } = context;
  const defaultDeploy = timings.buildSeconds + timings.replicaBootSeconds;
  const deploy = (script.deploySeconds ?? defaultDeploy) * second;
  const boot = Math.min(timings.replicaBootSeconds * second, deploy);
  const stagger = timings.replicaReadyStaggerSeconds * second;
  const buildEndAt = now + deploy - boot;
  const index = service.rollouts.length;
  const old = activeAt(service, now);
  const count = Math.max(1, desiredReplicas(service));
  const rollout: Rollout = {
    reason,
    startAt: now,
    buildEndAt,
    commitSha,
    replicas: count,
    endAt: buildEndAt + boot,
    failure: undefined,
  };
  if (script.fail !== undefined) {
    // The first new replica never passes its health check; old replicas keep serving.
    const replica = addReplica(service, index, buildEndAt, Infinity);
    replica.stopAt = rollout.endAt;
    rollout.failure = failureReason(service, script);
  } else if (old.length === 0) {
    for (let i = 0; i < count; i++)
      addReplica(service, index, buildEndAt, buildEndAt + boot + i * stagger);
    rollout.endAt = buildEndAt + boot + (count - 1) * stagger;
  } else {
    // Surge of one: each new replica starts when the previous one is ready, and each ready new
    // replica replaces an old one, so the number of ready replicas never drops.
    for (let i = 0; i < count; i++) {
      const readyAt = buildEndAt + (i + 1) * boot;
      addReplica(service, index, buildEndAt + i * boot, readyAt);
      const replaced = old[i];
      if (replaced) replaced.stopAt = readyAt;
      rollout.endAt = readyAt;
    }
    for (const extra of old.slice(count)) extra.stopAt = rollout.endAt;
  }
  service.rollouts.push(rollout);
  service.crash = undefined;
  service.autoscaledAt = rollout.endAt;
  return rollout;
}

function failureReason(service: ServiceRecord, script: ServiceScript): string {
  return typeof script.fail === "string"
    ? script.fail
    : `health check GET ${service.spec.health_check_path} on port ${service.spec.port} returned 503`;
}

/**
 * Runs the autoscaler's steps up to `now`: one replica more or less per step while the count
 * differs from what the traffic needs. Paused while deploying and while failed.
 */
export function settle(service: ServiceRecord, now: number, timings: Timings): void {
  const rollout = latestRollout(service);
  if (now < rollout.endAt || isFailed(service, now)) return;
  const step = timings.autoscaleStepSeconds * second;
  let tick = Math.max(service.autoscaledAt, rollout.endAt);
  for (let next = tick + step; next <= now; next += step) {
    const desired = desiredReplicas(service);
    const active = activeAt(service, next);
    if (active.length === desired) {
      // Nothing changes until a request changes the inputs, and requests settle first.
      tick = next + Math.floor((now - next) / step) * step;
      break;
    }
    if (active.length < desired) {
      addReplica(service, -1, next, next + timings.replicaBootSeconds * second);
    } else {
      const newest = active.at(-1);
      if (newest) newest.stopAt = next;
    }
    const to = active.length + (active.length < desired ? 1 : -1);
    note(
      service,
      next,
      `Autoscaler: scaling from ${active.length} to ${to} replicas (target ${desired}).`,
    );
    service.updatedAt = next;
    tick = next;
  }
  service.autoscaledAt = tick;
}

export interface NewService {
  readonly id: string;
  readonly namespace: string;
  readonly request: CreateServiceRequest;
  readonly commitSha: string | undefined;
}

/** Checks combinations (422), applies the documented defaults and starts the first rollout. */
export function createService(input: NewService, context: DeployContext): ServiceRecord {
  const { request } = input;
  const spec: Mutable<ServiceSpec> = {
    name: request.name,
    repo: request.repo,
    image: request.image,
    branch: request.repo !== undefined ? (request.branch ?? "main") : request.branch,
    gpu: request.gpu,
    gpu_count: request.gpu_count ?? 1,
    cpu: request.cpu ?? 4,
    memory_gb: request.memory_gb ?? 16,
    min_replicas: request.min_replicas ?? 1,
    max_replicas: request.max_replicas ?? 1,
    target_gpu_utilization: request.target_gpu_utilization ?? 70,
    port: request.port ?? 8080,
    health_check_path: request.health_check_path ?? "/health",
    region: request.region ?? "us-east-1",
    custom_domain: request.custom_domain ?? null,
  };
  checkSource(request);
  checkMachine(spec);
  checkReplicas({ min: spec.min_replicas, max: spec.max_replicas });
  const service: ServiceRecord = {
    id: input.id,
    namespace: input.namespace,
    createdAt: context.now,
    spec,
    centsPerHour: centsPerHour(spec),
    env: { ...request.env },
    replicas: [],
    rollouts: [],
    crash: undefined,
    degrade: undefined,
    load: undefined,
    autoscaledAt: context.now,
    updatedAt: context.now,
    events: [],
  };
  applyScript(service, context.script, context.now);
  startRollout(service, "create", input.commitSha, context);
  return service;
}

export function commitOf(service: ServiceRecord): string | undefined {
  return latestRollout(service).commitSha;
}

function refuseWhileDeploying(service: ServiceRecord, now: number): void {
  if (isDeploying(service, now)) {
    throw conflict(
      "service_deploying",
      `Service '${service.spec.name}' is deploying; wait until the deployment has finished.`,
    );
  }
}

/** Scales at once to a new floor or ceiling, as the platform does when the limits change. */
function enforceLimits(service: ServiceRecord, context: DeployContext): string | undefined {
  const { now, timings } = context;
  if (isFailed(service, now)) return undefined;
  const active = activeAt(service, now);
  const { min_replicas: min, max_replicas: max } = service.spec;
  if (active.length < min) {
    const boot = timings.replicaBootSeconds * second;
    const stagger = timings.replicaReadyStaggerSeconds * second;
    for (let i = 0; i < min - active.length; i++)
      addReplica(service, -1, now, now + boot + i * stagger);
    note(service, now, `Scaling from ${active.length} to ${min} replicas (new minimum).`);
    return "Scaling up to meet new minimum replica count.";
  }
  if (active.length > max) {
    for (const replica of active.slice(max)) replica.stopAt = now;
    note(service, now, `Scaling from ${active.length} to ${max} replicas (new maximum).`);
    return "Scaling down to meet new maximum replica count.";
  }
  return undefined;
}

export interface UpdateOutcome {
  readonly message: string;
  readonly rollout: Rollout | undefined;
}

/**
 * A PUT: only the sent fields change. `env` replaces all variables and rolls the replicas;
 * a different `branch` redeploys from its head at once. Refused (409) while deploying.
 */
export function updateService(
  service: ServiceRecord,
  body: UpdateServiceRequest,
  branchHead: (branch: string) => string | undefined,
  context: DeployContext,
): UpdateOutcome {
  const { now } = context;
  refuseWhileDeploying(service, now);
  const spec = service.spec;
  checkReplicas({
    min: body.min_replicas ?? spec.min_replicas,
    max: body.max_replicas ?? spec.max_replicas,
  });
  if (body.branch !== undefined) checkSource({ image: spec.image, branch: body.branch });
  if (body.min_replicas !== undefined) spec.min_replicas = body.min_replicas;
  if (body.max_replicas !== undefined) spec.max_replicas = body.max_replicas;
  if (body.target_gpu_utilization !== undefined) {
    spec.target_gpu_utilization = body.target_gpu_utilization;
  }
  if (body.custom_domain !== undefined) spec.custom_domain = body.custom_domain;
  if (body.env !== undefined) service.env = { ...body.env };
  if (Object.keys(body).length > 0) service.updatedAt = now;
  const newBranch = body.branch !== undefined && body.branch !== spec.branch;
  if (newBranch) spec.branch = body.branch;
  const sent = Object.keys(body).join(", ");
  if (sent !== "") note(service, now, `Configuration updated: ${sent}.`);
  if (newBranch || body.env !== undefined) {
    const commit = newBranch ? branchHead(spec.branch ?? "main") : commitOf(service);
    const rollout = startRollout(service, newBranch ? "branch" : "env", commit, context);
    return {
      rollout,
      message: newBranch
        ? `Redeploying from branch '${spec.branch ?? ""}'. Previous replicas will serve traffic until new ones are ready.`
        : "Rolling redeployment initiated. Previous replicas will serve traffic until new ones are ready.",
    };
  }
  const scaling = enforceLimits(service, context);
  if (scaling !== undefined) return { rollout: undefined, message: scaling };
  if (body.custom_domain !== undefined) {
    return {
      rollout: undefined,
      message:
        body.custom_domain === null
          ? "Custom domain removed."
          : `Custom domain set. Point a CNAME record for ${body.custom_domain} at the service endpoint.`,
    };
  }
  return { rollout: undefined, message: sent === "" ? "No changes." : "Service updated." };
}

/** A POST redeploy: a rolling redeployment of the branch's head (or the image). */
export function redeployService(
  service: ServiceRecord,
  commitSha: string | undefined,
  context: DeployContext,
): Rollout {
  refuseWhileDeploying(service, context.now);
  service.updatedAt = context.now;
  return startRollout(service, "redeploy", commitSha, context);
}

/**
 * Applies a scripted outcome to an existing service at `now`: its traffic, degradation, and a
 * failure that takes effect at once (a deployment under way fails; a running service's replicas
 * stop passing health checks).
 */
export function applyScript(service: ServiceRecord, script: ServiceScript, now: number): void {
  service.load = script.load;
  const degraded =
    script.degrade === undefined ? undefined : script.degrade === true ? 1 : script.degrade;
  if (degraded === undefined) service.degrade = undefined;
  else if (service.degrade?.replicas !== degraded)
    service.degrade = { at: now, replicas: degraded };
  if (script.fail === undefined || service.rollouts.length === 0 || isFailed(service, now)) return;
  const rollout = latestRollout(service);
  const reason = failureReason(service, script);
  if (now < rollout.endAt) {
    const index = service.rollouts.length - 1;
    rollout.endAt = now;
    rollout.failure = reason;
    for (const replica of service.replicas) {
      if (replica.rollout === index)
        replica.stopAt = Math.max(replica.startAt, Math.min(replica.stopAt, now));
      else if (replica.stopAt > now) replica.stopAt = Infinity;
    }
  } else {
    service.crash = { at: now, reason };
    for (const replica of activeAt(service, now)) replica.unhealthyFrom = now;
  }
}
