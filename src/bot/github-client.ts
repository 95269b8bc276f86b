/**
 * The Octokit class the bot's Probot uses: Probot's own (throttling, retries, pagination), with
 * rate limits left to the bot. Writes of one process are spaced (one a second by default, three
 * for comments that notify people, as GitHub advises); a rate-limited request is never retried
 * here, whatever the plugins would do — neither after a short `Retry-After` nor after plugin-retry's
 * own one-, four- and nine-second waits — because the budget (budget/budgeted-github.ts) records
 * GitHub's wait in the store, where every replica honours it for as long as GitHub asked.
 */
import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import type { GitHubSettings } from "./settings.ts";

/** plugin-retry's defaults, and 429: a rate limit is the budget's to wait out, not a retry's. */
const doNotRetry = [400, 401, 403, 404, 410, 422, 429, 451];

export function botOctokit(
  settings: Pick<GitHubSettings, "writeSpacingMs" | "retryAfterBaseMs">,
): typeof ProbotOctokit {
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: settings.writeSpacingMs });
  const notifications = new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: 3 * settings.writeSpacingMs,
  });
  const never = (): boolean => false;
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options["throttle"] as object | undefined),
      enabled: true,
      write,
      notifications,
      onRateLimit: never,
      onSecondaryRateLimit: never,
    },
    retry: {
      ...(options["retry"] as object | undefined),
      doNotRetry,
      retryAfterBaseValue: settings.retryAfterBaseMs,
    },
  }));
}
