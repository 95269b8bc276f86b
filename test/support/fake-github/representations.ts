/**
 * The fake's state as GitHub's JSON: the shapes of the description's `deployment`,
 * `check-run`, `issue-comment`, `pull-request`, ... schemas, with API URLs on the fake's own
 * address so that a client following a `url` stays on the fake. The server checks every
 * response built here against the description.
 */
import { createHash } from "node:crypto";
import type {
  AppState,
  CheckRunState,
  CommentState,
  DeploymentState,
  DeploymentStatusState,
  InstallationState,
  IssueState,
  PullFileSeed,
  RepositoryState,
  StoredFile,
  User,
} from "./state.ts";

const web = "https://github.com";

function nodeId(kind: string, id: number): string {
  return Buffer.from(`0:${kind}${id}`).toString("base64");
}

export function userJson(api: string, user: User): Record<string, unknown> {
  const url = `${api}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId("User", user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${web}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: "public",
    site_admin: false,
  };
}

export function appJson(api: string, app: AppState): Record<string, unknown> {
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId("Integration", app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    owner: userJson(api, app.owner),
    name: app.name,
    description: null,
    external_url: `${web}/apps/${app.slug}`,
    html_url: `${web}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions,
    events: app.events,
  };
}

export function repositoryJson(
  api: string,
  repository: RepositoryState,
  pushed: string = repository.createdAt,
): Record<string, unknown> {
  const url = `${api}/repos/${repository.fullName}`;
  const html = `${web}/${repository.fullName}`;
  return {
    id: repository.id,
    node_id: nodeId("Repository", repository.id),
    name: repository.name,
    full_name: repository.fullName,
    owner: userJson(api, repository.owner),
    private: repository.private,
    html_url: html,
    description: null,
    fork: repository.fork,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${repository.fullName}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${repository.fullName}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repository.defaultBranch,
    open_issues_count: repository.issues.size,
    open_issues: repository.issues.size,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repository.private ? "private" : "public",
    license: null,
    pushed_at: pushed,
    created_at: repository.createdAt,
    updated_at: pushed,
  };
}

export function deploymentJson(
  api: string,
  repository: RepositoryState,
  deployment: DeploymentState,
  app: AppState | undefined,
): Record<string, unknown> {
  const url = `${api}/repos/${repository.fullName}/deployments/${deployment.id}`;
  return {
    url,
    id: deployment.id,
    node_id: nodeId("Deployment", deployment.id),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.originalEnvironment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(api, deployment.creator),
    created_at: deployment.createdAt,
    updated_at: deployment.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: `${api}/repos/${repository.fullName}`,
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
    performed_via_github_app: app ? appJson(api, app) : null,
  };
}

export function deploymentStatusJson(
  api: string,
  repository: RepositoryState,
  deployment: DeploymentState,
  status: DeploymentStatusState,
  app: AppState | undefined,
): Record<string, unknown> {
  const deploymentUrl = `${api}/repos/${repository.fullName}/deployments/${deployment.id}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: nodeId("DeploymentStatus", status.id),
    state: status.state,
    creator: userJson(api, status.creator),
    description: status.description,
    environment: status.environment,
    target_url: status.logUrl,
    log_url: status.logUrl,
    environment_url: status.environmentUrl,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: deploymentUrl,
    repository_url: `${api}/repos/${repository.fullName}`,
    performed_via_github_app: app ? appJson(api, app) : null,
  };
}

export function checkRunJson(
  api: string,
  repository: RepositoryState,
  run: CheckRunState,
  app: AppState | undefined,
): Record<string, unknown> {
  const url = `${api}/repos/${repository.fullName}/check-runs/${run.id}`;
  return {
    id: run.id,
    head_sha: run.headSha,
    node_id: nodeId("CheckRun", run.id),
    external_id: run.externalId ?? "",
    url,
    html_url: `${web}/${repository.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl ?? `${web}/${repository.fullName}/runs/${run.id}`,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.startedAt,
    completed_at: run.completedAt,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.checkSuiteId },
    app: app ? appJson(api, app) : null,
    pull_requests: [],
  };
}

export function commentJson(
  api: string,
  repository: RepositoryState,
  comment: CommentState,
  app: AppState | undefined,
): Record<string, unknown> {
  const url = `${api}/repos/${repository.fullName}/issues/comments/${comment.id}`;
  const count = (content: string): number =>
    comment.reactions.filter((r) => r.content === content).length;
  const role = repository.collaborators.get(comment.user.login.toLowerCase());
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url,
    html_url: `${web}/${repository.fullName}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    body: comment.body,
    user: userJson(api, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/repos/${repository.fullName}/issues/${comment.issueNumber}`,
    author_association:
      comment.user.login.toLowerCase() === repository.owner.login.toLowerCase()
        ? "OWNER"
        : role
          ? "COLLABORATOR"
          : "NONE",
    performed_via_github_app: app ? appJson(api, app) : null,
    reactions: {
      url: `${url}/reactions`,
      total_count: comment.reactions.length,
      "+1": count("+1"),
      "-1": count("-1"),
      laugh: count("laugh"),
      confused: count("confused"),
      heart: count("heart"),
      hooray: count("hooray"),
      eyes: count("eyes"),
      rocket: count("rocket"),
    },
  };
}

export function reactionJson(
  api: string,
  reaction: CommentState["reactions"][number],
): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: userJson(api, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function pullRequestJson(
  api: string,
  repository: RepositoryState,
  head: RepositoryState,
  issue: IssueState & { pull: NonNullable<IssueState["pull"]> },
): Record<string, unknown> {
  const url = `${api}/repos/${repository.fullName}/pulls/${issue.number}`;
  const html = `${web}/${repository.fullName}/pull/${issue.number}`;
  const issueUrl = `${api}/repos/${repository.fullName}/issues/${issue.number}`;
  const pull = issue.pull;
  const additions = pull.files.reduce((sum, f) => sum + (f.additions ?? 1), 0);
  const deletions = pull.files.reduce((sum, f) => sum + (f.deletions ?? 0), 0);
  const side = (ref: string, sha: string, repo: RepositoryState) => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: userJson(api, repo.owner),
    repo: repositoryJson(api, repo),
  });
  return {
    url,
    id: issue.id,
    node_id: nodeId("PullRequest", issue.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${api}/repos/${repository.fullName}/pulls/comments{/number}`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${api}/repos/${repository.fullName}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(api, issue.user),
    body: issue.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.headRef, pull.headSha, head),
    base: side(pull.baseRef, pull.baseSha, repository),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${api}/repos/${repository.fullName}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${api}/repos/${repository.fullName}/statuses/${pull.headSha}` },
    },
    author_association: "OWNER",
    auto_merge: null,
    draft: pull.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: "clean",
    merged_by: null,
    comments: repository.comments.filter((c) => c.issueNumber === issue.number).length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: pull.files.length,
  };
}

export function diffEntryJson(
  api: string,
  repository: RepositoryState,
  headSha: string,
  file: PullFileSeed,
): Record<string, unknown> {
  const additions = file.additions ?? 1;
  const deletions = file.deletions ?? 0;
  const path = file.filename.split("/").map(encodeURIComponent).join("/");
  return {
    sha: gitSha(`${headSha}:${file.filename}`),
    filename: file.filename,
    status: file.status ?? "modified",
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `${web}/${repository.fullName}/blob/${headSha}/${path}`,
    raw_url: `${web}/${repository.fullName}/raw/${headSha}/${path}`,
    contents_url: `${api}/repos/${repository.fullName}/contents/${path}?ref=${headSha}`,
    ...(file.patch === undefined ? {} : { patch: file.patch }),
    ...(file.previousFilename === undefined ? {} : { previous_filename: file.previousFilename }),
  };
}

/** A blob's sha as git computes it (`git hash-object`), so answers look like GitHub's. */
export function gitSha(content: string | Uint8Array): string {
  const bytes = Buffer.from(content);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** A file, link or (for `undefined`) folder as the contents API describes it. */
export function contentJson(
  api: string,
  repository: RepositoryState,
  sha: string,
  path: string,
  file: StoredFile | undefined,
): Record<string, unknown> {
  const encoded = path.split("/").map(encodeURIComponent).join("/");
  const self = `${api}/repos/${repository.fullName}/contents/${encoded}?ref=${sha}`;
  const blobSha = gitSha(file?.bytes ?? path);
  const html = `${web}/${repository.fullName}/${file === undefined ? "tree" : "blob"}/${sha}/${encoded}`;
  const gitUrl = `${api}/repos/${repository.fullName}/git/${file === undefined ? "trees" : "blobs"}/${blobSha}`;
  const base = {
    name: path.split("/").pop() ?? path,
    path,
    sha: blobSha,
    size: file === undefined ? 0 : file.bytes.length,
    url: self,
    html_url: html,
    git_url: gitUrl,
    download_url:
      file === undefined
        ? null
        : `https://raw.githubusercontent.com/${repository.fullName}/${sha}/${encoded}`,
    _links: { self, git: gitUrl, html },
  };
  if (file === undefined) return { type: "dir", ...base };
  if (file.kind === "symlink") return { type: "symlink", ...base, target: file.bytes.toString() };
  // GitHub wraps base64 content at 60 characters with "\n", which clients must strip.
  const content = file.bytes.toString("base64").replace(/.{60}/g, "$&\n");
  return { type: "file", ...base, content, encoding: "base64" };
}

export function installationJson(
  api: string,
  app: AppState,
  installation: InstallationState,
): Record<string, unknown> {
  return {
    id: installation.id,
    account: userJson(api, installation.account),
    repository_selection: installation.repositories === "all" ? "all" : "selected",
    access_tokens_url: `${api}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${api}/installation/repositories`,
    html_url: `${web}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: installation.account.id,
    target_type: installation.account.type === "Organization" ? "Organization" : "User",
    permissions: installation.permissions,
    events: installation.events,
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}
