/**
 * The Probot application: a thin layer from webhook events to the bot's handlers, each run once
 * per delivery. Handlers receive the installation's Octokit as their GitHub port and know
 * nothing of Probot.
 */
import type { ApplicationFunction } from "probot";
import type { BotContext } from "./bot-context.ts";
import { oncePerDelivery } from "./deliveries.ts";
import { onRequestedAction } from "./events/check-run-action.ts";
import { onDeployment } from "./events/deployment.ts";
import { onIssueComment } from "./events/issue-comment.ts";
import { onPullRequest } from "./events/pull-request.ts";

export interface BotCore {
  readonly context: BotContext;
  /** Asks the poller for a cycle soon. */
  readonly wake: () => void;
}

export function outpostApp(core: BotCore): ApplicationFunction {
  const { context, wake } = core;
  const once = (id: string, work: () => Promise<void>) =>
    oncePerDelivery(context.store, id, work).then((outcome) => {
      if (outcome === "duplicate")
        context.log.info({ delivery: id }, "delivery seen before; ignored");
    });
  return (app) => {
    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], (event) =>
      once(event.id, () => onPullRequest(context, event.octokit, event.payload)),
    );
    app.on("deployment.created", (event) =>
      once(event.id, async () => {
        const handling = await onDeployment(context, event.octokit, event.payload);
        if (handling === "following") wake();
      }),
    );
    app.on("issue_comment.created", (event) =>
      once(event.id, () => onIssueComment(context, event.octokit, event.payload, wake)),
    );
    app.on("check_run.requested_action", (event) =>
      once(event.id, async () => {
        await onRequestedAction(context, event.octokit, event.payload, wake);
      }),
    );
  };
}
