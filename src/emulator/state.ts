/**
 * Everything the emulated platform holds: services and jobs per namespace, and what they depend
 * on (the clock, id source, Git heads, scripted outcomes, timings). Namespaces exist as soon as
 * they are named; names are unique per namespace and free again after a delete.
 */
import { notFound } from "./api-error.ts";
import type { Clock } from "./clock.ts";
import type { Ids } from "./ids.ts";
import type { JobRecord } from "./jobs.ts";
import type { Repositories } from "./repositories.ts";
import type { Scenario } from "./scenario.ts";
import { applyScript, settle, type DeployContext, type ServiceRecord } from "./services.ts";
import type { Timings } from "./timings.ts";

export class EmulatorState {
  readonly clock: Clock;
  readonly ids: Ids;
  readonly repositories: Repositories;
  readonly scenario: Scenario;
  readonly timings: Timings;
  readonly #services = new Map<string, Map<string, ServiceRecord>>();
  readonly #jobs = new Map<string, Map<string, JobRecord>>();

  constructor(parts: {
    clock: Clock;
    ids: Ids;
    repositories: Repositories;
    scenario: Scenario;
    timings: Timings;
  }) {
    this.clock = parts.clock;
    this.ids = parts.ids;
    this.repositories = parts.repositories;
    this.scenario = parts.scenario;
    this.timings = parts.timings;
  }

  /** The services of a namespace, each settled to `now`. */
  services(namespace: string, now: number): Map<string, ServiceRecord> {
    let services = this.#services.get(namespace);
    if (!services) {
      services = new Map();
      this.#services.set(namespace, services);
    }
    for (const service of services.values()) settle(service, now, this.timings);
    return services;
  }

  /** One service settled to `now`, or the 404 to answer. */
  service(namespace: string, name: string, now: number): ServiceRecord {
    const service = this.services(namespace, now).get(name);
    if (!service) throw notFound(`Service '${name}' not found in namespace '${namespace}'.`);
    return service;
  }

  jobs(namespace: string): Map<string, JobRecord> {
    let jobs = this.#jobs.get(namespace);
    if (!jobs) {
      jobs = new Map();
      this.#jobs.set(namespace, jobs);
    }
    return jobs;
  }

  job(namespace: string, name: string): JobRecord {
    const job = this.jobs(namespace).get(name);
    if (!job) throw notFound(`Job '${name}' not found in namespace '${namespace}'.`);
    return job;
  }

  /** The commit a `repo` source deploys now (its branch's head); none for an image. */
  sourceCommit(source: {
    readonly repo?: string | undefined;
    readonly branch?: string | undefined;
  }) {
    return source.repo !== undefined
      ? this.repositories.head(source.repo, source.branch ?? "main")
      : undefined;
  }

  deployContext(name: string, now: number): DeployContext {
    return { now, script: this.scenario.service(name), timings: this.timings };
  }

  /** Applies the scripts in force now to every existing service (after a script changed). */
  rescriptServices(): void {
    const now = this.clock.now();
    for (const namespace of this.#services.keys()) {
      for (const service of this.services(namespace, now).values()) {
        applyScript(service, this.scenario.service(service.spec.name), now);
      }
    }
  }

  /** Every resource, for inspection by tests (env included: this never leaves the process). */
  all(): { services: ServiceRecord[]; jobs: JobRecord[] } {
    const now = this.clock.now();
    return {
      services: [...this.#services.keys()].flatMap((ns) => [...this.services(ns, now).values()]),
      jobs: [...this.#jobs.values()].flatMap((jobs) => [...jobs.values()]),
    };
  }

  reset(): void {
    this.#services.clear();
    this.#jobs.clear();
    this.repositories.reset();
    this.scenario.clear();
  }
}
