/**
 * GitHub's rate limits as clients see them: `x-ratelimit-*` headers on every answer, counted per
 * credential (a GITHUB_TOKEN gets 1,000 requests an hour, others 5,000), and limits a test
 * injects — a secondary limit (403 or 429 with `retry-after`) or an exhausted primary limit
 * (403 or 429 with `x-ratelimit-remaining: 0`) — for the next requests, or those of one operation.
 */
import type { Caller } from "./caller.ts";
import { errorReply, type Reply } from "./github-error.ts";

export interface RateLimitInjection {
  readonly kind: "secondary" | "primary";
  /** 403 (GitHub's usual answer) or 429. */
  readonly status?: 403 | 429;
  /** Secondary: the `retry-after` header; primary: seconds until `x-ratelimit-reset`. Default 60. */
  readonly retryAfterSeconds?: number;
  /** How many requests it hits (default 1). */
  readonly times?: number;
  /** Only requests of this operation (e.g. `repos/create-deployment`). */
  readonly operationId?: string;
}

interface Window {
  used: number;
  resetAt: number;
}

const docs = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

export class RateLimits {
  private readonly windows = new Map<string, Window>();
  private readonly injections: { injection: RateLimitInjection; left: number }[] = [];
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  inject(injection: RateLimitInjection): void {
    this.injections.push({ injection, left: injection.times ?? 1 });
  }

  private limitOf(caller: Caller): number {
    return caller.kind === "actions" ? 1000 : 5000;
  }

  private window(caller: Caller): Window {
    const now = Math.floor(this.now() / 1000);
    let window = this.windows.get(caller.key);
    if (!window || window.resetAt <= now) {
      window = { used: 0, resetAt: now + 3600 };
      this.windows.set(caller.key, window);
    }
    return window;
  }

  /** Counts a request; answers with a limit when one applies, and the headers for any answer. */
  take(
    caller: Caller,
    operationId: string,
  ): { readonly headers: Record<string, string>; readonly limited?: Reply } {
    const window = this.window(caller);
    const limit = this.limitOf(caller);
    const index = this.injections.findIndex(
      (i) => i.left > 0 && (i.injection.operationId ?? operationId) === operationId,
    );
    const injected = index === -1 ? undefined : this.injections[index];
    if (injected) {
      injected.left -= 1;
      if (injected.left === 0) this.injections.splice(index, 1);
    }
    const overLimit = !injected && window.used >= limit;
    if (!injected && !overLimit) window.used += 1;
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(limit - window.used),
      "x-ratelimit-reset": String(window.resetAt),
      "x-ratelimit-used": String(window.used),
      "x-ratelimit-resource": "core",
    };
    const wait = injected?.injection.retryAfterSeconds ?? 60;
    if (injected?.injection.kind === "secondary") {
      return {
        headers,
        limited: errorReply(
          injected.injection.status ?? 403,
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          `${docs}#about-secondary-rate-limits`,
          {},
          { "retry-after": String(wait) },
        ),
      };
    }
    const exhausted = injected !== undefined || overLimit;
    if (!exhausted) return { headers };
    const resetAt = injected ? Math.floor(this.now() / 1000) + wait : window.resetAt;
    const who =
      caller.kind === "installation"
        ? `installation ID ${caller.installation.id}`
        : caller.kind === "user"
          ? caller.actor.login
          : "this token";
    return {
      headers: { ...headers, "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(resetAt) },
      limited: errorReply(
        injected?.injection.status ?? 403,
        `API rate limit exceeded for ${who}.`,
        `${docs}#about-primary-rate-limits`,
      ),
    };
  }
}
