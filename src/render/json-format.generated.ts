/**
 * Types of the JSON outputs (`--json`, the action's outputs), generated from docs/json/*.schema.json
 * by scripts/generate/json-types.ts. Do not edit: change the schemas and run `npm run generate`.
 */

/**
 * The version of this JSON format, `major.minor`. A new minor version only adds fields; a new major version may change or remove them. Check the major version before reading the rest.
 */
export type FormatVersion = "1.0";
/**
 * One field that differs between Outpost and outpost.yaml. For `env`, only the names of the variables that changed: never a value.
 */
export type FieldChange =
  | {
      /**
       * The field's name, as in outpost.yaml and the Outpost API.
       */
      field: string;
      /**
       * The value on Outpost (null when it has none).
       */
      from: unknown;
      /**
       * The value outpost.yaml asks for.
       */
      to: unknown;
    }
  | {
      field: "env";
      /**
       * Variables outpost.yaml adds.
       */
      added: string[];
      /**
       * Variables it no longer sets.
       */
      removed: string[];
      /**
       * Variables whose value changed.
       */
      changed: string[];
      /**
       * True when no record says what env was applied last, so all of it is sent.
       */
      unknown: boolean;
      /**
       * When `unknown`: `no-record` (no record of this service) or `other-key` (a record made with another records key).
       */
      why?: "no-record" | "other-key";
    };

export interface JsonOutputs {
  "action-jobs"?: ActionJobsOutput;
  "action-services"?: ActionServicesOutput;
  apply?: ApplyOutput;
  cancel?: CancelOutput;
  error?: ErrorOutput;
  "jobs-prune"?: JobsPruneOutput;
  logs?: LogsOutput;
  plan?: PlanOutput;
  "previews-prune"?: PreviewsPruneOutput;
  status?: StatusOutput;
  validate?: ValidateOutput;
}
/**
 * The action's `jobs` output: every job of outpost.yaml by key, with the run submitted now or, when the job was not due, its last run.
 */
export interface ActionJobsOutput {
  format_version: FormatVersion;
  jobs: {
    [k: string]: JobOutput | undefined;
  };
}
export interface JobOutput {
  /**
   * The run's Outpost name.
   */
  run_name: string;
  /**
   * Its Outpost id; null before it is submitted.
   */
  id: string | null;
  /**
   * Its Outpost status; null before it is submitted.
   */
  status: string | null;
}
/**
 * The action's `services` output: every service of outpost.yaml by name, after the apply (after a plan: as live now).
 */
export interface ActionServicesOutput {
  format_version: FormatVersion;
  services: {
    [k: string]: ServiceOutput | undefined;
  };
}
export interface ServiceOutput {
  /**
   * Its URL; null when it does not exist.
   */
  endpoint: string | null;
  /**
   * Its Outpost status; null when it does not exist.
   */
  status: string | null;
}
/**
 * `outpost apply --json`: the plan that was applied and each resource's outcome.
 */
export interface ApplyOutput {
  format_version: FormatVersion;
  /**
   * The Outpost namespace.
   */
  namespace: string;
  /**
   * True when every resource reached its goal.
   */
  ok: boolean;
  /**
   * How long the apply took, waiting included.
   */
  duration_ms: number;
  /**
   * The plan that was applied.
   */
  changes: Change[];
  /**
   * Each resource the apply wrote to or waited for.
   */
  results: ResourceResult[];
}
/**
 * One change of a plan: a service to create, update, replace, redeploy, leave or prune, or a job to submit, attach to, skip or cancel.
 */
export interface Change {
  /**
   * What the change is about.
   */
  kind: "service" | "job";
  /**
   * The key in outpost.yaml: a service's name (its Outpost name too), or a job's key.
   */
  name: string;
  /**
   * Services: `create`, `update` (one PUT of the changed mutable fields), `replace` (delete and create: only with `allow-replace`), `redeploy`, `noop`, `orphan` (applied before, gone from the file). Jobs: `submit`, `attach` (its run exists already), `skip` (not due), `cancel` (a superseded run).
   */
  action:
    | "create"
    | "update"
    | "replace"
    | "redeploy"
    | "noop"
    | "orphan"
    | "submit"
    | "attach"
    | "skip"
    | "cancel";
  /**
   * Whether applying the change writes to Outpost.
   */
  writes: boolean;
  /**
   * The name on Outpost: the service's name, or the job run's name (submitted, attached to, last run, or cancelled).
   */
  outpost_name?: string;
  /**
   * `update` and `replace`: the fields that differ.
   */
  fields?: FieldChange[];
  /**
   * `update`: whether the update rolls the replicas (env or branch changed).
   */
  redeploys?: boolean;
  /**
   * `replace`: whether replacing was allowed; a plan with a replacement not allowed cannot be applied.
   */
  allowed?: boolean;
  /**
   * `orphan`: whether the service still exists on Outpost.
   */
  exists?: boolean;
  /**
   * `orphan`: whether applying deletes it (pruning enabled).
   */
  prune?: boolean;
  /**
   * `replace` and `orphan`: whether this project's record and the live service agree that the service is the project's (the record names its id). A service that is not is never deleted.
   */
  owned?: boolean;
  /**
   * `submit`: why the job is due.
   */
  reason?: "new" | "definition-changed" | "inputs-changed" | "requested";
  /**
   * `attach`: the existing run's status on Outpost; absent when Outpost no longer has it.
   */
  status?: string;
  /**
   * `skip`: the commit of the run that is still current, when known.
   */
  last_commit?: string | null;
  /**
   * `cancel`: the run that supersedes the cancelled one.
   */
  superseded_by?: string;
  /**
   * Services and jobs outpost.yaml declares: what is (or would be) sent to Outpost, with `env` as the names of its variables only.
   */
  spec?: {
    /**
     * The names of the variables set; their values are never shown.
     */
    env?: string[];
    [k: string]: unknown | undefined;
  };
}
export interface ResourceResult {
  kind: "service" | "job";
  /**
   * The key in outpost.yaml.
   */
  name: string;
  /**
   * The name on Outpost (a job's run name).
   */
  outpost_name: string;
  /**
   * The change's action (see `changes`).
   */
  action: string;
  /**
   * Whether it reached its goal: a service ready, a job submitted (or finished well, when waited for).
   */
  ok: boolean;
  /**
   * Its Outpost status when the apply finished with it.
   */
  status?: string;
  /**
   * Its Outpost id.
   */
  id?: string;
  /**
   * A service's URL.
   */
  endpoint?: string;
  /**
   * A service's ready replicas.
   */
  ready_replicas?: number;
  /**
   * A job's progress text, as Outpost reports it.
   */
  progress?: string | null;
  /**
   * A job run's runtime so far.
   */
  runtime_seconds?: number;
  /**
   * A job run's cost so far, in dollars, as Outpost writes it (e.g. `4.80`).
   */
  total_cost?: string;
  /**
   * Where a succeeded job run's artifacts can be downloaded.
   */
  artifacts_url?: string;
  /**
   * Why it failed, or what happened when the action does not say it.
   */
  message?: string;
  /**
   * A failed resource's last log lines.
   */
  log_tail?: string[];
}
/**
 * `outpost cancel --json`: the cancelled job run, as Outpost answered.
 */
export interface CancelOutput {
  format_version: FormatVersion;
  namespace: string;
  /**
   * The job run's Outpost name.
   */
  run_name: string;
  /**
   * Its status after the cancellation, `cancelled`.
   */
  status: string;
  runtime_seconds: number;
  /**
   * Dollars, as Outpost writes it.
   */
  total_cost: string;
  /**
   * Outpost's message.
   */
  message: string;
}
/**
 * What every `--json` command prints instead of its output when it fails: the exit code is the same as without `--json` (1 failure, 2 usage error).
 */
export interface ErrorOutput {
  format_version: FormatVersion;
  /**
   * What went wrong.
   */
  error: {
    /**
     * `usage` (exit 2: an option, an argument, credentials), `config_invalid` (outpost.yaml has errors: see `problems`), `replace_not_allowed` (the plan replaces a service and `--allow-replace` was not given), `outpost_api` (Outpost answered with an error: see `status`), `outpost_request` (no answer, a timeout, or an answer that is not the API's), `failed` (the command ran and failed, e.g. a resource did not become ready), `internal` (a bug: please report it).
     */
    code:
      | "usage"
      | "config_invalid"
      | "replace_not_allowed"
      | "outpost_api"
      | "outpost_request"
      | "failed"
      | "internal";
    /**
     * The one-line message the command prints without `--json`.
     */
    message: string;
    /**
     * `config_invalid`: every problem.
     */
    problems?: Problem[];
    /**
     * `outpost_api`: the HTTP status.
     */
    status?: number;
    /**
     * `outpost_api`: the API's error code, when it gave one.
     */
    api_code?: string;
    /**
     * `outpost_api`: the API's request id, for Outpost's support.
     */
    request_id?: string;
  };
}
/**
 * One problem of outpost.yaml, with where it is and how to fix it.
 */
export interface Problem {
  /**
   * `error` fails validation; `warning` does not.
   */
  severity: "error" | "warning";
  /**
   * A stable identifier of the kind of problem, e.g. `unknown-key`, `repo-or-image`.
   */
  code: string;
  /**
   * The full sentence for people, starting with the path when there is one.
   */
  message: string;
  /**
   * The file, as given on the command line or in the action's `config` input.
   */
  file: string;
  /**
   * 1-based line.
   */
  line: number;
  /**
   * 1-based column, in UTF-16 code units (as editors and GitHub annotations count).
   */
  column: number;
  /**
   * 1-based line where the problem's span ends.
   */
  end_line: number;
  /**
   * 1-based column where the problem's span ends.
   */
  end_column: number;
  /**
   * Where in the document, e.g. `services.llama-3-serving.gpu`; empty for the file itself.
   */
  path: string;
  /**
   * What would have been valid, e.g. `one of A100-40GB, A100-80GB, …`.
   */
  expected?: string;
  /**
   * The key or value probably meant.
   */
  suggestion?: string;
}
/**
 * `outpost jobs prune --json`: what prune deleted (or, with `--dry-run`, would delete) and why, for each run this project's records name.
 */
export interface JobsPruneOutput {
  format_version: FormatVersion;
  namespace: string;
  /**
   * True when nothing was deleted.
   */
  dry_run: boolean;
  /**
   * Whether their artifacts were deleted too.
   */
  delete_artifacts: boolean;
  /**
   * The job runs' Outpost names.
   */
  deleted: string[];
  /**
   * One per job run the records name, newest first per job.
   */
  decisions: PruneDecision[];
  /**
   * Runs on Outpost that look like this project's jobs' but no record names: never touched.
   */
  unrecorded: string[];
}
export interface PruneDecision {
  /**
   * The job's key in outpost.yaml.
   */
  job: string;
  /**
   * The run's Outpost name.
   */
  run_name: string;
  /**
   * Whether prune deletes it.
   */
  delete: boolean;
  /**
   * Why, in words for people.
   */
  reason: string;
}
/**
 * `outpost logs --json`: one JSON document per line. A `line` per log line; with `--follow` on a job, an `end` when the run ends.
 */
export interface LogsOutput {
  format_version: FormatVersion;
  /**
   * `line`: a log line; `end`: the followed job run ended.
   */
  type: "line" | "end";
  /**
   * `line`: when it was written (ISO 8601).
   */
  timestamp?: string;
  /**
   * `line`: the text, secrets masked.
   */
  message?: string;
  /**
   * `end`: the job run.
   */
  run_name?: string;
  /**
   * `end`: its final status, or null when the stream ended without one.
   */
  status?: string | null;
}
/**
 * `outpost plan --json` and the action's `plan` output: what applying outpost.yaml would change. Never holds an env value.
 */
export interface PlanOutput {
  format_version: FormatVersion;
  /**
   * The Outpost namespace.
   */
  namespace: string;
  /**
   * One line for people, e.g. `2 to create, 1 job to submit`.
   */
  summary: string;
  /**
   * Whether applying writes anything to Outpost.
   */
  changed: boolean;
  /**
   * One entry per service and job of the file, and per orphan.
   */
  changes: Change[];
}
/**
 * `outpost previews prune --json`: every pull request's preview in the preview namespace, whether it expired and why, and which prune deleted (or, with `--dry-run`, would delete).
 */
export interface PreviewsPruneOutput {
  format_version: FormatVersion;
  /**
   * The preview namespace.
   */
  namespace: string;
  /**
   * True when nothing was deleted.
   */
  dry_run: boolean;
  /**
   * The deleted previews' Outpost names.
   */
  deleted: string[];
  /**
   * One per live preview, by pull request then service.
   */
  previews: PreviewVerdict[];
}
export interface PreviewVerdict {
  /**
   * The preview's Outpost name, `<service>-pr-<number>`.
   */
  name: string;
  /**
   * The service of outpost.yaml it previews.
   */
  service: string;
  /**
   * The pull request's number.
   */
  pull_request: number;
  /**
   * Whether its `ttl` or `idle_expiry` has passed.
   */
  expired: boolean;
  /**
   * Why it expired, or null while it has not.
   */
  reason: string | null;
  /**
   * Whether its pull request's records hold it: only then is it ever deleted.
   */
  recorded: boolean;
  /**
   * Whether prune deletes it (expired and recorded).
   */
  delete: boolean;
}
/**
 * `outpost status --json`: the namespace's services and its most recent job runs, as Outpost reports them.
 */
export interface StatusOutput {
  format_version: FormatVersion;
  /**
   * The Outpost namespace.
   */
  namespace: string;
  /**
   * Every service of the namespace.
   */
  services: ServiceStatus[];
  /**
   * The most recent job runs, newest first.
   */
  jobs: JobRunStatus[];
}
export interface ServiceStatus {
  name: string;
  id: string;
  /**
   * `deploying`, `running`, `degraded`, `failed`, `stopped`, …
   */
  status: string;
  gpu: string;
  gpu_count: number;
  current_replicas: number;
  ready_replicas: number;
  min_replicas: number;
  max_replicas: number;
  endpoint: string;
  region: string;
  /**
   * Dollars, as Outpost writes it.
   */
  cost_per_hour_per_replica: string;
  /**
   * ISO 8601.
   */
  created_at: string;
  /**
   * ISO 8601.
   */
  updated_at: string;
}
export interface JobRunStatus {
  /**
   * The run's Outpost name.
   */
  name: string;
  id: string;
  status: "queued" | "running" | "succeeded" | "failed" | "cancelled" | "timed_out";
  gpu: string;
  gpu_count: number;
  region: string;
  progress: string | null;
  /**
   * Dollars, as Outpost writes it.
   */
  cost_per_hour: string;
  runtime_seconds: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}
/**
 * `outpost validate --json`: every problem of one outpost.yaml.
 */
export interface ValidateOutput {
  format_version: FormatVersion;
  /**
   * The file checked.
   */
  file: string;
  /**
   * True when there is no error (warnings allowed).
   */
  valid: boolean;
  /**
   * How many problems are errors.
   */
  errors: number;
  /**
   * How many problems are warnings.
   */
  warnings: number;
  /**
   * Every problem, in the order of the file.
   */
  problems: Problem[];
}
