/**
 * What the action needs to know about the event that started the workflow, read from its
 * webhook payload (`GITHUB_EVENT_PATH`). Pure: inputs.ts reads the file and passes the JSON.
 */

export interface PullRequestFacts {
  readonly number: number;
  /** What happened to it (`opened`, `synchronize`, `closed`, …), for `pull_request` events. */
  readonly action: string | undefined;
  /** The commit the pull request proposes (not GitHub's merge commit). */
  readonly headSha: string;
  /** The branch the pull request proposes, in `headRepository`. */
  readonly headBranch: string | undefined;
  /** `owner/name` of the repository the head branch is in; undefined when it was deleted. */
  readonly headRepository: string | undefined;
  readonly baseRepository: string;
  /** The branch the pull request would merge into. */
  readonly baseBranch: string | undefined;
  /** The head is in another repository: its code is not the base repository's to trust. */
  readonly fromFork: boolean;
}

/** What a `workflow_run` event says of the run that triggered it. */
export interface WorkflowRunFacts {
  /** The triggering run's event: `push`, `pull_request`, ... */
  readonly event: string;
  readonly headBranch: string | undefined;
  readonly headSha: string;
  /** `owner/name` of the repository the triggering run's code came from; undefined when deleted. */
  readonly headRepository: string | undefined;
}

export interface TriggerEvent {
  /** `push`, `pull_request`, `workflow_dispatch`, ... (`GITHUB_EVENT_NAME`). */
  readonly name: string;
  /** `owner/name` of the repository the workflow runs in, when the payload says. */
  readonly repository: string | undefined;
  /** The repository's default branch, when the payload says. */
  readonly defaultBranch: string | undefined;
  /** Set for the events whose payload is about a pull request. */
  readonly pullRequest: PullRequestFacts | undefined;
  /** Set for `workflow_run`. */
  readonly workflowRun: WorkflowRunFacts | undefined;
}

type Json = Readonly<Record<string, unknown>>;

function object(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function pullRequestFacts(payload: Json): PullRequestFacts | undefined {
  const pull = object(payload["pull_request"]);
  if (pull === undefined) return undefined;
  const head = object(pull["head"]);
  const base = object(pull["base"]);
  const headRepository = text(object(head?.["repo"])?.["full_name"]);
  const baseRepository =
    text(object(base?.["repo"])?.["full_name"]) ??
    text(object(payload["repository"])?.["full_name"]) ??
    "";
  return {
    number: typeof pull["number"] === "number" ? pull["number"] : 0,
    action: text(payload["action"]),
    headSha: text(head?.["sha"]) ?? "",
    headBranch: text(head?.["ref"]),
    headRepository,
    baseRepository,
    baseBranch: text(base?.["ref"]),
    // A head repository that was deleted is a fork's too: the base never loses its own.
    fromFork:
      headRepository === undefined || headRepository.toLowerCase() !== baseRepository.toLowerCase(),
  };
}

function workflowRunFacts(payload: Json): WorkflowRunFacts | undefined {
  const run = object(payload["workflow_run"]);
  if (run === undefined) return undefined;
  return {
    event: text(run["event"]) ?? "",
    headBranch: text(run["head_branch"]),
    headSha: text(run["head_sha"]) ?? "",
    headRepository: text(object(run["head_repository"])?.["full_name"]),
  };
}

export function describeEvent(name: string, payload: unknown): TriggerEvent {
  const body = object(payload) ?? {};
  return {
    name,
    repository: text(object(body["repository"])?.["full_name"]),
    defaultBranch: text(object(body["repository"])?.["default_branch"]),
    pullRequest: pullRequestFacts(body),
    workflowRun: workflowRunFacts(body),
  };
}
