/**
 * Writing check runs. A check run carries at most 50 annotations per request (GitHub adds those
 * of later updates to the earlier ones), so more are sent in follow-up updates; everything else
 * goes in one request.
 */
import type { GitHubApi } from "../github/github-api.ts";
import type { CheckRunOutput } from "../render/check-run.ts";
import { arrayField, numberField, stringField } from "./github-fields.ts";
import type { RepositoryRef } from "./repository.ts";

export type Conclusion =
  "success" | "failure" | "neutral" | "cancelled" | "skipped" | "timed_out" | "action_required";

export type CheckRunStatus = "queued" | "in_progress" | "completed";

export interface Annotation {
  readonly path: string;
  readonly start_line: number;
  readonly end_line: number;
  readonly start_column?: number;
  readonly end_column?: number;
  readonly annotation_level: "notice" | "warning" | "failure";
  readonly message: string;
  readonly title?: string;
}

/** A button on the check run; GitHub sends `check_run.requested_action` when it is pressed. */
export interface RequestedAction {
  /** At most 20 characters. */
  readonly label: string;
  /** At most 40 characters. */
  readonly description: string;
  /** At most 20 characters. */
  readonly identifier: string;
}

export interface CheckRunWrite {
  readonly status: CheckRunStatus;
  readonly conclusion?: Conclusion;
  readonly output: CheckRunOutput;
  readonly annotations?: readonly Annotation[];
  /** The buttons; an empty list removes them. */
  readonly actions?: readonly RequestedAction[];
  readonly detailsUrl?: string;
  readonly externalId?: string;
}

/** GitHub's limit of annotations per request. */
export const annotationsPerRequest = 50;

function body(write: CheckRunWrite, annotations: readonly Annotation[]): Record<string, unknown> {
  return {
    status: write.status,
    ...(write.conclusion === undefined ? {} : { conclusion: write.conclusion }),
    output: {
      title: write.output.title,
      summary: write.output.summary,
      ...(write.output.text === undefined ? {} : { text: write.output.text }),
      ...(annotations.length === 0 ? {} : { annotations }),
    },
    ...(write.actions === undefined ? {} : { actions: write.actions }),
    ...(write.detailsUrl === undefined ? {} : { details_url: write.detailsUrl }),
    ...(write.externalId === undefined ? {} : { external_id: write.externalId }),
  };
}

async function sendRemainingAnnotations(
  github: GitHubApi,
  repository: RepositoryRef,
  id: number,
  write: CheckRunWrite,
): Promise<void> {
  const rest = (write.annotations ?? []).slice(annotationsPerRequest);
  for (let start = 0; start < rest.length; start += annotationsPerRequest) {
    await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repository,
      check_run_id: id,
      output: {
        title: write.output.title,
        summary: write.output.summary,
        annotations: rest.slice(start, start + annotationsPerRequest),
      },
    });
  }
}

/**
 * The id of the app's check run of that name on the commit whose `external_id` is `externalId`:
 * one created before its id could be recorded (a crash, a lease lost mid-write) is reused
 * instead of created a second time.
 */
export async function findCheckRun(
  github: GitHubApi,
  repository: RepositoryRef,
  headSha: string,
  query: { readonly name: string; readonly appId: number; readonly externalId: string },
): Promise<number | undefined> {
  const response = await github.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    ...repository,
    ref: headSha,
    check_name: query.name,
    app_id: query.appId,
    filter: "all",
    per_page: 100,
  });
  const found = arrayField(response.data, "check_runs").find(
    (run) => stringField(run, "external_id") === query.externalId,
  );
  return numberField(found, "id");
}

/** Creates a check run on a commit; returns its id. */
export async function createCheckRun(
  github: GitHubApi,
  repository: RepositoryRef,
  name: string,
  headSha: string,
  write: CheckRunWrite,
): Promise<number> {
  const first = (write.annotations ?? []).slice(0, annotationsPerRequest);
  const response = await github.request("POST /repos/{owner}/{repo}/check-runs", {
    ...repository,
    name,
    head_sha: headSha,
    ...body(write, first),
  });
  const id = numberField(response.data, "id");
  if (id === undefined) throw new Error("GitHub answered a check run without an id");
  await sendRemainingAnnotations(github, repository, id, write);
  return id;
}

export async function updateCheckRun(
  github: GitHubApi,
  repository: RepositoryRef,
  id: number,
  write: CheckRunWrite,
): Promise<void> {
  const first = (write.annotations ?? []).slice(0, annotationsPerRequest);
  await github.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...repository,
    check_run_id: id,
    ...body(write, first),
  });
  await sendRemainingAnnotations(github, repository, id, write);
}
