/**
 * The part of Octokit that src/github uses — `request(route, parameters)` — so any
 * `@octokit/core`-compatible client fits (`getOctokit` of `@actions/github`, a Probot context's
 * `octokit`), with their plugins (retries, throttling) left in charge of transient failures.
 * And how its errors read: GitHub's status, message and request id, and whether an answer means
 * "this token may not do that" rather than a rate limit or an outage.
 */

export interface GitHubResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | undefined>>;
  readonly data: unknown;
}

export interface GitHubApi {
  request(route: string, parameters?: Readonly<Record<string, unknown>>): Promise<GitHubResponse>;
}

export interface GitHubFailure {
  readonly status: number;
  readonly message: string;
  readonly requestId: string | undefined;
  /** The permissions GitHub says the endpoint accepts (`x-accepted-github-permissions`). */
  readonly acceptedPermissions: string | undefined;
  readonly rateLimited: boolean;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** GitHub's answer in an Octokit `RequestError`; undefined for other errors (network, bugs). */
export function githubFailure(error: unknown): GitHubFailure | undefined {
  const fields = record(error);
  const status = fields?.["status"];
  if (!(error instanceof Error) || !fields || typeof status !== "number") return undefined;
  const response = record(fields["response"]);
  const headers = record(response?.["headers"]) ?? {};
  const data = record(response?.["data"]);
  const message = typeof data?.["message"] === "string" ? data["message"] : error.message;
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
  };
  return {
    status,
    message,
    requestId: header("x-github-request-id"),
    acceptedPermissions: header("x-accepted-github-permissions"),
    rateLimited:
      status === 429 ||
      header("retry-after") !== undefined ||
      header("x-ratelimit-remaining") === "0" ||
      /rate limit/i.test(message),
  };
}

/**
 * Whether GitHub refused for want of permission: a 403 that is not a rate limit, or a 404 —
 * GitHub hides what a token may not see — on the repository's own endpoints.
 */
export function isPermissionDenied(failure: GitHubFailure): boolean {
  if (failure.rateLimited) return false;
  return failure.status === 403 || failure.status === 404;
}
