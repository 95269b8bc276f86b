/**
 * A scripted HTTP server for the Outpost client's tests: each request is recorded and answered
 * by the test's handler, which may also misbehave on purpose (drop the connection, never
 * answer, stream events and then cut the stream). Not an emulator: it knows no API rules.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  /** The parsed JSON body, if any. */
  readonly body: unknown;
  /** Which connection it came on (1, 2, …), to see keep-alive at work. */
  readonly connection: number;
}

export type FakeReply =
  /** A JSON answer (an empty body when `body` is undefined). */
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: unknown;
    }
  /** A body sent as it is, not as JSON: an HTML page, truncated JSON. */
  | {
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly raw: string;
    }
  /** A `text/event-stream` answer: the chunks, then close the stream, drop the socket or go silent. */
  | { readonly stream: readonly string[]; readonly then: "close" | "drop" | "hang" }
  /** Destroy the connection without answering. */
  | { readonly drop: true }
  /** Never answer. */
  | { readonly hang: true };

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface FakeOutpost {
  readonly url: string;
  readonly requests: FakeRequest[];
  /** Connections accepted so far. */
  readonly connections: () => number;
  close(): Promise<void>;
}

export function errorReply(
  status: number,
  code: string,
  message: string,
  requestId = "req_0123456789ab",
  headers: Readonly<Record<string, string>> = {},
): FakeReply {
  return { status, headers, body: { error: { code, message, request_id: requestId } } };
}

function answer(response: ServerResponse, socket: Socket, reply: FakeReply): void {
  if ("drop" in reply) {
    socket.destroy();
    return;
  }
  if ("hang" in reply) return;
  if ("stream" in reply) {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (const chunk of reply.stream) response.write(chunk);
    if (reply.then === "close") response.end();
    // Let the written chunks leave before the connection is cut.
    else if (reply.then === "drop") socket.end(() => socket.destroy());
    return;
  }
  if ("raw" in reply) {
    response.writeHead(reply.status, { ...reply.headers });
    response.end(reply.raw);
    return;
  }
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...(text === "" ? {} : { "content-type": "application/json" }),
    ...reply.headers,
  });
  response.end(text);
}

/** Starts the server on 127.0.0.1, on `port` (default: any free one). */
export async function startFakeOutpost(handler: FakeHandler, port = 0): Promise<FakeOutpost> {
  const requests: FakeRequest[] = [];
  const sockets = new Map<Socket, number>();
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const url = new URL(incoming.url ?? "/", "http://fake");
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const socket = incoming.socket;
      const request: FakeRequest = {
        method: incoming.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        rawBody,
        body: rawBody === "" ? undefined : JSON.parse(rawBody),
        connection: sockets.get(socket) ?? 0,
      };
      requests.push(request);
      void Promise.resolve(handler(request)).then(
        (reply) => answer(response, socket, reply),
        (error: unknown) => {
          response.writeHead(500, { "content-type": "text/plain" });
          response.end(String(error));
        },
      );
    });
  });
  server.on("connection", (socket: Socket) => sockets.set(socket, sockets.size + 1));
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(address.port)}`,
    requests,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A handler answering each `METHOD /path` from its own list of replies, in order (the last one
 * repeats); requests nobody scripted get a 599 so that a test sees them.
 */
export function scripted(replies: Readonly<Record<string, readonly FakeReply[]>>): FakeHandler {
  const used = new Map<string, number>();
  return (request) => {
    const key = `${request.method} ${request.path}`;
    const list = replies[key];
    if (!list || list.length === 0) return errorReply(599, "unscripted", key);
    const index = used.get(key) ?? 0;
    used.set(key, index + 1);
    return list[Math.min(index, list.length - 1)] as FakeReply;
  };
}

/** Answer headers worth passing on through `forwardTo`. */
const forwardedHeaders = ["content-type", "retry-after", "date", "x-request-id"];

/**
 * Sends a request on to a real server (an emulator) and returns its answer as it came: a test
 * server in front of the emulator that passes most requests through and misanswers some.
 */
export async function forwardTo(url: string, request: FakeRequest): Promise<FakeReply> {
  const query = request.query.size > 0 ? `?${request.query.toString()}` : "";
  const headers: Record<string, string> = {};
  for (const name of ["authorization", "content-type", "accept"]) {
    const value = request.headers[name];
    if (typeof value === "string") headers[name] = value;
  }
  const response = await fetch(`${url}${request.path}${query}`, {
    method: request.method,
    headers,
    ...(request.rawBody === "" ? {} : { body: request.rawBody }),
  });
  const text = await response.text();
  if (response.headers.get("content-type")?.startsWith("text/event-stream")) {
    return { stream: [text], then: "close" };
  }
  const passed: Record<string, string> = {};
  for (const name of forwardedHeaders) {
    const value = response.headers.get(name);
    if (value !== null) passed[name] = value;
  }
  return { status: response.status, headers: passed, raw: text };
}
