/**
 * Scripted outcomes: "this job fails at step N", "this service degrades". Rules are keyed by a
 * name pattern (`*` matches any run of characters); the last rule set for a name wins, and
 * setting an empty script removes the pattern's rule.
 */

export interface JobScript {
  /** The run fails when it reaches this step (exit code `exitCode`, default 1). */
  readonly failAtStep?: number;
  /** How many runs fail at `failAtStep` before one succeeds; default: all of them. */
  readonly failAttempts?: number;
  /** The last line of the traceback, e.g. `torch.OutOfMemoryError: CUDA out of memory.` */
  readonly failMessage?: string;
  readonly exitCode?: number;
  /** Run time of one attempt, in emulated seconds (default 2 h per epoch). */
  readonly durationSeconds?: number;
  /** Time in the queue before each attempt, in emulated seconds (default 75). */
  readonly queueSeconds?: number;
}

export interface ServiceScript {
  /**
   * The service fails: a deployment in progress or started later fails its health check, a
   * running service fails now. A string is the reason shown in logs.
   */
  readonly fail?: string | true;
  /** Some replicas stop passing health checks (status `degraded`); a number says how many. */
  readonly degrade?: true | number;
  /** From a deployment's start until its first new replica is ready (default 90 s). */
  readonly deploySeconds?: number;
  /**
   * Traffic, as the number of replicas it needs at the target GPU utilization; the autoscaler
   * follows it within `min_replicas`..`max_replicas`. Default: `min_replicas` worth.
   */
  readonly load?: number;
}

export class ScenarioError extends Error {
  readonly code = "invalid_script";
}

interface Rule<T> {
  readonly pattern: string;
  readonly matches: (name: string) => boolean;
  readonly script: T;
}

function globMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const regex = new RegExp(`^${source}$`);
  return (name) => regex.test(name);
}

class RuleBook<T extends object> {
  #rules: Rule<T>[] = [];

  set(pattern: string, script: T): void {
    if (pattern === "") throw new ScenarioError("A script needs a name pattern.");
    this.#rules = this.#rules.filter((rule) => rule.pattern !== pattern);
    if (Object.keys(script).length > 0) {
      this.#rules.push({ pattern, matches: globMatcher(pattern), script: { ...script } });
    }
  }

  /** The script for a name: the last matching rule's, or an empty script. */
  for(name: string): T | Record<string, never> {
    return this.#rules.findLast((rule) => rule.matches(name))?.script ?? {};
  }

  clear(): void {
    this.#rules = [];
  }
}

function positive(value: number | undefined, what: string, allowZero = false): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ScenarioError(`${what} must be a ${allowZero ? "non-negative" : "positive"} number.`);
  }
}

function checkJobScript(script: JobScript): void {
  positive(script.failAtStep, "failAtStep");
  positive(script.failAttempts, "failAttempts");
  positive(script.durationSeconds, "durationSeconds");
  positive(script.queueSeconds, "queueSeconds", true);
  if (
    script.exitCode !== undefined &&
    (!Number.isInteger(script.exitCode) || script.exitCode === 0)
  ) {
    throw new ScenarioError("exitCode must be a non-zero integer.");
  }
}

function checkServiceScript(script: ServiceScript): void {
  positive(script.deploySeconds, "deploySeconds");
  positive(script.load, "load", true);
  if (typeof script.degrade === "number") positive(script.degrade, "degrade");
}

export class Scenario {
  readonly #jobs = new RuleBook<JobScript>();
  readonly #services = new RuleBook<ServiceScript>();

  setJob(pattern: string, script: JobScript): void {
    checkJobScript(script);
    this.#jobs.set(pattern, script);
  }

  setService(pattern: string, script: ServiceScript): void {
    checkServiceScript(script);
    this.#services.set(pattern, script);
  }

  job(name: string): JobScript {
    return this.#jobs.for(name);
  }

  service(name: string): ServiceScript {
    return this.#services.for(name);
  }

  clear(): void {
    this.#jobs.clear();
    this.#services.clear();
  }
}
