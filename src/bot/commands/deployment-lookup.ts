/** The Deployment an apply just created for a resource: the newest of its environment at the commit. */
import { environmentName, taskOf } from "../../records/deployment-statuses.ts";
import type { GitHubApi } from "../../github/github-api.ts";
import { arrayField, numberField } from "../github-fields.ts";
import type { RepositoryRef } from "../repository.ts";

export async function newestDeployment(
  github: GitHubApi,
  repository: RepositoryRef,
  resource: { readonly kind: "service" | "job"; readonly namespace: string; readonly key: string },
  sha: string,
): Promise<number | undefined> {
  const response = await github.request("GET /repos/{owner}/{repo}/deployments", {
    ...repository,
    sha,
    task: taskOf(resource.kind),
    environment: environmentName(resource.kind, resource.namespace, resource.key),
    per_page: 1,
  });
  return numberField(arrayField(response.data)[0], "id");
}
