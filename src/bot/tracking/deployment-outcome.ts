/**
 * The end of a followed resource, posted on the Deployment the action created for it (a job's
 * Deployment stays `in_progress` until then: see docs/github-records.md). Posted once, after one
 * read of the Deployment's statuses: a job's Deployment that already has a final status
 * (`success`, `failure` or `error`: the action posts it when it watched the job end, with
 * `wait-for-jobs`, or an earlier poll did before the bot stopped) is not written again; nor is a
 * service's whose newest status already says the same (the action saw it become ready).
 */
import { truncateDescription, type DeploymentState } from "../../records/deployment-statuses.ts";
import { githubFailure, type GitHubApi } from "../../github/github-api.ts";
import { arrayField, stringField } from "../github-fields.ts";
import type { RepositoryRef } from "../repository.ts";

export interface DeploymentOutcome {
  readonly deploymentId: number;
  readonly kind: "service" | "job";
  readonly state: DeploymentState;
  readonly description: string;
  /** A service's endpoint, shown as "View deployment". */
  readonly environmentUrl?: string;
}

/** A job's final states: none of them is followed by another. */
const finalJobStates: ReadonlySet<string> = new Set(["success", "failure", "error"]);

/** Statuses read: a job's Deployment has few (queued, in_progress, the end). */
const statusesRead = 30;

/** True when a status was posted. */
export async function postDeploymentOutcome(
  github: GitHubApi,
  repository: RepositoryRef,
  outcome: DeploymentOutcome,
): Promise<boolean> {
  const route = "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses";
  try {
    const latest = await github.request(`GET ${route}`, {
      ...repository,
      deployment_id: outcome.deploymentId,
      per_page: statusesRead,
    });
    const states = arrayField(latest.data).map((status) => stringField(status, "state"));
    if (outcome.kind === "job" && states.some((state) => finalJobStates.has(state ?? ""))) {
      return false;
    }
    if (states[0] === outcome.state) return false;
    await github.request(`POST ${route}`, {
      ...repository,
      deployment_id: outcome.deploymentId,
      state: outcome.state,
      description: truncateDescription(outcome.description),
      ...(outcome.environmentUrl === undefined ? {} : { environment_url: outcome.environmentUrl }),
      // A service's success retires its environment's earlier Deployments; a job's must not.
      auto_inactive: outcome.kind === "service",
    });
    return true;
  } catch (error) {
    // A Deployment deleted meanwhile has nothing left to show the end on.
    if (githubFailure(error)?.status === 404) return false;
    throw error;
  }
}
