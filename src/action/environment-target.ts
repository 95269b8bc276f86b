/**
 * Which environment of outpost.yaml a run is of, and which refs deploy: from the `environment`
 * input, or from the event — the environment whose `deploy.branch` is the pushed branch (a pull
 * request's base branch), or whose `deploy.tags` matches the pushed tag. A file without
 * `environments:` is its own `default` environment, deployed by the `deploy-branch`.
 */
import { describeDeploy, environmentForRef, environmentsOf } from "../config/environments.ts";
import type { OutpostConfig } from "../config/schema.generated.ts";
import { deployBranchRefs, type DeployedRefs } from "./event-policy.ts";
import type { TriggerEvent } from "./event.ts";

/** What deploys: the environments' branches and tags, or the deploy branch. */
export function deployedRefs(
  document: OutpostConfig | undefined,
  deployBranch: string | undefined,
): DeployedRefs | undefined {
  const environments = document === undefined ? [] : environmentsOf(document);
  if (document === undefined || environments.length === 0) return deployBranchRefs(deployBranch);
  return {
    deploys: (ref) => environmentForRef(document, ref) !== undefined,
    description: environments
      .map(([name, { deploy }]) => `\`${name}\` by ${describeDeploy(deploy)}`)
      .join(", "),
  };
}

export type EnvironmentChoice =
  { readonly environment: string | undefined } | { readonly refusal: string };

/** The environment this run plans or applies (undefined: the file has none). */
export function runEnvironment(
  document: OutpostConfig,
  event: TriggerEvent,
  ref: string,
  input: string | undefined,
): EnvironmentChoice {
  if (environmentsOf(document).length === 0 || input !== undefined) return { environment: input };
  const base = event.pullRequest?.baseBranch;
  const head = event.workflowRun?.headBranch;
  const deployed =
    base !== undefined ? `refs/heads/${base}` : head !== undefined ? `refs/heads/${head}` : ref;
  const environment = environmentForRef(document, deployed);
  if (environment !== undefined) return { environment };
  const what =
    base !== undefined ? `\`${base}\`, the branch this pull request targets` : `\`${deployed}\``;
  return {
    refusal: `No environment of outpost.yaml is deployed by ${what}; name one with the \`environment\` input.`,
  };
}
