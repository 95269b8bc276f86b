/**
 * What the Outpost client throws. Every error has a stable `code`; none carries a credential, a
 * request header or a request body (bodies hold `env`, which holds secrets), only the method and
 * URL of the request that failed.
 */

/** The request an error is about: method and URL, never headers or body. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
}

export type OutpostErrorCode =
  | "OUTPOST_API_ERROR"
  | "OUTPOST_NETWORK_ERROR"
  | "OUTPOST_TIMEOUT"
  | "OUTPOST_UNEXPECTED_RESPONSE"
  | "OUTPOST_INVALID_CREDENTIALS";

export abstract class OutpostError extends Error {
  abstract readonly code: OutpostErrorCode;
}

/** `{ cause }` only when there is one, so that errors without a cause show none. */
function withCause(cause: unknown): ErrorOptions | undefined {
  return cause === undefined ? undefined : { cause };
}

function describe(request: RequestSummary): string {
  return `${request.method} ${request.url}`;
}

/** An error about one request, which it names (method and URL only). */
export abstract class OutpostRequestError extends OutpostError {
  readonly request: RequestSummary;

  constructor(message: string, request: RequestSummary, cause: unknown) {
    super(`${message} (${describe(request)})`, withCause(cause));
    this.request = request;
  }
}

export interface OutpostApiErrorDetails {
  readonly status: number;
  /** The API's own error code (`error.code`), e.g. `invalid_request`; absent when the body had none. */
  readonly apiCode: string | undefined;
  /** The API's own message (`error.message`). */
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly request: RequestSummary;
  /** Seconds the server asked us to wait (`Retry-After`), when it said. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** The API answered with an error status (4xx, 5xx). */
export class OutpostApiError extends OutpostRequestError {
  readonly code = "OUTPOST_API_ERROR";
  readonly status: number;
  readonly apiCode: string | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: OutpostApiErrorDetails) {
    const code = details.apiCode === undefined ? "" : ` ${details.apiCode}`;
    const id = details.requestId === undefined ? "" : `; request ${details.requestId}`;
    super(
      `Outpost API ${details.status}${code}: ${details.apiMessage ?? "no error message"}${id}`,
      details.request,
      details.cause,
    );
    this.name = "OutpostApiError";
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** The connection failed: refused, reset, or dropped before the whole answer arrived. */
export class OutpostNetworkError extends OutpostRequestError {
  readonly code = "OUTPOST_NETWORK_ERROR";
  /**
   * False only when the request certainly never reached the server (connection refused, name
   * not resolved, nothing written); a write may then be sent again without checking first.
   */
  readonly mayHaveReachedServer: boolean;

  constructor(request: RequestSummary, mayHaveReachedServer: boolean, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Could not reach the Outpost API: ${reason}`, request, cause);
    this.name = "OutpostNetworkError";
    this.mayHaveReachedServer = mayHaveReachedServer;
  }
}

/** No (complete) answer within the time allowed; the request may have reached the server. */
export class OutpostTimeoutError extends OutpostRequestError {
  readonly code = "OUTPOST_TIMEOUT";
  readonly timeoutMs: number;
  readonly mayHaveReachedServer = true;

  constructor(request: RequestSummary, timeoutMs: number, cause?: unknown) {
    super(`The Outpost API did not answer within ${timeoutMs} ms`, request, cause);
    this.name = "OutpostTimeoutError";
    this.timeoutMs = timeoutMs;
  }
}

/**
 * An answer the description does not list for the request (see answer-check.ts): a body that is
 * not JSON or not of the described shape, a status the API does not give, an error page that is
 * not the API's error. The message says what was wrong, never what the body held (it may hold
 * anything, a secret included). Retried like a 5xx; it may have taken effect on the server.
 */
export class OutpostUnexpectedResponseError extends OutpostRequestError {
  readonly code = "OUTPOST_UNEXPECTED_RESPONSE";
  /** The status of the answer; undefined for a stream event. */
  readonly status: number | undefined;
  readonly problem: string;

  // No `cause`: a JSON parser's error quotes the body.
  constructor(request: RequestSummary, status: number | undefined, problem: string) {
    super(`Unexpected answer from the Outpost API: ${problem}`, request, undefined);
    this.name = "OutpostUnexpectedResponseError";
    this.status = status;
    this.problem = problem;
  }
}

/** Credentials that cannot be sent; the message never repeats the value given. */
export class OutpostCredentialsError extends OutpostError {
  readonly code = "OUTPOST_INVALID_CREDENTIALS";

  constructor(message: string) {
    super(message);
    this.name = "OutpostCredentialsError";
  }
}
