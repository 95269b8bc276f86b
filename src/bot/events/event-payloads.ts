/**
 * The webhook payloads the bot handles, checked where they leave the inbox: a payload without a
 * field its handler reads is set aside with the field named, instead of failing deep inside the
 * handler on every attempt. The signature proved GitHub sent it; this proves it has the shape.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { DeploymentEvent } from "./deployment.ts";
import type { IssueCommentEvent } from "./issue-comment.ts";
import type { RequestedActionEvent } from "../events/check-run-action.ts";
import type { PullRequestEvent } from "./pull-request.ts";

const repository = {
  type: "object",
  required: ["name", "owner"],
  properties: {
    name: { type: "string", minLength: 1 },
    owner: { type: "object", required: ["login"], properties: { login: { type: "string" } } },
  },
} as const;

const installation = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "integer" } },
} as const;

const pullRequest = {
  type: "object",
  required: ["pull_request", "repository"],
  properties: {
    pull_request: {
      type: "object",
      required: ["number", "head", "updated_at"],
      properties: {
        number: { type: "integer" },
        updated_at: { type: "string" },
        head: {
          type: "object",
          required: ["sha", "ref"],
          properties: { sha: { type: "string" }, ref: { type: "string" } },
        },
      },
    },
    repository,
    installation,
  },
} as const;

const deployment = {
  type: "object",
  required: ["deployment", "repository"],
  properties: {
    deployment: {
      type: "object",
      required: ["id", "sha"],
      properties: { id: { type: "integer" }, sha: { type: "string" } },
    },
    repository,
    installation,
  },
} as const;

const issueComment = {
  type: "object",
  required: ["issue", "comment", "repository"],
  properties: {
    issue: { type: "object", required: ["number"], properties: { number: { type: "integer" } } },
    comment: {
      type: "object",
      required: ["id", "body", "user", "created_at"],
      properties: {
        id: { type: "integer" },
        body: { type: "string" },
        created_at: { type: "string" },
        user: {
          oneOf: [
            { type: "null" },
            {
              type: "object",
              required: ["login"],
              properties: { login: { type: "string" }, type: { type: "string" } },
            },
          ],
        },
      },
    },
    repository,
    installation,
  },
} as const;

const requestedAction = {
  type: "object",
  required: ["check_run", "repository", "sender"],
  properties: {
    check_run: {
      type: "object",
      required: ["id", "external_id"],
      properties: {
        id: { type: "integer" },
        external_id: { type: ["string", "null"] },
      },
    },
    requested_action: {
      oneOf: [{ type: "null" }, { type: "object", properties: { identifier: { type: "string" } } }],
    },
    repository,
    sender: { type: "object", required: ["login"], properties: { login: { type: "string" } } },
  },
} as const;

const ajv = new Ajv2020({ allErrors: false, strict: false });

export interface PayloadCheck<T> {
  (payload: unknown): payload is T;
  /** Where the last payload checked went wrong. */
  problem(): string;
}

function check<T>(schema: object): PayloadCheck<T> {
  const validate: ValidateFunction<T> = ajv.compile<T>(schema);
  const guard = (payload: unknown): payload is T => validate(payload);
  return Object.assign(guard, {
    problem: () => {
      const error = validate.errors?.[0];
      return error === undefined
        ? "it is not an object"
        : `${error.instancePath === "" ? "the payload" : error.instancePath} ${error.message ?? "is invalid"}`;
    },
  });
}

export const isPullRequestEvent = check<PullRequestEvent>(pullRequest);
export const isDeploymentEvent = check<DeploymentEvent>(deployment);
export const isIssueCommentEvent = check<IssueCommentEvent>(issueComment);
export const isRequestedActionEvent = check<RequestedActionEvent>(requestedAction);
