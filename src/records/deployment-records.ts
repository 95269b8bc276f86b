/**
 * Records kept in GitHub Deployments: one Deployment per record (an apply of a resource), whose
 * payload holds what was applied and by which project (deployment-payload.ts) and whose statuses
 * follow the record's life (deployment-statuses.ts). Users get GitHub's environments and "View
 * deployment"; the bot gets its hand-off; the next plan gets the project's records.
 *
 * Requests: `begin` 2 (create, `queued`), `written` 1, `settle` 1; `read` 2 list requests (one
 * per task, 100 Deployments a page) + 1 status read per resource whose newest record is written,
 * plus one per newer record passed over and per job record of the commit planned; `jobRuns` the
 * lists + 1 status read per job record; `forgetService` 1 list + 1 status read per Deployment
 * walked + 1 per status posted (usually 3); `rewrite` 2 + 2 per version-1 Deployment removed.
 * Writes go one at a time, as GitHub asks of content-creating requests.
 *
 * Without the permission (403, or 404 for a repository the token cannot see) the store stops
 * recording and warns once, naming `deployments: write`; the apply goes on. Other failures to
 * write are warned about too — the resource is applied all the same — while a failure to read
 * throws: a plan without records would be wrong.
 */
import {
  projectRecords,
  resourceId,
  type AppliedRecord,
  type ObservedService,
  type PendingRecord,
  type ProjectRecords,
  type RecordDraft,
  type RecordStore,
  type ResourceKind,
  type Settlement,
} from "./applied-record.ts";
import { mapConcurrent } from "../plan/concurrency.ts";
import {
  buildDeploymentPayload,
  parseDeploymentPayload,
  recordFromPayload,
  type OutpostDeploymentPayload,
} from "./deployment-payload.ts";
import {
  acceptedId,
  begunStatus,
  observedIn,
  deploymentDescription,
  environmentName,
  transientEnvironment,
  failureStatus,
  forgottenStatus,
  interruptedStatus,
  jobEndState,
  ownsEnvironment,
  jobTask,
  readHistory,
  readyStatus,
  serviceTask,
  taskOf,
  truncateDescription,
  uncertainStatus,
  writtenStatus,
  type History,
  type StatusBody,
} from "./deployment-statuses.ts";
import { sameIdentity, type ProjectIdentity } from "./identity.ts";
import {
  githubFailure,
  isPermissionDenied,
  type GitHubApi,
  type GitHubFailure,
} from "../github/github-api.ts";

export interface DeploymentRecordsOptions {
  /** An `@octokit/core`-compatible client whose token may write Deployments. */
  readonly github: GitHubApi;
  readonly owner: string;
  readonly repo: string;
  /** The project whose records these are; its `repository` is `owner/repo`. */
  readonly identity: ProjectIdentity;
  /**
   * The resources the config declares (`service/<name>`, `job/<key>`). Version-1 Deployments
   * name no config file: they are this project's only for resources it declares, so that a
   * second config file never takes another's services for its own orphans.
   */
  readonly declared: ReadonlySet<string>;
  /** The commit being applied: each Deployment's `ref`. */
  readonly sha: string;
  /** Linked from every status as its log (the workflow run's URL). */
  readonly logUrl?: string;
  /** Where warnings go (the action's `core.warning`, the CLI's stderr). */
  readonly onWarning?: (message: string) => void;
  /** Status reads in flight at once in `read` (default 4). */
  readonly readConcurrency?: number;
}

export class DeploymentRecordsError extends Error {
  readonly code = "github_deployments_unreadable";
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  constructor(message: string, failure: GitHubFailure | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = "DeploymentRecordsError";
    this.status = failure?.status;
    this.requestId = failure?.requestId;
  }
}

interface DeploymentSummary {
  readonly id: number;
  readonly createdAt: string;
  readonly payload: OutpostDeploymentPayload;
}

interface Statuses {
  readonly states: readonly string[];
  /** The Outpost id the written status names. */
  readonly outpostId: string | undefined;
  /** What the newest ready status says the list showed. */
  readonly observed: ObservedService | undefined;
  readonly history: History;
}

const pageSize = 100;
const noop: PendingRecord = {
  written: () => Promise.resolve(),
  failed: () => Promise.resolve(),
  settle: () => Promise.resolve(),
};

function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

function hasNextPage(headers: Readonly<Record<string, string | number | undefined>>): boolean {
  return /rel="next"/.test(String(headers["link"] ?? ""));
}

function describe(failure: GitHubFailure | undefined, error: unknown): string {
  if (!failure) return error instanceof Error ? error.message : String(error);
  const id = failure.requestId === undefined ? "" : ` (request ${failure.requestId})`;
  return `GitHub answered ${failure.status} "${failure.message}"${id}`;
}

export class GitHubDeploymentRecords implements RecordStore {
  readonly identity: ProjectIdentity;
  readonly location: string;
  private readonly options: DeploymentRecordsOptions;
  private readonly repository: string;
  private degraded = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** The Deployment behind each record `read` returned, for `resume`. */
  private readonly deploymentIds = new WeakMap<AppliedRecord, number>();

  constructor(options: DeploymentRecordsOptions) {
    this.options = options;
    this.repository = `${options.owner}/${options.repo}`;
    this.identity = { ...options.identity, repository: this.repository };
    this.location = `${this.repository} (GitHub Deployments)`;
  }

  /** False once recording stopped for want of permission. */
  get recording(): boolean {
    return !this.degraded;
  }

  private warn(message: string): void {
    this.options.onWarning?.(message);
  }

  private degrade(failure: GitHubFailure | undefined, error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    const accepted = failure?.acceptedPermissions
      ? ` GitHub accepts: ${failure.acceptedPermissions}.`
      : "";
    this.warn(
      `Outpost cannot keep its records in GitHub Deployments of ${this.repository}: ${describe(failure, error)}.${accepted} ` +
        "Give the token the `deployments: write` permission (in the workflow: `permissions: deployments: write` " +
        "beside the others the job needs; for the GitHub App: Deployments read and write). Until then applies still " +
        "work, but a plan cannot tell whether `env` changed since the last apply, prune cannot tell which services " +
        "this project owns, a job is not known to be submitted already, and the Outpost app cannot follow what was applied.",
    );
  }

  private request(route: string, parameters: Readonly<Record<string, unknown>> = {}) {
    return this.options.github.request(route, {
      owner: this.options.owner,
      repo: this.options.repo,
      ...parameters,
    });
  }

  /** Sends a write after the previous ones; a failure is warned about, never thrown. */
  private write(what: string, send: () => Promise<unknown>): Promise<unknown> {
    const run = this.queue.then(async () => {
      if (this.degraded) return undefined;
      try {
        return await send();
      } catch (error) {
        const failure = githubFailure(error);
        if (failure && isPermissionDenied(failure)) this.degrade(failure, error);
        else {
          this.warn(
            `Could not record ${what} in GitHub Deployments: ${describe(failure, error)}. ` +
              "The apply goes on; the next plan may repeat this resource's write.",
          );
        }
        return undefined;
      }
    });
    this.queue = run;
    return run;
  }

  private postStatus(what: string, deploymentId: number, body: StatusBody): Promise<unknown> {
    return this.write(what, () =>
      this.request("POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses", {
        deployment_id: deploymentId,
        ...body,
      }),
    );
  }

  /** Creates the Deployment of a record; its id, or undefined when it could not be recorded. */
  private async create(
    record: Omit<AppliedRecord, "state">,
    options: { readonly rewrite?: boolean } = {},
  ): Promise<number | undefined> {
    const commit = record.commit ?? this.options.sha;
    const created = await this.write(`the ${record.kind} ${record.key}`, () =>
      this.request("POST /repos/{owner}/{repo}/deployments", {
        ref: commit,
        task: taskOf(record.kind),
        environment: environmentName(
          record.kind,
          record.namespace,
          record.key,
          this.identity.environment,
        ),
        description: deploymentDescription(record.kind, record.key, record.outpostName),
        payload: buildDeploymentPayload(record, this.repository, commit, options),
        auto_merge: false,
        required_contexts: [],
        transient_environment: transientEnvironment(record.kind, this.identity.environment),
        production_environment: false,
      }),
    );
    const id = field(field(created, "data"), "id");
    return typeof id === "number" ? id : undefined;
  }

  async begin(draft: RecordDraft): Promise<PendingRecord> {
    const record = { ...draft, identity: this.identity };
    const id = await this.create(record);
    if (id === undefined) return noop;
    await this.postStatus(
      `the ${record.kind} ${record.key}`,
      id,
      begunStatus(record.kind, record.outpostName, this.options.logUrl),
    );
    return this.pending(record, id);
  }

  resume(record: AppliedRecord): PendingRecord {
    const id = this.deploymentIds.get(record);
    return id === undefined ? noop : this.pending(record, id);
  }

  private pending(record: Omit<AppliedRecord, "state">, id: number): PendingRecord {
    const { logUrl } = this.options;
    const post = (body: StatusBody) =>
      this.postStatus(`the ${record.kind} ${record.key}`, id, body).then(() => undefined);
    return {
      written: ({ outpostId }) =>
        post(writtenStatus(record.kind, record.outpostName, outpostId, logUrl)),
      failed: (reason, how) =>
        post(
          how === "refused"
            ? failureStatus(reason, logUrl)
            : how === "not-sent"
              ? interruptedStatus(reason, logUrl)
              : uncertainStatus(reason, logUrl),
        ),
      settle: (settlement) => {
        const body = this.settlementStatus(record.kind, record.outpostName, settlement);
        return body === undefined ? Promise.resolve() : post(body);
      },
    };
  }

  private settlementStatus(
    kind: ResourceKind,
    outpostName: string,
    settlement: Settlement,
  ): StatusBody | undefined {
    const { logUrl } = this.options;
    switch (settlement.type) {
      case "ready":
        return readyStatus(
          outpostName,
          settlement.url,
          settlement.observed,
          logUrl,
          ownsEnvironment(this.identity.environment),
        );
      case "unready":
        return failureStatus(settlement.reason, logUrl);
      case "ended":
        return {
          state: jobEndState(settlement.status),
          description: truncateDescription(settlement.reason),
          ...(logUrl === undefined ? {} : { log_url: logUrl }),
        };
      case "interrupted":
        // A job run goes on without the runner; the Outpost app reports its end.
        return kind === "job" ? undefined : interruptedStatus(settlement.reason, logUrl);
    }
  }

  /** Every Outpost Deployment of a task (and environment), newest first, across pages. */
  private async list(task: string, environment?: string): Promise<DeploymentSummary[]> {
    const found: DeploymentSummary[] = [];
    for (let page = 1; ; page++) {
      const response = await this.request("GET /repos/{owner}/{repo}/deployments", {
        task,
        ...(environment === undefined ? {} : { environment }),
        per_page: pageSize,
        page,
      });
      const items: unknown[] = Array.isArray(response.data) ? response.data : [];
      for (const item of items) {
        const parsed = parseDeploymentPayload(field(item, "payload"));
        const id = field(item, "id");
        const createdAt = field(item, "created_at");
        if (parsed.type !== "outpost" || typeof id !== "number" || typeof createdAt !== "string")
          continue;
        found.push({ id, createdAt, payload: parsed.payload });
      }
      if (!hasNextPage(response.headers) || items.length === 0) break;
    }
    return found.sort((a, b) => b.id - a.id);
  }

  /** Whether a Deployment is this project's record. */
  private isOurs(deployment: DeploymentSummary): boolean {
    const { payload } = deployment;
    if (payload.repository.toLowerCase() !== this.repository.toLowerCase()) return false;
    if (payload.identity === undefined) {
      return this.options.declared.has(resourceId(payload.kind, payload.key));
    }
    return sameIdentity({ ...payload.identity, repository: payload.repository }, this.identity);
  }

  /** A Deployment's states, newest first: one page, more only while an older one could count. */
  private async statuses(deployment: DeploymentSummary): Promise<Statuses> {
    const { kind, version } = deployment.payload;
    const states: string[] = [];
    let outpostId: string | undefined;
    let observed: ObservedService | undefined;
    for (let page = 1; ; page++) {
      let response;
      try {
        response = await this.request(
          "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
          { deployment_id: deployment.id, per_page: pageSize, page },
        );
      } catch (error) {
        // Deleted since it was listed: it records nothing.
        if (githubFailure(error)?.status === 404 && page === 1)
          return { states, outpostId, observed, history: "failed" };
        throw error;
      }
      const items: unknown[] = Array.isArray(response.data) ? response.data : [];
      for (const item of items) {
        const state = String(field(item, "state"));
        states.push(state);
        const description = field(item, "description");
        if (state === "in_progress" && typeof description === "string")
          outpostId ??= acceptedId(description);
        // Newest first: the first ready status met is the newest observation.
        if (state === "success" && typeof description === "string" && observed === undefined)
          observed = observedIn(description);
      }
      const history = readHistory(kind, version, states);
      const provisional = history === "begun" || history === "failed";
      if (!provisional || !hasNextPage(response.headers) || items.length === 0) {
        return { states, outpostId, observed, history };
      }
    }
  }

  private recordOf(deployment: DeploymentSummary, statuses: Statuses): AppliedRecord {
    const record = recordFromPayload(
      deployment.payload,
      deployment.createdAt,
      statuses.history === "forgotten" ? "written" : statuses.history,
      this.identity,
    );
    const outpostId = record.outpostId ?? statuses.outpostId;
    const read = {
      ...record,
      ...(outpostId === undefined ? {} : { outpostId }),
      ...(statuses.observed === undefined ? {} : { observed: statuses.observed }),
    };
    this.deploymentIds.set(read, deployment.id);
    return read;
  }

  private async guardedRead<T>(what: string, fallback: T, read: () => Promise<T>): Promise<T> {
    if (this.degraded) return fallback;
    try {
      return await read();
    } catch (error) {
      const failure = githubFailure(error);
      if (failure && isPermissionDenied(failure)) {
        this.degrade(failure, error);
        return fallback;
      }
      throw new DeploymentRecordsError(
        `Could not read ${what} from GitHub Deployments of ${this.repository}: ${describe(failure, error)}`,
        failure,
        { cause: error },
      );
    }
  }

  /** This project's Deployments in the namespace, newest first. */
  private async ours(namespace: string, tasks: readonly string[]): Promise<DeploymentSummary[]> {
    const lists = await Promise.all(tasks.map((task) => this.list(task)));
    return lists
      .flat()
      .filter((d) => d.payload.namespace === namespace && this.isOurs(d))
      .sort((a, b) => b.id - a.id);
  }

  read(namespace: string, commit: string | undefined): Promise<ProjectRecords> {
    const empty: ProjectRecords = { latest: [], runsAtCommit: [], runNames: new Map() };
    return this.guardedRead(`the records of namespace ${namespace}`, empty, async () => {
      const deployments = await this.ours(namespace, [serviceTask, jobTask]);
      const byResource = new Map<string, DeploymentSummary[]>();
      for (const deployment of deployments) {
        const id = resourceId(deployment.payload.kind, deployment.payload.key);
        byResource.set(id, [...(byResource.get(id) ?? []), deployment]);
      }
      const read = new Map<number, AppliedRecord>();
      const recordOf = async (deployment: DeploymentSummary) => {
        const known = read.get(deployment.id);
        if (known !== undefined) return known;
        const record = this.recordOf(deployment, await this.statuses(deployment));
        read.set(deployment.id, record);
        return record;
      };
      const concurrency = this.options.readConcurrency ?? 4;
      // Newest first per resource, as far as its newest written record.
      await mapConcurrent([...byResource.values()], concurrency, async (list) => {
        for (const deployment of list) {
          const statuses = await this.statuses(deployment);
          if (statuses.history === "forgotten") break;
          const record = this.recordOf(deployment, statuses);
          read.set(deployment.id, record);
          if (statuses.history === "written") break;
        }
      });
      const atCommit = deployments.filter(
        (d) => d.payload.kind === "job" && commit !== undefined && d.payload.commit === commit,
      );
      await mapConcurrent(atCommit, concurrency, recordOf);
      // Newest first by Deployment id: creation times are to the second, ids are in order.
      const planned = projectRecords(
        [...read.entries()].sort(([a], [b]) => b - a).map(([, record]) => record),
        commit,
      );
      const runNames = new Map<string, Set<string>>();
      for (const { payload } of deployments) {
        if (payload.kind !== "job") continue;
        const names = runNames.get(payload.key) ?? new Set<string>();
        names.add(payload.outpostName);
        runNames.set(payload.key, names);
      }
      return { ...planned, runNames };
    });
  }

  jobRuns(namespace: string): Promise<readonly AppliedRecord[]> {
    return this.guardedRead(`the job runs of namespace ${namespace}`, [], async () => {
      const deployments = await this.ours(namespace, [jobTask]);
      return mapConcurrent(deployments, this.options.readConcurrency ?? 4, async (deployment) =>
        this.recordOf(deployment, await this.statuses(deployment)),
      );
    });
  }

  /** GitHub keeps the history: a deleted run's record stays, and `jobs prune` passes over it. */
  forgetRuns(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Rewrites a record: a new Deployment that says nothing was sent to Outpost, settled at once. Version-1 Deployments of the resource are then deleted,
   * since their salted digests let anyone who reads them test guesses of its secrets.
   */
  async rewrite(record: AppliedRecord, url?: string): Promise<void> {
    const id = await this.create({ ...record, identity: this.identity }, { rewrite: true });
    if (id === undefined) return;
    const label = `the ${record.kind} ${record.key}`;
    await this.postStatus(
      label,
      id,
      record.kind === "service"
        ? readyStatus(
            record.outpostName,
            url,
            record.observed,
            this.options.logUrl,
            ownsEnvironment(this.identity.environment),
          )
        : {
            state: "success",
            description: truncateDescription(
              `Record of run ${record.outpostName} rewritten under the current records key`,
            ),
          },
    );
    await this.removeLegacy(record.kind, record.namespace, record.key, id);
  }

  private async removeLegacy(
    kind: ResourceKind,
    namespace: string,
    key: string,
    keep: number,
  ): Promise<void> {
    let legacy: DeploymentSummary[];
    try {
      legacy = (
        await this.list(
          taskOf(kind),
          environmentName(kind, namespace, key, this.identity.environment),
        )
      ).filter(
        (d) =>
          d.id !== keep &&
          d.payload.version === 1 &&
          d.payload.namespace === namespace &&
          d.payload.key === key &&
          this.isOurs(d),
      );
    } catch (error) {
      this.warn(
        `Could not list the version-1 records of the ${kind} ${key}: ${describe(githubFailure(error), error)}. They stay.`,
      );
      return;
    }
    const what = `the removal of version-1 records of the ${kind} ${key}`;
    for (const deployment of legacy) {
      const statuses = await this.statuses(deployment);
      if (statuses.states[0] !== "inactive") {
        await this.postStatus(what, deployment.id, {
          state: "inactive",
          description: "Superseded by a keyed record",
        });
      }
      await this.write(what, () =>
        this.request("DELETE /repos/{owner}/{repo}/deployments/{deployment_id}", {
          deployment_id: deployment.id,
        }),
      );
    }
  }

  /**
   * Marks a deleted service's last written Deployment `inactive` (and any newer record left
   * unsettled), so it is neither owned nor shown as active any more.
   */
  async forgetService(namespace: string, key: string): Promise<void> {
    const kind = "service";
    const what = `the deletion of the service ${key}`;
    let walk: { id: number; newest: string | undefined; history: History }[];
    try {
      walk = await this.guardedRead(what, [], async () => {
        const deployments = (
          await this.list(
            taskOf(kind),
            environmentName(kind, namespace, key, this.identity.environment),
          )
        ).filter(
          (d) =>
            d.payload.namespace === namespace &&
            d.payload.key === key &&
            d.payload.kind === kind &&
            this.isOurs(d),
        );
        const seen = [];
        for (const deployment of deployments) {
          const { states, history } = await this.statuses(deployment);
          seen.push({ id: deployment.id, newest: states[0], history });
          if (history === "written" || history === "forgotten") break;
        }
        return seen;
      });
    } catch (error) {
      this.warn(
        `${error instanceof Error ? error.message : String(error)}. The service stays listed as applied.`,
      );
      return;
    }
    for (const step of walk) {
      const unsettled =
        step.newest === "in_progress" || step.newest === "queued" || step.newest === "pending";
      if (step.history === "written" || unsettled)
        await this.postStatus(what, step.id, forgottenStatus());
    }
  }
}
