/**
 * One HTTP exchange with the Outpost API over undici: headers, JSON in and out, time limits, and
 * every way it can fail turned into a typed error that says whether the request may have
 * reached the server. Every answer is checked against the description (answer-check.ts) before
 * it is returned, and read with a bound. Retrying is not done here (see retry-loop.ts).
 */
import { setImmediate } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { answerProblem, takenAtStatus, type AnswerBody } from "./answer-check.ts";
import {
  OutpostApiError,
  OutpostError,
  OutpostNetworkError,
  OutpostTimeoutError,
  OutpostUnexpectedResponseError,
  type RequestSummary,
} from "./errors.ts";
import type { OutpostEventListener } from "./events.ts";
import { parseRetryAfter } from "./retry-policy.ts";
import type { OperationId } from "./routes.ts";

export type QueryValue = string | number | boolean | undefined;

export interface HttpRequest {
  /** The operation's id in the description: what its answers are checked against. */
  readonly operation: OperationId;
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

/**
 * The most an answer may hold. The largest the API gives — 10,000 log lines, a page of 100
 * resources — is far below; a server sending more is not the API.
 */
export const maxAnswerBytes = 32 * 1024 * 1024;

/** The body's text, or undefined past `limit` bytes (the rest is not read). */
async function readText(
  body: Dispatcher.ResponseData["body"],
  limit: number,
): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    // Leaving the loop destroys the stream, the rest unread.
    if (size > limit) return undefined;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string, contentType: string | undefined): AnswerBody {
  if (text.trim() === "") return { kind: "empty" };
  try {
    return { kind: "json", value: JSON.parse(text) as unknown };
  } catch {
    return { kind: "not-json", contentType };
  }
}

/** `{ error: { code, message, request_id } }` fields, read leniently: a 5xx from a proxy has none. */
function errorFields(body: AnswerBody): {
  apiCode: string | undefined;
  apiMessage: string | undefined;
  requestId: string | undefined;
} {
  const parsed = body.kind === "json" ? body.value : undefined;
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

  /**
   * Sends a request and reads its JSON answer, checked against the description: an error status
   * throws `OutpostApiError`, an answer the description does not list
   * `OutpostUnexpectedResponseError`.
   */
  async send(request: HttpRequest): Promise<JsonResponse> {
    const deadline = AbortSignal.timeout(this.#options.requestTimeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    return this.#exchange(request, "application/json", signal, deadline, async (response, url) => {
      const body = await this.#readAnswer(response, url);
      const problem = answerProblem(request.operation, response.statusCode, body);
      if (problem !== undefined) {
        throw new OutpostUnexpectedResponseError(url, response.statusCode, problem);
      }
      return { status: response.statusCode, body: body.kind === "json" ? body.value : undefined };
    });
  }

  /** The answer's body, read up to `maxAnswerBytes`; more is an unexpected answer. */
  async #readAnswer(response: Dispatcher.ResponseData, url: RequestSummary): Promise<AnswerBody> {
    const text = await readText(response.body, maxAnswerBytes);
    await connectionReleased();
    if (text === undefined) {
      throw new OutpostUnexpectedResponseError(
        url,
        response.statusCode,
        `${response.statusCode} with a body over ${maxAnswerBytes / 1024 / 1024} MiB`,
      );
    }
    return parseBody(text, header(response.headers, "content-type"));
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
          // Not read: dropped. Destroying it emits an abort error that nobody else listens to.
          response.body.on("error", () => undefined);
          response.body.destroy();
          const what = type === "" ? "no content type" : type.slice(0, 60);
          throw new OutpostUnexpectedResponseError(
            url,
            response.statusCode,
            `${response.statusCode} with ${what}, not the event stream asked for`,
          );
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
      if (status < 200 || status > 299) throw await this.#errorAnswer(request, response, summary);
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

  /**
   * What an error status means: the API's error (`OutpostApiError`), or, when the operation
   * does not list the status or the body is not the API's error, an unexpected answer. 429 and
   * 5xx are the API's whatever their body (answer-check.ts says why).
   */
  async #errorAnswer(
    request: HttpRequest,
    response: Dispatcher.ResponseData,
    url: RequestSummary,
  ): Promise<OutpostApiError | OutpostUnexpectedResponseError> {
    const status = response.statusCode;
    const body = await this.#readAnswer(response, url);
    if (!takenAtStatus(status)) {
      const problem = answerProblem(request.operation, status, body);
      if (problem !== undefined) return new OutpostUnexpectedResponseError(url, status, problem);
    }
    const fields = errorFields(body);
    const retryAfter = parseRetryAfter(
      header(response.headers, "retry-after"),
      this.#options.now(),
    );
    return new OutpostApiError({
      status,
      ...fields,
      requestId: fields.requestId ?? header(response.headers, "x-request-id"),
      request: url,
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
