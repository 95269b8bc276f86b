/**
 * The end of a followed resource, posted on the Deployment the action created for it (a job's
 * Deployment stays `in_progress` until then: see docs/github-records.md). Posted once: when the
 * Deployment's newest status already says so (the action saw a service become ready, or an
 * earlier poll posted it before the bot stopped), nothing is written.
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
      per_page: 1,
    });
    if (stringField(arrayField(latest.data)[0], "state") === outcome.state) return false;
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
