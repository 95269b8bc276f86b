/**
 * Who may command the bot: people with write access to the repository (write, maintain, admin).
 * A fork's author usually has none, so nothing runs from a fork until a maintainer asks.
 */
import type { GitHubApi } from "../../github/github-api.ts";
import { githubFailure } from "../../github/github-api.ts";
import { stringField } from "../github-fields.ts";
import type { RepositoryRef } from "../repository.ts";

const writers = new Set(["admin", "maintain", "write"]);

export async function canWrite(
  github: GitHubApi,
  repository: RepositoryRef,
  login: string,
): Promise<boolean> {
  try {
    const response = await github.request(
      "GET /repos/{owner}/{repo}/collaborators/{username}/permission",
      { ...repository, username: login },
    );
    const permission = stringField(response.data, "permission") ?? "none";
    const role = stringField(response.data, "role_name") ?? "";
    return writers.has(permission) || writers.has(role);
  } catch (error) {
    // Not a collaborator at all.
    if (githubFailure(error)?.status === 404) return false;
    throw error;
  }
}
