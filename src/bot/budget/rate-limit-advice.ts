/**
 * What GitHub's answer says about waiting, whatever its length: a secondary limit's
 * `Retry-After` (seconds), a primary limit's `x-ratelimit-reset` (GitHub's epoch seconds, read
 * against the answer's own `Date`, so the bot's clock may differ from GitHub's), or — a
 * secondary limit without either — the minute GitHub's documentation asks for.
 */
import { githubFailure } from "../../github/github-api.ts";

export interface RateLimitAdvice {
  /** `writes`: a secondary limit (content creation); `requests`: the primary limit, reads too. */
  readonly scope: "writes" | "requests";
  /** How long to wait from now. */
  readonly waitMs: number;
}

/** GitHub: "If the retry-after header is not present, wait at least one minute." */
export const fallbackSecondaryWaitMs = 60_000;

function headersOf(error: unknown): Readonly<Record<string, unknown>> {
  const response = (error as { response?: { headers?: unknown } }).response;
  const headers = response?.headers;
  return typeof headers === "object" && headers !== null
    ? (headers as Record<string, unknown>)
    : {};
}

function numberHeader(
  headers: Readonly<Record<string, unknown>>,
  name: string,
): number | undefined {
  const value = headers[name];
  const number = typeof value === "string" || typeof value === "number" ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** The wait an error asks for, or undefined when it is not a rate limit. */
export function rateLimitAdvice(error: unknown, localNow: number): RateLimitAdvice | undefined {
  const failure = githubFailure(error);
  if (failure === undefined || (failure.status !== 403 && failure.status !== 429)) return undefined;
  const headers = headersOf(error);
  const retryAfter = numberHeader(headers, "retry-after");
  if (retryAfter !== undefined) return { scope: "writes", waitMs: Math.max(0, retryAfter * 1000) };
  const remaining = numberHeader(headers, "x-ratelimit-remaining");
  const reset = numberHeader(headers, "x-ratelimit-reset");
  if (remaining === 0 && reset !== undefined) {
    const dateHeader = headers["date"];
    const date = typeof dateHeader === "string" ? Date.parse(dateHeader) : Number.NaN;
    const serverNow = Number.isFinite(date) ? date : localNow;
    // One second more, as GitHub advises: the reset second itself may still be limited.
    return { scope: "requests", waitMs: Math.max(0, reset * 1000 - serverNow) + 1000 };
  }
  if (failure.status === 429 || /secondary rate limit/i.test(failure.message)) {
    return { scope: "writes", waitMs: fallbackSecondaryWaitMs };
  }
  return undefined;
}
