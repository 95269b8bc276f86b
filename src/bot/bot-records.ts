/**
 * The records the bot reads and writes for a repository: those of its `outpost.yaml` (the only
 * config file the bot reads) in the default environment, in the repository's GitHub Deployments —
 * the same project's records the GitHub Action keeps with its default `config`.
 */
import type { DesiredState } from "../config/desired-state.ts";
import type { GitHubApi } from "../github/github-api.ts";
import { declaredResources } from "../records/applied-record.ts";
import { GitHubDeploymentRecords } from "../records/deployment-records.ts";
import { defaultEnvironment } from "../records/identity.ts";
import { configPath } from "./plan/plan-pull-request.ts";
import type { RepositoryRef } from "./repository.ts";

export function botRecords(
  github: GitHubApi,
  repository: RepositoryRef,
  desired: {
    readonly services: readonly Pick<DesiredState["services"][number], "name">[];
    readonly jobs: readonly Pick<DesiredState["jobs"][number], "key">[];
  },
  sha: string,
  onWarning?: (message: string) => void,
): GitHubDeploymentRecords {
  return new GitHubDeploymentRecords({
    github,
    owner: repository.owner,
    repo: repository.repo,
    identity: { config: configPath, environment: defaultEnvironment },
    declared: declaredResources({
      services: desired.services.map((service) => service.name),
      jobs: desired.jobs.map((job) => job.key),
    }),
    sha,
    ...(onWarning === undefined ? {} : { onWarning }),
  });
}
