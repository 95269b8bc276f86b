/**
 * The sticky comment of a pull request: rendered from the store's watches of its newest commit,
 * found again by the store's record or, failing that, by its hidden marker among the app's own
 * comments, edited in place, and written only when its body changed — which is only when a
 * resource's state or the set of resources changed (the body shows no progress).
 *
 * One writer per pull request across replicas: the whole of it — reading the record, searching
 * for the marker, creating the comment, recording it — happens under the pull request's lock in
 * the store, so two replicas never both create one, however slowly GitHub lists comments. A
 * replica that finds the lock taken leaves the comment to its holder; every replica looks again
 * on its next cycle, so nothing is missed.
 */
import { githubFailure, type GitHubApi } from "../github/github-api.ts";
import type { StickyFleet } from "../render/sticky-comment.ts";
import { stickyCommentBody, stickyMarker, type StickyEntry } from "../render/sticky-comment.ts";
import { fleetTally } from "../render/fleet-check-run.ts";
import type { BotContext } from "./bot-context.ts";
import { fleetMembers } from "./fleet/fleet-check.ts";
import { arrayField, hasNextPage, numberField, stringField } from "./github-fields.ts";
import { outputDigest } from "./output-digest.ts";
import { checkRunUrl, type RepositoryRef } from "./repository.ts";
import type { Watch, WatchKind } from "./store/store.ts";
import { shownOutcome, shownView } from "./tracking/watch-view.ts";

/** Pages of comments searched for the marker when the store has no record. */
const maxPagesSearched = 10;
/** How long a replica may take to write a comment before another may. */
const lockTtlMs = 120_000;

export type CommentRefresh = "written" | "unchanged" | "busy";

function entryOf(context: BotContext, repository: RepositoryRef, watch: Watch): StickyEntry {
  const outcome = shownOutcome(watch);
  return {
    view: shownView(watch),
    ...(outcome.conclusion === undefined ? {} : { conclusion: outcome.conclusion }),
    ...(watch.checkRunId === null
      ? {}
      : { checkRunUrl: checkRunUrl(context.webUrl, repository, watch.checkRunId) }),
  };
}

async function fleetOf(
  context: BotContext,
  repository: RepositoryRef,
  headSha: string,
  kind: WatchKind,
  watches: readonly Watch[],
): Promise<StickyFleet> {
  const members = fleetMembers(watches);
  const record = await context.store.fleetChecks.get({ ...repository, headSha, kind });
  return {
    kind,
    total: members.length,
    tally: fleetTally(members),
    failed: members
      .filter((m) => m.conclusion === "failure" || m.conclusion === "timed_out")
      .map((m) => (m.view.kind === "job" ? m.view.key : m.view.name))
      .sort(),
    ...(record?.checkRunId === null || record === undefined
      ? {}
      : { checkRunUrl: checkRunUrl(context.webUrl, repository, record.checkRunId) }),
  };
}

/** The comment's body from the store, or undefined when nothing is followed on the pull request. */
async function renderBody(
  context: BotContext,
  repository: RepositoryRef,
  pullNumber: number,
): Promise<string | undefined> {
  const watches = await context.store.listWatches({ ...repository, pullRequest: pullNumber });
  const newest = watches.at(-1);
  if (newest === undefined) return undefined;
  const ofHead = watches.filter((watch) => watch.headSha === newest.headSha);
  const entries: StickyEntry[] = [];
  const fleets: StickyFleet[] = [];
  for (const kind of ["service", "job"] as const) {
    const ofKind = ofHead.filter((watch) => watch.kind === kind);
    // The fleet counts every watch of the commit, those of other pull requests too.
    const all = await context.store.countWatches({ ...repository, headSha: newest.headSha, kind });
    if (all > context.operator.fleetThreshold) {
      fleets.push(await fleetOf(context, repository, newest.headSha, kind, ofKind));
    } else {
      entries.push(...ofKind.map((watch) => entryOf(context, repository, watch)));
    }
  }
  return stickyCommentBody({ commit: newest.headSha, entries, fleets });
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
      { ...repository, issue_number: pullNumber, per_page: 100, page },
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

/** The lock ran out before a write: another replica may be writing the comment now. */
export class CommentLockExpiredError extends Error {
  readonly code = "comment_lock_expired";
  constructor(pullNumber: number) {
    super(`The lock on the comment of pull request #${pullNumber} ran out before it was written`);
    this.name = "CommentLockExpiredError";
  }
}

/** Renders the pull request's comment from the store and writes it if it changed. */
export async function refreshStickyComment(
  context: BotContext,
  github: GitHubApi,
  repository: RepositoryRef,
  pullNumber: number,
): Promise<CommentRefresh> {
  const { store } = context;
  // Most cycles change nothing: that is found without taking the lock.
  const draft = await renderBody(context, repository, pullNumber);
  if (draft === undefined) return "unchanged";
  const known = await store.getComment(repository.owner, repository.repo, pullNumber);
  if (known?.bodyDigest === outputDigest(draft)) return "unchanged";
  const lock = `sticky-comment ${repository.owner}/${repository.repo}#${pullNumber}`.toLowerCase();
  const grant = await store.locks.acquire(lock, context.replicaId, lockTtlMs);
  if (grant === undefined) return "busy";
  const held = () => {
    if (Date.now() >= grant.validUntil) throw new CommentLockExpiredError(pullNumber);
  };
  try {
    const body = await renderBody(context, repository, pullNumber);
    if (body === undefined) return "unchanged";
    const digest = outputDigest(body);
    const recorded = await store.getComment(repository.owner, repository.repo, pullNumber);
    if (recorded?.bodyDigest === digest) return "unchanged";
    held();
    let commentId: number | undefined;
    if (recorded !== undefined && (await edit(github, repository, recorded.commentId, body))) {
      commentId = recorded.commentId;
    } else {
      const marked =
        recorded === undefined
          ? await findMarked(context, github, repository, pullNumber)
          : undefined;
      held();
      if (marked !== undefined && (await edit(github, repository, marked, body)))
        commentId = marked;
      else commentId = await create(github, repository, pullNumber, body);
    }
    await store.setComment({ ...repository, pullNumber, commentId, bodyDigest: digest });
    return "written";
  } finally {
    await store.locks.release(lock, context.replicaId);
  }
}
