/**
 * Comments on issues and pull requests (GitHub lists them oldest first, 30 a page by default),
 * at most 65,536 characters each, and reactions to them (a second identical reaction answers
 * 200 with the first).
 */
import { notFound, validationFailed, type Reply } from "../github-error.ts";
import { paginate } from "../pagination.ts";
import { commentJson, reactionJson } from "../representations.ts";
import { json, optionalString, type RepositoryRouteContext, type Routes } from "../route.ts";
import type { CommentState } from "../state.ts";

const maxBody = 65_536;

function toJson(context: RepositoryRouteContext, comment: CommentState): Record<string, unknown> {
  return commentJson(
    context.api,
    context.repository,
    comment,
    context.state.appById(comment.appId),
  );
}

function tooLong(context: RepositoryRouteContext, body: string): Reply | undefined {
  if (body.length <= maxBody) return undefined;
  return validationFailed(context.operation.documentationUrl, [
    {
      resource: "IssueComment",
      field: "body",
      code: "custom",
      message: `body is too long (maximum is ${maxBody} characters)`,
    },
  ]);
}

function find(context: RepositoryRouteContext): CommentState | undefined {
  return context.repository.comments.find((c) => c.id === context.path["comment_id"]);
}

function list(context: RepositoryRouteContext): Reply {
  const { repository, query } = context;
  const number = context.path["issue_number"] as number;
  if (!repository.issues.has(number)) return notFound(context.operation.documentationUrl);
  const since = optionalString(query["since"]);
  const comments = repository.comments.filter(
    (c) => c.issueNumber === number && (since === undefined || c.updatedAt >= since),
  );
  const page = paginate(comments, query, context.url);
  return json(
    200,
    page.items.map((c) => toJson(context, c)),
    page.headers,
  );
}

function create(context: RepositoryRouteContext): Reply {
  const { repository, state, caller, body } = context;
  const number = context.path["issue_number"] as number;
  if (!repository.issues.has(number)) return notFound(context.operation.documentationUrl);
  const text = body["body"] as string;
  const refused = tooLong(context, text);
  if (refused) return refused;
  const now = state.time();
  const comment: CommentState = {
    id: state.id(),
    issueNumber: number,
    body: text,
    user: caller.actor ?? repository.owner,
    appId: caller.app?.id,
    createdAt: now,
    updatedAt: now,
    reactions: [],
  };
  repository.comments.push(comment);
  return json(201, toJson(context, comment), {
    location: `${context.api}/repos/${repository.fullName}/issues/comments/${comment.id}`,
  });
}

function get(context: RepositoryRouteContext): Reply {
  const comment = find(context);
  return comment
    ? json(200, toJson(context, comment))
    : notFound(context.operation.documentationUrl);
}

function update(context: RepositoryRouteContext): Reply {
  const comment = find(context);
  if (!comment) return notFound(context.operation.documentationUrl);
  const text = context.body["body"] as string;
  const refused = tooLong(context, text);
  if (refused) return refused;
  comment.body = text;
  comment.updatedAt = context.state.time();
  return json(200, toJson(context, comment));
}

function remove(context: RepositoryRouteContext): Reply {
  const comment = find(context);
  if (!comment) return notFound(context.operation.documentationUrl);
  context.repository.comments.splice(context.repository.comments.indexOf(comment), 1);
  return { status: 204 };
}

function react(context: RepositoryRouteContext): Reply {
  const comment = find(context);
  if (!comment) return notFound(context.operation.documentationUrl);
  const content = context.body["content"] as string;
  const user = context.caller.actor ?? context.repository.owner;
  const existing = comment.reactions.find((r) => r.content === content && r.user.id === user.id);
  if (existing) return json(200, reactionJson(context.api, existing));
  const reaction = { id: context.state.id(), content, user, createdAt: context.state.time() };
  comment.reactions.push(reaction);
  return json(201, reactionJson(context.api, reaction));
}

export const issueCommentRoutes: Routes = {
  "issues/list-comments": { scope: "repository", handle: list },
  "issues/create-comment": { scope: "repository", handle: create },
  "issues/get-comment": { scope: "repository", handle: get },
  "issues/update-comment": { scope: "repository", handle: update },
  "issues/delete-comment": { scope: "repository", handle: remove },
  "reactions/create-for-issue-comment": { scope: "repository", handle: react },
};
