/**
 * Applied records kept in GitHub Deployments: one Deployment per apply of a resource, whose
 * payload holds what was applied (see deployment-payload.ts) and whose statuses follow the
 * resource (see deployment-statuses.ts). Users get GitHub's environments and "View deployment";
 * the bot gets its hand-off; the next plan gets the last successful record of every resource.
 *
 * Requests: `begin` 2 (create, first status), `succeed`/`fail` 1, `forget` 1 list + 1 status
 * read per Deployment walked + 1 per status posted (usually 3); `latest` 2 list requests (one per
 * task, 100 Deployments a page) + 1 status read per resource whose newest apply succeeded, plus
 * one per newer apply that failed or never settled. Writes go one at a time, as GitHub asks of
 * content-creating requests.
 *
 * Without the permission (403, or 404 for a repository the token cannot see) the store stops
 * recording and warns once, naming `deployments: write`; the apply goes on. Other failures to
 * write are warned about too — the resource is applied all the same, and the next plan at worst
 * repeats its write — while a failure to read throws: a plan without records would be wrong.
 */
import type {
  AppliedRecord,
  AppliedRecords,
  PendingRecord,
  ResourceKind,
} from "./applied-record.ts";
import { mapConcurrent } from "../plan/concurrency.ts";
import {
  buildDeploymentPayload,
  parseDeploymentPayload,
  recordFromPayload,
  type OutpostDeploymentPayload,
} from "./deployment-payload.ts";
import {
  beginStatus,
  deploymentDescription,
  environmentName,
  failureStatus,
  forgottenStatus,
  jobTask,
  readHistory,
  serviceTask,
  successStatus,
  taskOf,
  type StatusBody,
} from "./deployment-statuses.ts";
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
  /** The commit being applied: each Deployment's `ref`. */
  readonly sha: string;
  /** Linked from every status as its log (the workflow run's URL). */
  readonly logUrl?: string;
  /** Where warnings go (the action's `core.warning`, the CLI's stderr). */
  readonly onWarning?: (message: string) => void;
  /** Status reads in flight at once in `latest` (default 4). */
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

const pageSize = 100;
const noop: PendingRecord = { succeed: () => Promise.resolve(), fail: () => Promise.resolve() };

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

export class GitHubDeploymentRecords implements AppliedRecords {
  private readonly options: DeploymentRecordsOptions;
  private readonly repository: string;
  private degraded = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: DeploymentRecordsOptions) {
    this.options = options;
    this.repository = `${options.owner}/${options.repo}`;
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
        "this repository owns, and the Outpost app cannot follow what was applied.",
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

  async begin(record: AppliedRecord): Promise<PendingRecord> {
    const { logUrl } = this.options;
    const label = `the ${record.kind} ${record.key}`;
    const created = await this.write(label, () =>
      this.request("POST /repos/{owner}/{repo}/deployments", {
        ref: this.options.sha,
        task: taskOf(record.kind),
        environment: environmentName(record.kind, record.namespace, record.key),
        description: deploymentDescription(record.kind, record.key, record.outpostName),
        payload: buildDeploymentPayload(record, this.repository, this.options.sha),
        auto_merge: false,
        required_contexts: [],
        transient_environment: record.kind === "job",
        production_environment: false,
      }),
    );
    const id = field(field(created, "data"), "id");
    if (typeof id !== "number") return noop;
    await this.postStatus(label, id, beginStatus(record.kind, record.outpostName, logUrl));
    return {
      succeed: async ({ url }) => {
        await this.postStatus(
          label,
          id,
          successStatus(record.kind, record.outpostName, url, logUrl),
        );
      },
      fail: async (reason) => {
        await this.postStatus(label, id, failureStatus(reason, logUrl));
      },
    };
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

  /** A Deployment's states, newest first: one page, more only while an older one could count. */
  private async history(kind: ResourceKind, id: number) {
    const states: string[] = [];
    for (let page = 1; ; page++) {
      let response;
      try {
        response = await this.request(
          "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",
          {
            deployment_id: id,
            per_page: pageSize,
            page,
          },
        );
      } catch (error) {
        // Deleted since it was listed: it records nothing.
        if (githubFailure(error)?.status === 404 && page === 1)
          return { states, history: "not-applied" as const };
        throw error;
      }
      const items: unknown[] = Array.isArray(response.data) ? response.data : [];
      states.push(...items.map((item) => String(field(item, "state"))));
      const history = readHistory(kind, states);
      if (history !== "not-applied" || !hasNextPage(response.headers) || items.length === 0) {
        return { states, history };
      }
    }
  }

  /** The newest applied Deployment of one resource (its Deployments newest first). */
  private async newestApplied(
    deployments: readonly DeploymentSummary[],
  ): Promise<AppliedRecord | undefined> {
    for (const deployment of deployments) {
      const { history } = await this.history(deployment.payload.kind, deployment.id);
      if (history === "forgotten") return undefined;
      if (history === "applied") return recordFromPayload(deployment.payload, deployment.createdAt);
    }
    return undefined;
  }

  private async read<T>(what: string, fallback: T, read: () => Promise<T>): Promise<T> {
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

  latest(namespace: string): Promise<readonly AppliedRecord[]> {
    return this.read(`the records of namespace ${namespace}`, [], async () => {
      const [services, jobs] = await Promise.all([this.list(serviceTask), this.list(jobTask)]);
      const byResource = new Map<string, DeploymentSummary[]>();
      for (const deployment of [...services, ...jobs]) {
        const { kind, key } = deployment.payload;
        if (deployment.payload.namespace !== namespace) continue;
        const id = `${kind}/${key}`;
        byResource.set(id, [...(byResource.get(id) ?? []), deployment]);
      }
      const records = await mapConcurrent(
        [...byResource.values()],
        this.options.readConcurrency ?? 4,
        (deployments) => this.newestApplied(deployments),
      );
      return records.filter((record) => record !== undefined);
    });
  }

  /**
   * Marks a deleted resource's last applied Deployment `inactive` (and any newer apply left
   * unsettled), so it is neither owned nor shown as active any more.
   */
  async forget(kind: ResourceKind, namespace: string, key: string): Promise<void> {
    const what = `the deletion of the ${kind} ${key}`;
    let walk: { id: number; newest: string | undefined; history: string }[];
    try {
      walk = await this.read(what, [], async () => {
        const deployments = (
          await this.list(taskOf(kind), environmentName(kind, namespace, key))
        ).filter(
          (d) =>
            d.payload.namespace === namespace && d.payload.key === key && d.payload.kind === kind,
        );
        const seen = [];
        for (const deployment of deployments) {
          const { states, history } = await this.history(kind, deployment.id);
          seen.push({ id: deployment.id, newest: states[0], history });
          if (history !== "not-applied") break;
        }
        return seen;
      });
    } catch (error) {
      this.warn(
        `${error instanceof Error ? error.message : String(error)}. The ${kind} stays listed as applied.`,
      );
      return;
    }
    for (const step of walk) {
      const unsettled =
        step.newest === "in_progress" || step.newest === "queued" || step.newest === "pending";
      if (step.history === "applied" || unsettled)
        await this.postStatus(what, step.id, forgottenStatus());
    }
  }
}
