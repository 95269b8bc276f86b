/**
 * `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`: the pull requests a commit belongs to.
 * The fake knows a commit only as a pull request's head, so it answers those whose head it is
 * (open ones first, as GitHub does for a branch's head commit).
 */
import { json, type RepositoryRouteContext, type Routes } from "../route.ts";
import { paginate } from "../pagination.ts";
import { pullRequestJson } from "../representations.ts";
import type { IssueState, PullState } from "../state.ts";

function pullsOfCommit(context: RepositoryRouteContext) {
  const { repository, state, query, url, api } = context;
  const sha = context.path["commit_sha"] as string;
  const pulls = [...repository.issues.values()]
    .filter((issue): issue is IssueState & { pull: PullState } => issue.pull?.headSha === sha)
    .sort((a, b) => (a.state === b.state ? b.number - a.number : a.state === "open" ? -1 : 1));
  const page = paginate(pulls, query, url);
  return json(
    200,
    page.items.map((issue) =>
      pullRequestJson(
        api,
        repository,
        state.repository(issue.pull.headRepository) ?? repository,
        issue,
      ),
    ),
    page.headers,
  );
}

export const commitRoutes: Routes = {
  "repos/list-pull-requests-associated-with-commit": { scope: "repository", handle: pullsOfCommit },
};
