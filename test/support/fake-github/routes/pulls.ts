/** A pull request and its changed files, as seeded with `state.addPullRequest`. */
import { notFound, type Reply } from "../github-error.ts";
import { paginate } from "../pagination.ts";
import { diffEntryJson, pullRequestJson } from "../representations.ts";
import { json, type RepositoryRouteContext, type Routes } from "../route.ts";
import type { IssueState, PullState } from "../state.ts";

function findPull(context: RepositoryRouteContext): (IssueState & { pull: PullState }) | undefined {
  const issue = context.repository.issues.get(context.path["pull_number"] as number);
  return issue?.pull ? { ...issue, pull: issue.pull } : undefined;
}

function get(context: RepositoryRouteContext): Reply {
  const issue = findPull(context);
  if (!issue) return notFound(context.operation.documentationUrl);
  const head = context.state.repository(issue.pull.headRepository) ?? context.repository;
  return json(200, pullRequestJson(context.api, context.repository, head, issue));
}

function listFiles(context: RepositoryRouteContext): Reply {
  const issue = findPull(context);
  if (!issue) return notFound(context.operation.documentationUrl);
  const page = paginate(issue.pull.files, context.query, context.url);
  return json(
    200,
    page.items.map((file) =>
      diffEntryJson(context.api, context.repository, issue.pull.headSha, file),
    ),
    page.headers,
  );
}

export const pullRoutes: Routes = {
  "pulls/get": { scope: "repository", handle: get },
  "pulls/list-files": { scope: "repository", handle: listFiles },
};
