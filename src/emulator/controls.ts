/**
 * The emulator's controls for tests and demos: emulated time, scripted outcomes, faults, Git
 * pushes, inspection (env included, which the API never returns) and reset. The same object
 * backs the HTTP control surface under `/_emulator/` (control-routes.ts).
 */
import type { Env, JobStatus, ServiceStatus } from "../outpost/types.ts";
import type { FaultSettings, Faults, OneShotFault } from "./faults.ts";
import { jobStatus } from "./jobs.ts";
import type { JobScript, ServiceScript } from "./scenario.ts";
import { commitOf, serviceStatus } from "./services.ts";
import type { EmulatorState } from "./state.ts";
import type { Stats } from "./stats.ts";

export interface InspectedResource<S> {
  readonly namespace: string;
  readonly name: string;
  readonly id: string;
  readonly status: S;
  readonly commitSha: string | undefined;
  /** The environment as last sent: only for inspection, never in an API answer. */
  readonly env: Env;
}

export interface Inspection {
  readonly services: InspectedResource<ServiceStatus>[];
  readonly jobs: InspectedResource<JobStatus>[];
}

export interface EmulatorControls {
  /** The emulated time now. */
  now(): Date;
  /** Emulated milliseconds per real millisecond (0 for a manual clock). */
  readonly timeScale: number;
  setTimeScale(scale: number): void;
  /** Moves emulated time forward (both clocks). */
  advance(milliseconds: number): void;
  readonly script: {
    /** Outcome of jobs submitted from now on whose name matches (`*` globs). */
    job(pattern: string, script: JobScript): void;
    /** Outcome of matching services: applied at once to existing ones and to later deployments. */
    service(pattern: string, script: ServiceScript): void;
    clear(): void;
  };
  readonly faults: {
    set(settings: FaultSettings): void;
    /** Hits exactly the next matching request(s). */
    inject(fault: OneShotFault): void;
    clear(): void;
    readonly settings: FaultSettings;
  };
  /** Moves a branch to a new commit, which the next redeploy of that branch picks up. */
  pushCommit(repo: string, branch?: string, sha?: string): string;
  inspect(): Inspection;
  /** Removes every service, job, script, fault, push and request record; time goes on. */
  reset(): void;
}

export function createControls(
  state: EmulatorState,
  faults: Faults,
  stats: Stats,
): EmulatorControls {
  return {
    now: () => new Date(state.clock.now()),
    get timeScale() {
      return state.clock.timeScale;
    },
    setTimeScale: (scale) => state.clock.setTimeScale(scale),
    advance: (milliseconds) => state.clock.advance(milliseconds),
    script: {
      job: (pattern, script) => state.scenario.setJob(pattern, script),
      service(pattern, script) {
        state.scenario.setService(pattern, script);
        state.rescriptServices();
      },
      clear() {
        state.scenario.clear();
        state.rescriptServices();
      },
    },
    faults: {
      set: (settings) => faults.set(settings),
      inject: (fault) => faults.inject(fault),
      clear: () => faults.clear(),
      get settings() {
        return faults.settings;
      },
    },
    pushCommit: (repo, branch = "main", sha) => state.repositories.push(repo, branch, sha),
    inspect() {
      const now = state.clock.now();
      const { services, jobs } = state.all();
      return {
        services: services.map((service) => ({
          namespace: service.namespace,
          name: service.spec.name,
          id: service.id,
          status: serviceStatus(service, now),
          commitSha: commitOf(service),
          env: { ...service.env },
        })),
        jobs: jobs.map((job) => ({
          namespace: job.namespace,
          name: job.spec.name,
          id: job.id,
          status: jobStatus(job, now),
          commitSha: job.commitSha,
          env: { ...job.env },
        })),
      };
    },
    reset() {
      state.reset();
      faults.clear();
      stats.reset();
    },
  };
}
