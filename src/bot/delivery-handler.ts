/**
 * What the inbox's workers run for each delivery: the event's handler, given GitHub as the
 * delivery's installation. Handlers know nothing of the inbox, Probot or HTTP; they may be run
 * again for the same delivery (a crash, a failed attempt), so each one is safe to repeat.
 * Events the bot does not act on are done at once.
 */
import type { GitHubApi } from "../github/github-api.ts";
import type { BotContext } from "./bot-context.ts";
import { onRequestedAction } from "./events/check-run-action.ts";
import { onDeployment } from "./events/deployment.ts";
import {
  isDeploymentEvent,
  isIssueCommentEvent,
  isPullRequestEvent,
  isRequestedActionEvent,
  type PayloadCheck,
} from "./events/event-payloads.ts";
import { onIssueComment } from "./events/issue-comment.ts";
import { onPullRequest } from "./events/pull-request.ts";
import { UnhandleableDeliveryError, type DeliveryHandler } from "./inbox/delivery-worker.ts";
import type { Delivery } from "./store/inbox.ts";

export interface DeliveryHandlerOptions {
  readonly context: BotContext;
  /** GitHub as an installation, for a handler's requests (their writes wait for the budget). */
  readonly github: (installationId: number) => Promise<GitHubApi>;
  /** Asks the poller for a cycle soon (a watch started). */
  readonly wake: () => void;
}

function payloadOf<T>(delivery: Delivery, check: PayloadCheck<T>): T {
  if (!check(delivery.payload)) {
    throw new UnhandleableDeliveryError(
      `the ${delivery.event} payload cannot be handled: ${check.problem()}`,
    );
  }
  return delivery.payload;
}

function installationOf(delivery: Delivery): number {
  if (delivery.installationId === null) {
    throw new UnhandleableDeliveryError(`the ${delivery.event} payload names no installation`);
  }
  return delivery.installationId;
}

export function deliveryHandler(options: DeliveryHandlerOptions): DeliveryHandler {
  const { context, wake } = options;
  return async (delivery, journal) => {
    switch (`${delivery.event}.${delivery.action ?? ""}`) {
      case "pull_request.opened":
      case "pull_request.synchronize":
      case "pull_request.reopened": {
        const event = payloadOf(delivery, isPullRequestEvent);
        const github = await options.github(installationOf(delivery));
        return onPullRequest(context, github, event);
      }
      case "deployment.created": {
        const event = payloadOf(delivery, isDeploymentEvent);
        const github = await options.github(installationOf(delivery));
        if ((await onDeployment(context, github, event)) === "following") wake();
        return undefined;
      }
      case "issue_comment.created": {
        const event = payloadOf(delivery, isIssueCommentEvent);
        const github = await options.github(installationOf(delivery));
        return onIssueComment(context, github, event, {
          wake,
          deliveryId: delivery.id,
          journal,
        });
      }
      case "check_run.requested_action": {
        const event = payloadOf(delivery, isRequestedActionEvent);
        const github = await options.github(installationOf(delivery));
        await onRequestedAction(context, github, event, wake);
        return undefined;
      }
      default:
        return undefined;
    }
  };
}
