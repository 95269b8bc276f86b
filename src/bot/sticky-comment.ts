/**
 * The sticky comment of a pull request: found again by the store's record or, failing that, by
 * its hidden marker among the app's own comments; edited in place; written only when its body
 * changed. Two replicas racing to create it settle through the store's compare-and-set: the one
 * that loses deletes its copy and edits the winner's, so a pull request never has two.
 */
import { githubFailure, type GitHubApi } from "../github/github-api.ts";
import type { ResourceView } from "../render/resource-view.ts";
import { stickyCommentBody, stickyMarker, type StickyEntry } from "../render/sticky-comment.ts";
import type { BotContext } from "./bot-context.ts";
import { arrayField, hasNextPage, numberField, stringField } from "./github-fields.ts";
import { outputDigest } from "./output-digest.ts";
import { checkRunUrl, type RepositoryRef } from "./repository.ts";
import type { Watch } from "./store/store.ts";
import { readPollState } from "./tracking/poll-state.ts";

/** Pages of comments searched for the marker when the store has no record. */
const maxPagesSearched = 10;

/** The view last rendered, without its log (the comment shows none); a placeholder before the first. */
function viewOf(watch: Watch): ResourceView {
  const state = readPollState(watch.pollState);
  const view = state?.view;
  if (view !== undefined) return { ...view, logLines: [] };
  const common = { namespace: watch.namespace, status: "pending", logLines: [] } as const;
  return watch.kind === "job"
    ? { kind: "job", ...common, key: state?.key ?? watch.outpostName, runName: watch.outpostName }
    : { kind: "service", ...common, name: watch.outpostName };
}

function entryOf(context: BotContext, repository: RepositoryRef, watch: Watch): StickyEntry {
  return {
    view: viewOf(watch),
    ...(watch.checkRunId === null
      ? {}
      : { checkRunUrl: checkRunUrl(context.webUrl, repository, watch.checkRunId) }),
  };
}

async function findMarked(
  context: BotContext,
  github: GitHubApi,
  repository: RepositoryRef,
  pullNumber: number,
): Promise<number | undefined> {
  for (let page = 1; page <= maxPagesSearched; page++) {
    const response = await github.request(
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      {
        ...repository,
        issue_number: pullNumber,
        per_page: 100,
        page,
      },
    );
    const found = arrayField(response.data).find(
      (comment) =>
        numberField(comment, "performed_via_github_app", "id") === context.appId &&
        (stringField(comment, "body") ?? "").startsWith(stickyMarker),
    );
    if (found !== undefined) return numberField(found, "id");
    if (!hasNextPage(response.headers)) return undefined;
  }
  return undefined;
}

async function edit(
  github: GitHubApi,
  repository: RepositoryRef,
  commentId: number,
  body: string,
): Promise<boolean> {
  try {
    await github.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", {
      ...repository,
      comment_id: commentId,
      body,
    });
    return true;
  } catch (error) {
    // Deleted by someone: a new one is written.
    if (githubFailure(error)?.status === 404) return false;
    throw error;
  }
}

async function create(
  github: GitHubApi,
  repository: RepositoryRef,
  pullNumber: number,
  body: string,
): Promise<number> {
  const response = await github.request(
    "POST /repos/{owner}/{repo}/issues/{issue_number}/comments",
    { ...repository, issue_number: pullNumber, body },
  );
  const id = numberField(response.data, "id");
  if (id === undefined) throw new Error("GitHub answered a comment without an id");
  return id;
}

/**
 * Renders the comment of a pull request from the store's watches of its newest commit and
 * writes it if it changed. True when something was written.
 */
export async function refreshStickyComment(
  context: BotContext,
  github: GitHubApi,
  repository: RepositoryRef,
  pullNumber: number,
): Promise<boolean> {
  const { store } = context;
  const watches = await store.listWatches({ ...repository, pullRequest: pullNumber });
  const newest = watches.at(-1);
  if (newest === undefined) return false;
  const entries = watches
    .filter((watch) => watch.headSha === newest.headSha)
    .map((watch) => entryOf(context, repository, watch));
  const body = stickyCommentBody({ commit: newest.headSha, entries });
  const digest = outputDigest(body);
  const recorded = await store.getComment(repository.owner, repository.repo, pullNumber);
  if (recorded?.bodyDigest === digest) return false;
  if (recorded !== undefined && (await edit(github, repository, recorded.commentId, body))) {
    await store.setComment(
      { ...repository, pullNumber, commentId: recorded.commentId, bodyDigest: digest },
      { expectedId: recorded.commentId },
    );
    return true;
  }
  const marked =
    recorded === undefined ? await findMarked(context, github, repository, pullNumber) : undefined;
  let commentId: number;
  if (marked !== undefined && (await edit(github, repository, marked, body))) commentId = marked;
  else commentId = await create(github, repository, pullNumber, body);
  const stored = await store.setComment(
    { ...repository, pullNumber, commentId, bodyDigest: digest },
    { expectedId: recorded?.commentId ?? null },
  );
  if (stored) return true;
  // Another replica recorded its comment first: keep that one.
  const winner = await store.getComment(repository.owner, repository.repo, pullNumber);
  if (winner !== undefined && winner.commentId !== commentId) {
    if (commentId !== marked) {
      await github.request("DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}", {
        ...repository,
        comment_id: commentId,
      });
    }
    await edit(github, repository, winner.commentId, body);
  }
  return true;
}
