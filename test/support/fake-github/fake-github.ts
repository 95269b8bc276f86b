/**
 * A fake GitHub REST API on 127.0.0.1 for tests. Every request is matched to an operation of
 * GitHub's published description and checked against it (path and query parameters, JSON body,
 * credentials) before a handler sees it; whatever does not pass is answered as GitHub would
 * (404, 401, 422) and recorded in `rejections`, so a test that ends with no rejections has only
 * sent requests GitHub accepts. Answers of implemented operations are checked against the
 * description's response schemas too (`responseProblems`). Valid requests for operations the fake
 * does not implement get a 501 naming the operation, and count as rejections.
 *
 *   const github = await startFakeGitHub({ repositories: [{ fullName: "acme/app" }] });
 *   const token = github.state.issueActionsToken("acme/app");
 *   const octokit = getOctokit(token, { baseUrl: github.url });
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRepositoryAccess } from "./access.ts";
import { authenticate, type Caller } from "./caller.ts";
import {
  descriptionLoadMs,
  matchOperation,
  validatePathParameters,
  validateQuery,
  validateRequestBody,
  validateResponse,
  type Operation,
  type SchemaProblem,
} from "./github-description.ts";
import { errorReply, invalidRequest, notFound, type Reply } from "./github-error.ts";
import { routes } from "./implemented-routes.ts";
import { RateLimits, type RateLimitInjection } from "./rate-limit.ts";
import type { Route, RouteContext } from "./route.ts";
import { GitHubState, type AppSeed, type InstallationSeed, type RepositorySeed } from "./state.ts";

export interface FakeGitHubOptions {
  /** The GitHub App whose JWTs and installation tokens the fake accepts. */
  readonly app?: AppSeed;
  readonly installations?: readonly InstallationSeed[];
  readonly repositories?: readonly RepositorySeed[];
  /** The fake's clock in epoch milliseconds (timestamps, token and JWT expiry, rate-limit windows). */
  readonly now?: () => number;
  /**
   * GitHub ignores body properties its description does not define; by default the fake refuses
   * them so that a misspelt field fails a test instead of being silently dropped.
   */
  readonly unknownFields?: "reject" | "allow";
}

export interface RecordedRequest {
  readonly method: string;
  /** The path as received, without the query. */
  readonly path: string;
  readonly query: string;
  readonly operationId: string | undefined;
  readonly status: number;
  /** The parsed JSON body, if any (headers, and so credentials, are never recorded). */
  readonly body: unknown;
  readonly caller: Caller["kind"] | undefined;
}

export interface Rejection {
  readonly method: string;
  readonly path: string;
  readonly operationId: string | undefined;
  readonly status: number;
  readonly reason: string;
  readonly problems: readonly SchemaProblem[];
}

export interface ResponseProblem {
  readonly operationId: string;
  readonly status: number;
  readonly problems: readonly SchemaProblem[];
}

export interface LatencyInjection {
  /** Only requests of this operation (e.g. `issues/list-comments`); default every request. */
  readonly operationId?: string;
  /** How long the answer waits, in real milliseconds. */
  readonly ms: number;
  /** How many requests it delays; default every one until `clearDelays`. */
  readonly times?: number;
}

export interface ErrorInjection {
  /** Only requests of this operation; default every request. */
  readonly operationId?: string;
  /** 500, 502, 503 or 504. */
  readonly status: 500 | 502 | 503 | 504;
  /** How many requests it hits (default 1). */
  readonly times?: number;
}

export interface FakeGitHub extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: Octokit's `baseUrl`. Paths under `/api/v3` work too. */
  readonly url: string;
  /** Seed and inspect: repositories, files, pull requests, collaborators, tokens, installations. */
  readonly state: GitHubState;
  /** Every request, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests GitHub would refuse, or that the fake cannot answer (501). */
  readonly rejections: readonly Rejection[];
  /** Answers of the fake that do not match the description: bugs of the fake. */
  readonly responseProblems: readonly ResponseProblem[];
  /** How many non-GET requests were made, of one operation or in all. */
  writes(operationId?: string): number;
  /** Non-GET requests by operationId. */
  writeCounts(): Readonly<Record<string, number>>;
  /** Answers the next matching request(s) with a rate limit. */
  injectRateLimit(injection: RateLimitInjection): void;
  /** Delays the answers of matching requests: GitHub answering slowly. */
  delay(injection: LatencyInjection): void;
  clearDelays(): void;
  /** Requests received and not answered yet (delayed), of one operation or in all. */
  inFlight(operationId?: string): number;
  /** Answers the next matching request(s) with a server error, as GitHub sometimes does. */
  injectError(injection: ErrorInjection): void;
  /** Told of every request once it is answered, in order (a test reacting to what a client did). */
  onRequest(listener: (request: RecordedRequest) => void): void;
  /** Milliseconds this process spent loading GitHub's description (once per process). */
  readonly descriptionLoadMs: number;
  close(): Promise<void>;
}

const maxBodyBytes = 5 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

interface Outcome {
  readonly reply: Reply;
  readonly operation?: Operation;
  readonly caller?: Caller;
  readonly body?: unknown;
  readonly rejection?: { readonly reason: string; readonly problems?: readonly SchemaProblem[] };
  readonly rateHeaders?: Readonly<Record<string, string>>;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const loadMs = descriptionLoadMs();
  const now = options.now ?? Date.now;
  const state = new GitHubState(now);
  if (options.app) state.setApp(options.app);
  for (const repository of options.repositories ?? []) state.addRepository(repository);
  for (const installation of options.installations ?? []) state.addInstallation(installation);
  const rateLimits = new RateLimits(now);
  const strictObjects = (options.unknownFields ?? "reject") === "reject";
  const requests: RecordedRequest[] = [];
  const rejections: Rejection[] = [];
  const responseProblems: ResponseProblem[] = [];
  const writes = new Map<string, number>();
  const delays: { injection: LatencyInjection; left: number }[] = [];
  const listeners: ((request: RecordedRequest) => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Map<string, number>();
  const errors: { injection: ErrorInjection; left: number }[] = [];

  function takeError(operationId: string | undefined): ErrorInjection | undefined {
    const index = errors.findIndex(
      (e) => e.left > 0 && (e.injection.operationId ?? operationId) === operationId,
    );
    const found = errors[index];
    if (found === undefined) return undefined;
    found.left -= 1;
    if (found.left === 0) errors.splice(index, 1);
    return found.injection;
  }
  let base = "";

  /** The wait for a request of this operation, taking one use of a limited injection. */
  function latencyOf(operationId: string | undefined): number {
    const index = delays.findIndex(
      (d) => d.left > 0 && (d.injection.operationId ?? operationId) === operationId,
    );
    const found = delays[index];
    if (found === undefined) return 0;
    found.left -= 1;
    if (found.left === 0) delays.splice(index, 1);
    return found.injection.ms;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function process(
    method: string,
    url: URL,
    pathname: string,
    headers: IncomingMessage["headers"],
    text: string,
  ): Outcome {
    const matched = matchOperation(method, pathname);
    if (!matched) {
      return {
        reply: notFound(),
        rejection: { reason: `no operation of GitHub's description is ${method} ${pathname}` },
      };
    }
    const { operation } = matched;
    if (method !== "GET")
      writes.set(operation.operationId, (writes.get(operation.operationId) ?? 0) + 1);
    const authentication = authenticate(state, headers.authorization);
    if (!authentication.ok) {
      return {
        operation,
        reply: errorReply(401, authentication.message),
        rejection: { reason: authentication.message },
      };
    }
    const { caller } = authentication;
    const rate = rateLimits.take(caller, operation.operationId);
    if (rate.limited) return { operation, caller, reply: rate.limited, rateHeaders: rate.headers };
    const withRate = (outcome: Omit<Outcome, "operation" | "caller" | "rateHeaders">): Outcome => ({
      ...outcome,
      operation,
      caller,
      rateHeaders: rate.headers,
    });
    let body: unknown;
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        return withRate({
          reply: errorReply(400, "Problems parsing JSON", operation.documentationUrl),
          rejection: { reason: "the body is not JSON" },
        });
      }
    }
    const pathParameters = validatePathParameters(operation, matched.pathParameters);
    const query = validateQuery(operation, url.searchParams);
    const bodyProblems =
      operation.hasRequestBody && (body !== undefined || operation.requestBodyRequired)
        ? validateRequestBody(operation, body ?? {}, strictObjects)
        : body !== undefined
          ? [{ at: "/", message: `${operation.operationId} takes no request body` }]
          : [];
    const problems = [
      ...pathParameters.problems,
      ...query.problems,
      ...bodyProblems.map((p) => ({ at: `body${p.at === "/" ? "" : p.at}`, message: p.message })),
    ];
    if (problems.length > 0) {
      return withRate({
        body,
        reply: invalidRequest(operation.documentationUrl, problems),
        rejection: { reason: "not valid under GitHub's description", problems },
      });
    }
    const route = routes[operation.operationId];
    if (!route) {
      const message = `The fake GitHub does not implement ${operation.operationId} (${method} ${operation.path}); the request was valid. Add a handler under test/support/fake-github/routes/.`;
      return withRate({
        body,
        reply: errorReply(501, message, operation.documentationUrl),
        rejection: { reason: message },
      });
    }
    const asApp = route.scope === "app" || route.scope === "app-repository";
    if (asApp && caller.kind !== "app") {
      const message = "A JSON web token could not be decoded";
      return withRate({
        body,
        reply: errorReply(401, message, operation.documentationUrl),
        rejection: { reason: `${operation.operationId} needs the app's JWT, not a token` },
      });
    }
    if (!asApp && caller.kind === "app") {
      return withRate({
        body,
        reply: errorReply(
          403,
          "Resource not accessible by integration",
          operation.documentationUrl,
        ),
        rejection: {
          reason: `${operation.operationId} needs an installation token, not the app's JWT`,
        },
      });
    }
    const context: RouteContext = {
      state,
      api: base,
      caller,
      operation,
      path: pathParameters.values,
      query: query.values,
      body: (body ?? {}) as Record<string, unknown>,
      url,
      accept: headers.accept ?? "application/json",
    };
    const reply = answer(route, context, caller, operation);
    // A handler's 400/422 is GitHub refusing a request its rules forbid (a description too long,
    // a ref that names no commit): a request the client should not have sent.
    const semantic = reply.status === 422 || reply.status === 400;
    return withRate({
      body,
      reply,
      ...(semantic ? { rejection: { reason: JSON.stringify(reply.body) } } : {}),
    });
  }

  function answer(
    route: Route,
    context: RouteContext,
    caller: Caller,
    operation: Operation,
  ): Reply {
    if (route.scope === "app") return route.handle(context);
    const repository = state.repository(
      `${String(context.path["owner"])}/${String(context.path["repo"])}`,
    );
    if (!repository) return notFound(operation.documentationUrl);
    if (route.scope === "repository") {
      const installation = state.installationFor(repository);
      const installed =
        caller.kind === "installation" && installation?.id === caller.installation.id;
      const refused = checkRepositoryAccess(caller, repository, operation, installed);
      if (refused) return refused;
    }
    return route.handle({ ...context, repository });
  }

  function checkResponse(outcome: Outcome): void {
    const { operation, reply } = outcome;
    if (!operation || !routes[operation.operationId] || reply.text !== undefined) return;
    const problems = validateResponse(operation, reply.status, reply.body);
    if (problems.length > 0)
      responseProblems.push({ operationId: operation.operationId, status: reply.status, problems });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? "GET").toUpperCase();
    const url = new URL(request.url ?? "/", base);
    const pathname = url.pathname.replace(/^\/api\/v3(?=\/)/, "");
    const text = await readBody(request);
    const operationId = matchOperation(method, pathname)?.operation.operationId;
    const latency = latencyOf(operationId);
    if (latency > 0) {
      const key = operationId ?? "";
      pending.set(key, (pending.get(key) ?? 0) + 1);
      await sleep(latency);
      pending.set(key, (pending.get(key) ?? 1) - 1);
    }
    let outcome: Outcome;
    const injected = takeError(operationId);
    try {
      outcome =
        injected === undefined
          ? process(method, url, pathname, request.headers, text)
          : { reply: errorReply(injected.status, "Server Error") };
    } catch (error) {
      const message = `The fake GitHub failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      outcome = { reply: errorReply(500, message), rejection: { reason: message } };
    }
    const { reply, operation } = outcome;
    checkResponse(outcome);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      operationId: operation?.operationId,
      status: reply.status,
      body: outcome.body,
      caller: outcome.caller?.kind,
    };
    requests.push(recorded);
    if (outcome.rejection) {
      rejections.push({
        method,
        path: url.pathname,
        operationId: operation?.operationId,
        status: reply.status,
        reason: outcome.rejection.reason,
        problems: outcome.rejection.problems ?? [],
      });
    }
    const headers: Record<string, string> = {
      // On the fake's clock, as its timestamps are.
      date: new Date(now()).toUTCString(),
      "x-github-request-id": randomUUID().toUpperCase(),
      "x-github-api-version-selected": "2022-11-28",
      ...outcome.rateHeaders,
      ...reply.headers,
    };
    if (reply.text !== undefined) {
      response.writeHead(reply.status, { "content-type": "text/plain; charset=utf-8", ...headers });
      response.end(reply.text);
    } else if (reply.body === undefined) {
      response.writeHead(reply.status, headers);
      response.end();
    } else {
      response.writeHead(reply.status, {
        "content-type": "application/json; charset=utf-8",
        ...headers,
      });
      response.end(JSON.stringify(reply.body));
    }
    for (const listener of listeners) listener(recorded);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return {
    url: base,
    state,
    requests,
    rejections,
    responseProblems,
    writes: (operationId) =>
      operationId === undefined
        ? [...writes.values()].reduce((a, b) => a + b, 0)
        : (writes.get(operationId) ?? 0),
    writeCounts: () => Object.fromEntries(writes),
    injectRateLimit: (injection) => rateLimits.inject(injection),
    delay: (injection) =>
      delays.push({ injection, left: injection.times ?? Number.POSITIVE_INFINITY }),
    clearDelays: () => {
      delays.length = 0;
    },
    inFlight: (operationId) =>
      operationId === undefined
        ? [...pending.values()].reduce((a, b) => a + b, 0)
        : (pending.get(operationId) ?? 0),
    injectError: (injection) => errors.push({ injection, left: injection.times ?? 1 }),
    onRequest: (listener) => {
      listeners.push(listener);
    },
    descriptionLoadMs: loadMs,
    close,
    [Symbol.asyncDispose]: close,
  };
}
