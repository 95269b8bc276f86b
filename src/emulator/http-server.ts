/**
 * The HTTP transport of the emulated API (node:http): route by the description, inject faults,
 * authenticate, validate, call the handler, and answer — JSON, the documented error body, or a
 * server-sent event stream. With `validateResponses`, an answer that drifts from the description
 * is replaced by a 500 that says so, and reported, so drift fails tests loudly.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import {
  matchOperation,
  validateResponse,
  type MatchedOperation,
  type Operation,
} from "../outpost/description.ts";
import { ApiError, badRequest, conflict, notFound } from "./api-error.ts";
import type { Authenticator } from "./auth.ts";
import { toTimestamp } from "./clock.ts";
import type { FaultDecision, Faults } from "./faults.ts";
import type { ApiResponse, EventPull, JsonResponse, ServerSentEvent } from "./handler.ts";
import { validateRequest } from "./request-validation.ts";
import { handlers } from "./routes.ts";
import type { EmulatorState } from "./state.ts";
import type { RequestRecord, Stats } from "./stats.ts";

export interface ApiServerOptions {
  readonly state: EmulatorState;
  readonly authenticator: Authenticator;
  readonly faults: Faults;
  readonly stats: Stats;
  readonly validateResponses: boolean;
  /** Real milliseconds between two polls of a log stream. */
  readonly streamPollMs: number;
  /** Called with each answered (or dropped) request. */
  readonly onRequest?: (record: RequestRecord) => void;
  /** Called when an answer drifted from the description. */
  readonly onDrift: (message: string) => void;
}

export interface ApiServer {
  handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void>;
  /** Ends open log streams and pending latencies (when the emulator closes). */
  shutdown(): void;
}

const maxBodyBytes = 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) throw badRequest("The request body is larger than 1 MiB.");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest("The request body is not valid JSON.");
  }
}

function errorBody(error: ApiError, requestId: string) {
  return { error: { code: error.code, message: error.message, request_id: requestId } };
}

function injected(decision: FaultDecision): ApiError | undefined {
  switch (decision.kind) {
    case "rate_limit":
      return new ApiError(
        429,
        "rate_limited",
        "Rate limit exceeded. Retry after the time in Retry-After.",
        {
          "retry-after": String(decision.retryAfterSeconds),
        },
      );
    case "error":
      return new ApiError(
        500,
        "internal_error",
        "Internal server error: Seed orchestration failure.",
      );
    case "conflict":
      return conflict("conflict", "The resource is in an incompatible state; retry later.");
    case "drop":
    case "drop_after":
    case undefined:
      return undefined;
  }
}

function send(response: ServerResponse, answer: JsonResponse): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    response.setHeader(name, value);
  }
  if (answer.body === undefined) {
    response.writeHead(answer.status).end();
    return;
  }
  response.writeHead(answer.status, { "content-type": "application/json" });
  response.end(JSON.stringify(answer.body));
}

function formatEvent(event: ServerSentEvent): string {
  return `event: ${event.event}\n${event.id !== undefined ? `id: ${event.id}\n` : ""}data: ${event.data}\n\n`;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const { state, authenticator, faults, stats } = options;
  const closing = new AbortController();
  const streams = new Set<() => void>();

  function record(entry: RequestRecord): void {
    stats.record(entry);
    options.onRequest?.(entry);
  }

  function answerOf(op: Operation, response: ApiResponse, requestId: string): ApiResponse {
    if (!options.validateResponses || "events" in response) return response;
    const problems = validateResponse(op, response.status, response.body);
    if (problems.length === 0) return response;
    const message = `The emulator's ${response.status} answer to ${op.operationId} drifted from the description: ${problems
      .map((p) => `${p.at} ${p.message}`)
      .join("; ")}`;
    options.onDrift(message);
    return {
      status: 500,
      body: errorBody(new ApiError(500, "internal_error", message), requestId),
    };
  }

  function stream(response: ServerResponse, pull: EventPull): void {
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    let heartbeat = Date.now();
    const stop = () => {
      clearInterval(timer);
      streams.delete(stop);
      if (!response.writableEnded) response.end();
    };
    const tick = () => {
      if (response.destroyed) return stop();
      const { events, done } = pull();
      if (events.length > 0) response.write(events.map(formatEvent).join(""));
      else if (Date.now() - heartbeat > 15_000) response.write(": keep-alive\n\n");
      heartbeat = events.length > 0 ? Date.now() : heartbeat;
      if (done) stop();
    };
    const timer = setInterval(tick, options.streamPollMs);
    streams.add(stop);
    // The response closes when the client goes away (the request closed when its body was read).
    response.on("close", stop);
    tick();
  }

  /** Authenticates, validates and runs the handler; every failure becomes its error answer. */
  async function execute(
    request: IncomingMessage,
    url: URL,
    match: MatchedOperation,
    decision: FaultDecision,
  ): Promise<ApiResponse | "dropped"> {
    const op = match.operation;
    const text = await readBody(request);
    if (decision.kind === "drop") return "dropped";
    const fault = injected(decision);
    if (fault) throw fault;
    const namespace = match.pathParameters["namespace"] ?? "";
    authenticator.authorize(authenticator.authenticate(request.headers.authorization), namespace);
    const body = parseJson(text);
    const query = validateRequest(op, match.pathParameters, url.searchParams, body);
    const handler = handlers[op.operationId];
    if (!handler) throw new Error(`No handler for ${op.operationId}`);
    const name = match.pathParameters["name"] ?? "";
    return handler(state, { operationId: op.operationId, namespace, name, query, body });
  }

  function errorAnswer(error: unknown, requestId: string): JsonResponse {
    if (!(error instanceof ApiError)) console.error("outpost emulator:", error);
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(500, "internal_error", "Internal server error: Seed orchestration failure.");
    return {
      status: apiError.status,
      body: errorBody(apiError, requestId),
      headers: apiError.headers,
    };
  }

  async function handle(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const requestId = state.ids.request();
    const method = (request.method ?? "GET").toUpperCase();
    const at = toTimestamp(state.clock.now());
    const base = { at, method, path: `${url.pathname}${url.search}`, requestId };
    response.setHeader("x-request-id", requestId);
    // The emulator's clock is its server's clock: clients judge timestamps against it.
    response.setHeader("date", new Date(state.clock.now()).toUTCString());
    const match = matchOperation(method, url.pathname);
    if (!match.operation) {
      const message = match.pathKnown
        ? `${method} is not an operation of ${url.pathname}.`
        : `No Outpost operation at ${method} ${url.pathname}.`;
      record({ ...base, operationId: undefined, status: 404, fault: undefined });
      return send(response, errorAnswer(notFound(message), requestId));
    }
    const op = match.operation;
    const decision = faults.decide(op);
    const recorded = { ...base, operationId: op.operationId, fault: decision.kind };
    if (decision.latencyMs > 0) {
      const elapsed = await delay(decision.latencyMs, true, { signal: closing.signal }).catch(
        () => false,
      );
      if (!elapsed) return;
    }
    const answer = await execute(request, url, match, decision).catch((error: unknown) =>
      errorAnswer(error, requestId),
    );
    if (answer === "dropped" || decision.kind === "drop_after") {
      request.socket.destroy();
      record({ ...recorded, status: "dropped" });
      return;
    }
    const final = answerOf(op, answer, requestId);
    record({ ...recorded, status: final.status });
    if ("events" in final) return stream(response, final.events);
    send(response, final);
  }

  return {
    handle,
    shutdown() {
      closing.abort();
      for (const stop of [...streams]) stop();
    },
  };
}
