/**
 * The Octokit class the bot's Probot uses: Probot's own (throttling, retries, pagination), with
 * GitHub's rate-limit advice made explicit. Writes of one installation are spaced (one a second
 * by default, three for comments that notify people), primary and secondary rate limits are
 * waited out when GitHub asks for a short wait, and a long wait is not waited at all: the request
 * fails, the watch keeps its old digest, and the next poll writes it.
 */
import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import type { GitHubSettings } from "./settings.ts";

/** Tries per request when GitHub rate-limits it. */
const maxRateLimitRetries = 3;

export function botOctokit(
  settings: Pick<GitHubSettings, "writeSpacingMs" | "retryAfterBaseMs" | "maxRetryWaitSeconds">,
  onLimit: (kind: "primary" | "secondary", retryAfterSeconds: number, retrying: boolean) => void,
): typeof ProbotOctokit {
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: settings.writeSpacingMs });
  const notifications = new Bottleneck.Group({
    maxConcurrent: 1,
    minTime: 3 * settings.writeSpacingMs,
  });
  const decide =
    (kind: "primary" | "secondary") =>
    (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number): boolean => {
      const retrying =
        retryCount < maxRateLimitRetries && retryAfter <= settings.maxRetryWaitSeconds;
      onLimit(kind, retryAfter, retrying);
      return retrying;
    };
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: {
      ...(options["throttle"] as object | undefined),
      enabled: true,
      write,
      notifications,
      retryAfterBaseValue: settings.retryAfterBaseMs,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: decide("primary"),
      onSecondaryRateLimit: decide("secondary"),
    },
    retry: {
      ...(options["retry"] as object | undefined),
      retryAfterBaseValue: settings.retryAfterBaseMs,
    },
  }));
}
