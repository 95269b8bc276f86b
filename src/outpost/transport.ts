/**
 * One HTTP exchange with the Outpost API over undici: headers, JSON in and out, time limits, and
 * every way it can fail turned into a typed error that says whether the request may have
 * reached the server. Retrying is not done here (see retry-loop.ts).
 */
import { setImmediate } from "node:timers/promises";
import type { Dispatcher } from "undici";
import {
  OutpostApiError,
  OutpostError,
  OutpostNetworkError,
  OutpostProtocolError,
  OutpostTimeoutError,
  type RequestSummary,
} from "./errors.ts";
import type { OutpostEventListener } from "./events.ts";
import { parseRetryAfter } from "./retry-policy.ts";

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  /** The operation's id in the description, for events. */
  readonly operation: string;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** The expanded path, e.g. `/acme/service/llama`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Which try of the client call this is, from 1. */
  readonly attempt: number;
  readonly signal?: AbortSignal | undefined;
}

export interface TransportOptions {
  readonly baseUrl: URL;
  readonly authorization: string;
  readonly userAgent: string;
  readonly dispatcher: Dispatcher;
  /** The whole exchange, from sending to the last byte of the answer. */
  readonly requestTimeoutMs: number;
  readonly now: () => number;
  readonly onEvent: OutpostEventListener;
}

// Failures before anything was sent: the server cannot have acted on the request.
const notSentCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
const timeoutCodes = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const droppedCodes = new Set([
  "UND_ERR_SOCKET",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** undici reports how much a socket had written; nothing at all means nothing was sent. */
function nothingWritten(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("socket" in error)) return false;
  const socket = error.socket;
  return (
    typeof socket === "object" &&
    socket !== null &&
    "bytesWritten" in socket &&
    socket.bytesWritten === 0
  );
}

function header(headers: Dispatcher.ResponseData["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `{ error: { code, message, request_id } }`, read leniently: a proxy's error page has none. */
function errorFields(text: string): {
  apiCode: string | undefined;
  apiMessage: string | undefined;
  requestId: string | undefined;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const error =
    typeof parsed === "object" && parsed !== null && "error" in parsed ? parsed.error : undefined;
  const field = (key: string): string | undefined => {
    if (typeof error !== "object" || error === null || !(key in error)) return undefined;
    const value = (error as Record<string, unknown>)[key];
    return typeof value === "string" ? value : undefined;
  };
  return { apiCode: field("code"), apiMessage: field("message"), requestId: field("request_id") };
}

export interface JsonResponse {
  readonly status: number;
  /** The parsed JSON body; undefined for an empty one (204). */
  readonly body: unknown;
}

export class Transport {
  readonly #options: TransportOptions;
  #serverClockOffsetMs = 0;

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /**
   * The server's clock minus ours, from the last `Date` header (whole seconds, so the server's
   * clock may be up to a second later than this says).
   */
  get serverClockOffsetMs(): number {
    return this.#serverClockOffsetMs;
  }

  /** The request as errors show it: method and full URL, nothing else. */
  describe(method: string, pathAndQuery: string): RequestSummary {
    const { baseUrl } = this.#options;
    return {
      method,
      url: `${baseUrl.origin}${baseUrl.pathname.replace(/\/$/, "")}${pathAndQuery}`,
    };
  }

  /** Sends a request and reads its JSON answer; an error status throws `OutpostApiError`. */
  async send(request: HttpRequest): Promise<JsonResponse> {
    const deadline = AbortSignal.timeout(this.#options.requestTimeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    return this.#exchange(request, "application/json", signal, deadline, async (response, url) => {
      const text = await response.body.text();
      await connectionReleased();
      if (text.trim() === "") return { status: response.statusCode, body: undefined };
      try {
        return { status: response.statusCode, body: JSON.parse(text) as unknown };
      } catch (error) {
        throw new OutpostProtocolError(url, "the body is not JSON", error);
      }
    });
  }

  /**
   * Opens a `text/event-stream` answer and yields its bytes. There is no overall deadline (a
   * stream lasts as long as the job); `idleTimeoutMs` without a byte ends it with a timeout.
   */
  async openStream(
    request: HttpRequest,
    idleTimeoutMs: number,
  ): Promise<AsyncGenerator<Uint8Array, void, undefined>> {
    const signal = request.signal ?? null;
    const translate = (error: unknown, url: RequestSummary): unknown =>
      this.#translate(error, url, request.signal, undefined, idleTimeoutMs);
    return this.#exchange(
      request,
      "text/event-stream",
      signal,
      undefined,
      (response, url) => {
        const type = header(response.headers, "content-type") ?? "";
        if (!type.startsWith("text/event-stream")) {
          response.body.destroy();
          throw new OutpostProtocolError(url, `expected text/event-stream, got ${type || "none"}`);
        }
        return Promise.resolve(readBody(response.body, (error) => translate(error, url)));
      },
      idleTimeoutMs,
    );
  }

  async #exchange<T>(
    request: HttpRequest,
    accept: string,
    signal: AbortSignal | null,
    deadline: AbortSignal | undefined,
    read: (response: Dispatcher.ResponseData, url: RequestSummary) => Promise<T>,
    bodyTimeoutMs = this.#options.requestTimeoutMs,
  ): Promise<T> {
    const { baseUrl, now, onEvent } = this.#options;
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) search.set(key, String(value));
    }
    const query = search.size > 0 ? `?${search.toString()}` : "";
    const summary = this.describe(request.method, `${request.path}${query}`);
    const path = summary.url.slice(baseUrl.origin.length);
    const event = {
      operation: request.operation,
      method: request.method,
      path,
      attempt: request.attempt,
    };
    const headers: Record<string, string> = {
      authorization: this.#options.authorization,
      "user-agent": this.#options.userAgent,
      accept,
    };
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers["content-type"] = "application/json";
    }
    onEvent({ type: "request", ...event });
    const started = now();
    let status: number | undefined;
    try {
      const response = await this.#options.dispatcher.request({
        origin: baseUrl.origin,
        path,
        method: request.method,
        headers,
        body: body ?? null,
        signal,
        headersTimeout: this.#options.requestTimeoutMs,
        bodyTimeout: bodyTimeoutMs,
      });
      status = response.statusCode;
      this.#observeDate(header(response.headers, "date"));
      if (status < 200 || status > 299) {
        const error = await this.#apiError(response, summary);
        await connectionReleased();
        throw error;
      }
      const result = await read(response, summary);
      onEvent({
        type: "response",
        ...event,
        status,
        error: undefined,
        durationMs: now() - started,
      });
      return result;
    } catch (error) {
      const translated = this.#translate(error, summary, request.signal, deadline, bodyTimeoutMs);
      onEvent({
        type: "response",
        ...event,
        status,
        error: translated instanceof OutpostError ? translated.code : undefined,
        durationMs: now() - started,
      });
      throw translated;
    }
  }

  async #apiError(
    response: Dispatcher.ResponseData,
    request: RequestSummary,
  ): Promise<OutpostApiError> {
    const text = await response.body.text();
    const fields = errorFields(text);
    const retryAfter = parseRetryAfter(
      header(response.headers, "retry-after"),
      this.#options.now(),
    );
    return new OutpostApiError({
      status: response.statusCode,
      ...fields,
      requestId: fields.requestId ?? header(response.headers, "x-request-id"),
      request,
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
    });
  }

  #observeDate(date: string | undefined): void {
    const parsed = date === undefined ? Number.NaN : Date.parse(date);
    if (!Number.isNaN(parsed)) this.#serverClockOffsetMs = parsed - this.#options.now();
  }

  /** Any failure of an exchange as an `OutpostError`; the caller's own abort passes through. */
  #translate(
    error: unknown,
    request: RequestSummary,
    callerSignal: AbortSignal | undefined,
    deadline: AbortSignal | undefined,
    idleTimeoutMs: number,
  ): unknown {
    if (callerSignal?.aborted) return callerSignal.reason;
    if (error instanceof OutpostError) return error;
    if (deadline?.aborted) {
      return new OutpostTimeoutError(request, this.#options.requestTimeoutMs, error);
    }
    const code = errorCode(error);
    if (code === undefined) return error;
    if (timeoutCodes.has(code)) return new OutpostTimeoutError(request, idleTimeoutMs, error);
    if (notSentCodes.has(code)) return new OutpostNetworkError(request, false, error);
    if (droppedCodes.has(code) || code.startsWith("HPE_")) {
      return new OutpostNetworkError(request, !nothingWritten(error), error);
    }
    return error;
  }
}

/**
 * undici hands over a response's last byte before it frees the connection, which it does on the
 * next turn of the event loop; a request sent before that opens a second connection. Waiting
 * one turn lets sequential calls share one keep-alive connection.
 */
async function connectionReleased(): Promise<void> {
  await setImmediate();
}

/** The body's chunks, with a failure mid-stream translated and the socket released on exit. */
async function* readBody(
  body: Dispatcher.ResponseData["body"],
  translate: (error: unknown) => unknown,
): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } catch (error) {
    throw translate(error);
  } finally {
    body.destroy();
  }
}
