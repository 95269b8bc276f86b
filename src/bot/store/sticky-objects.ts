/**
 * GitHub objects the bot creates once and then edits in place: the sticky comment of a pull
 * request and the plan check run of a commit. Both live in one table, `sticky_objects`, keyed by
 * repository, kind and subject (the pull request number or the head sha).
 */
import type { PlanCheck, PlanCheckInput, StickyComment, StickyCommentInput } from "./store.ts";
import { RowReader, type Row } from "./row-reader.ts";

export type StickyKind = "pull-request-comment" | "plan-check-run";

export interface StickyRecord {
  readonly owner: string;
  readonly repo: string;
  readonly kind: StickyKind;
  readonly subject: string;
  readonly githubId: number;
  readonly digest: string;
}

export function commentRecord(comment: StickyCommentInput): StickyRecord {
  return {
    owner: comment.owner,
    repo: comment.repo,
    kind: "pull-request-comment",
    subject: String(comment.pullNumber),
    githubId: comment.commentId,
    digest: comment.bodyDigest,
  };
}

export function planCheckRecord(check: PlanCheckInput): StickyRecord {
  return {
    owner: check.owner,
    repo: check.repo,
    kind: "plan-check-run",
    subject: check.headSha,
    githubId: check.checkRunId,
    digest: check.outputDigest,
  };
}

export function commentFromRow(row: Row): StickyComment {
  const read = new RowReader(row, "sticky_objects");
  return {
    owner: read.text("owner"),
    repo: read.text("repo"),
    pullNumber: Number(read.text("subject")),
    commentId: read.integer("github_id"),
    bodyDigest: read.text("digest"),
    updatedAt: read.time("updated_at"),
  };
}

export function planCheckFromRow(row: Row): PlanCheck {
  const read = new RowReader(row, "sticky_objects");
  return {
    owner: read.text("owner"),
    repo: read.text("repo"),
    headSha: read.text("subject"),
    checkRunId: read.integer("github_id"),
    outputDigest: read.text("digest"),
    updatedAt: read.time("updated_at"),
  };
}
