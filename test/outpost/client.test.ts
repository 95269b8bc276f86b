import { test } from "node:test";
import assert from "node:assert/strict";
import { userAgent } from "../../src/version.ts";
import {
  matchOperation,
  validateQuery,
  validateRequestBody,
} from "../../src/outpost/description.ts";
import {
  OutpostApiError,
  OutpostNetworkError,
  OutpostTimeoutError,
} from "../../src/outpost/errors.ts";
import {
  errorReply,
  scripted,
  startFakeOutpost,
  type FakeHandler,
} from "../support/fake-outpost.ts";
import {
  eventsOf,
  testClient,
  testToken,
  withFakeOutpost,
} from "../support/outpost-test-client.ts";
import { operationCases as cases, seedResponse } from "../support/operation-cases.ts";

const service = "llama-3-serving";
const job = "finetune-llama-3-r1";

test("every operation sends the described request and returns the parsed answer", async () => {
  const replies = Object.fromEntries(
    cases.map((c) => [
      `${c.method} ${c.path}`,
      [{ status: c.status, body: c.endpoint === undefined ? undefined : seedResponse(c.endpoint) }],
    ]),
  );
  await withFakeOutpost(scripted(replies), {}, async ({ server, client }) => {
    for (const [i, c] of cases.entries()) {
      const result = await c.call(client);
      const expected = c.endpoint === undefined ? undefined : seedResponse(c.endpoint);
      assert.deepEqual(result, expected, c.operation);

      const received = server.requests[i];
      assert.ok(received, c.operation);
      assert.equal(received.method, c.method, c.operation);
      assert.equal(received.path, c.path, c.operation);
      assert.deepEqual(Object.fromEntries(received.query), c.query ?? {}, c.operation);
      assert.deepEqual(received.body, c.body, c.operation);
      assert.equal(received.headers.authorization, `Bearer ${testToken}`, c.operation);
      assert.equal(received.headers["user-agent"], userAgent, c.operation);
      assert.equal(received.headers.accept, "application/json", c.operation);
      assert.equal(
        received.headers["content-type"],
        c.body === undefined ? undefined : "application/json",
        c.operation,
      );

      // The request is what the description says this operation takes.
      const match = matchOperation(received.method, received.path);
      assert.equal(match.operation?.operationId, c.operation);
      if (match.operation) {
        assert.deepEqual(validateQuery(match.operation, received.query).problems, []);
        if (c.body !== undefined) {
          assert.deepEqual(validateRequestBody(match.operation, received.body), []);
        }
      }
    }
    assert.equal(server.requests.length, cases.length);
  });
});

test("an API key is sent as `API-Key name$secret`; a comment extends the user agent", async () => {
  await withFakeOutpost(
    () => ({
      status: 200,
      body: seedResponse("GET /{namespace}/service/{name}/analytics"),
    }),
    {
      credentials: { kind: "api-key", name: "my-key", secret: "sk_live_a1b2c3d4e5f6g7h8i9j0" },
      userAgentComment: "github-action",
    },
    async ({ server, client }) => {
      await client.getServiceAnalytics("acme", service);
      assert.equal(
        server.requests[0]?.headers.authorization,
        "API-Key my-key$sk_live_a1b2c3d4e5f6g7h8i9j0",
      );
      assert.equal(server.requests[0]?.headers["user-agent"], `${userAgent} (github-action)`);
    },
  );
});

const seedJob = seedResponse("GET /{namespace}/job/{name}");
const seedService = seedResponse("GET /{namespace}/service/{name}");

test("a base URL with a path prefix is kept; path parameters are percent-encoded", async () => {
  const server = await startFakeOutpost(() => ({ status: 200, body: seedJob }));
  const { client } = testClient(`${server.url}/outpost/`);
  try {
    await client.getJob("acme", "odd name");
    assert.equal(server.requests[0]?.path, "/outpost/acme/job/odd%20name");
  } finally {
    await client.close();
    await server.close();
  }
});

/** The seed page's first listed service or job, under another id. */
function listed(prefix: "svc" | "job", n: number): { id: string } {
  const list = seedResponse(
    prefix === "svc" ? "GET /{namespace}/services" : "GET /{namespace}/jobs",
  ) as { data: object[] };
  return { ...list.data[0], id: `${prefix}_${n.toString(16).padStart(12, "0")}` };
}

function page(items: { id: string }[], pageNumber: number, totalPages: number) {
  return {
    status: 200,
    body: {
      data: items,
      pagination: { page: pageNumber, per_page: 100, total: 250, total_pages: totalPages },
    },
  };
}

test("services() and jobs() walk every page, asking for the next only when needed", async () => {
  const ids = (prefix: "svc" | "job", from: number, count: number) =>
    Array.from({ length: count }, (_, i) => listed(prefix, from + i));
  const handler: FakeHandler = (request) => {
    const n = Number(request.query.get("page"));
    const prefix = request.path.endsWith("/jobs") ? "job" : "svc";
    return page(ids(prefix, (n - 1) * 100, n === 3 ? 50 : 100), n, 3);
  };
  await withFakeOutpost(handler, {}, async ({ server, client }) => {
    const seen: string[] = [];
    for await (const item of client.services("acme", { status: "running" })) seen.push(item.id);
    assert.equal(seen.length, 250);
    assert.deepEqual(seen.slice(0, 2), [listed("svc", 0).id, listed("svc", 1).id]);
    assert.equal(seen.at(-1), listed("svc", 249).id);
    assert.deepEqual(
      server.requests.map((r) => Object.fromEntries(r.query)),
      [1, 2, 3].map((n) => ({ status: "running", per_page: "100", page: String(n) })),
    );

    // Stopping early asks for no further page.
    const before = server.requests.length;
    for await (const item of client.jobs("acme")) if (item.id === listed("job", 5).id) break;
    assert.equal(server.requests.length, before + 1);
  });
});

test("an item pushed onto the next page by a new one is yielded once", async () => {
  await withFakeOutpost(
    (request) =>
      request.query.get("page") === "1"
        ? page([listed("job", 0xa), listed("job", 0xb)], 1, 2)
        : page([listed("job", 0xb), listed("job", 0xc)], 2, 2),
    {},
    async ({ client }) => {
      const seen: string[] = [];
      for await (const item of client.jobs("acme", { per_page: 2 })) seen.push(item.id);
      assert.deepEqual(
        seen,
        [0xa, 0xb, 0xc].map((n) => listed("job", n).id),
      );
    },
  );
});

const errorCases = [
  { status: 400, code: "invalid_request", message: "Either 'repo' or 'image' must be provided." },
  { status: 401, code: "unauthorized", message: "Missing or invalid credentials." },
  { status: 403, code: "forbidden", message: "No access to namespace acme." },
  { status: 404, code: "not_found", message: "Service llama-3-serving not found." },
  { status: 409, code: "conflict", message: "Service is already deploying." },
  { status: 422, code: "invalid_configuration", message: "min_replicas exceeds max_replicas." },
  { status: 429, code: "rate_limited", message: "Rate limit exceeded." },
  { status: 500, code: "internal_error", message: "Seed orchestration failure." },
];

test("each error status becomes an OutpostApiError with the API's code, message and request id", async () => {
  let next = 0;
  const handler: FakeHandler = () => {
    const c = errorCases[next++ % errorCases.length];
    assert.ok(c);
    return errorReply(c.status, c.code, c.message, `req_00000000000${String(c.status % 10)}`, {
      "retry-after": "7",
    });
  };
  // One attempt: the error itself is what is being looked at.
  await withFakeOutpost(handler, { retry: { maxAttempts: 1 } }, async ({ server, client }) => {
    for (const c of errorCases) {
      const error = await client.getService("acme", service).then(
        () => assert.fail("expected an error"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OutpostApiError, String(error));
      assert.equal(error.code, "OUTPOST_API_ERROR");
      assert.equal(error.status, c.status);
      assert.equal(error.apiCode, c.code);
      assert.equal(error.apiMessage, c.message);
      assert.equal(error.requestId, `req_00000000000${String(c.status % 10)}`);
      assert.deepEqual(error.request, {
        method: "GET",
        url: `${server.url}/acme/service/${service}`,
      });
      assert.equal(error.retryAfterSeconds, 7);
      assert.match(error.message, new RegExp(`^Outpost API ${String(c.status)} ${c.code}: `));
      assert.ok(error.message.includes(c.message));
    }
  });
});

test("an error page that is not the API's JSON still gives a typed error", async () => {
  await withFakeOutpost(
    () => ({
      status: 502,
      headers: { "content-type": "text/html", "x-request-id": "req_abcdefabcdef" },
      body: undefined,
    }),
    { retry: { maxAttempts: 1 } },
    async ({ client }) => {
      await assert.rejects(client.getJob("acme", job), (error: unknown) => {
        assert.ok(error instanceof OutpostApiError);
        assert.equal(error.status, 502);
        assert.equal(error.apiCode, undefined);
        assert.equal(error.requestId, "req_abcdefabcdef");
        return true;
      });
    },
  );
});

test("findService/findJob answer undefined for 404 and throw other errors", async () => {
  await withFakeOutpost(
    scripted({
      [`GET /acme/service/${service}`]: [errorReply(404, "not_found", "No such service.")],
      [`GET /acme/job/${job}`]: [errorReply(403, "forbidden", "No.")],
    }),
    {},
    async ({ client }) => {
      assert.equal(await client.findService("acme", service), undefined);
      await assert.rejects(client.findJob("acme", job), { status: 403 });
    },
  );
});

test("sequential requests reuse one keep-alive connection", async () => {
  await withFakeOutpost(
    () => ({ status: 200, body: seedResponse("GET /{namespace}/service/{name}/analytics") }),
    {},
    async ({ server, client }) => {
      for (let i = 0; i < 5; i += 1) await client.getServiceAnalytics("acme", service);
      assert.equal(server.requests.length, 5);
      assert.equal(server.connections(), 1);
      assert.deepEqual(
        server.requests.map((r) => r.connection),
        [1, 1, 1, 1, 1],
      );
    },
  );
});

test("a request without an answer times out with OutpostTimeoutError", async () => {
  await withFakeOutpost(
    () => ({ hang: true }),
    {
      requestTimeoutMs: 150,
      retry: { maxAttempts: 1 },
    },
    async ({ client }) => {
      await assert.rejects(client.getService("acme", service), (error: unknown) => {
        assert.ok(error instanceof OutpostTimeoutError, String(error));
        assert.equal(error.code, "OUTPOST_TIMEOUT");
        assert.equal(error.timeoutMs, 150);
        assert.equal(error.mayHaveReachedServer, true);
        return true;
      });
    },
  );
});

test("a timed-out read is retried and then succeeds", async () => {
  await withFakeOutpost(
    scripted({ [`GET /acme/job/${job}`]: [{ hang: true }, { status: 200, body: seedJob }] }),
    { requestTimeoutMs: 400 },
    async ({ client, events }) => {
      assert.deepEqual(await client.getJob("acme", job), seedJob);
      assert.deepEqual(
        eventsOf(events, "retry").map((e) => e.reason),
        ["timeout"],
      );
    },
  );
});

test("a dropped connection is an OutpostNetworkError that may have reached the server", async () => {
  await withFakeOutpost(
    () => ({ drop: true }),
    { retry: { maxAttempts: 1 } },
    async ({ server, client }) => {
      await assert.rejects(client.getJob("acme", job), (error: unknown) => {
        assert.ok(error instanceof OutpostNetworkError, String(error));
        assert.equal(error.code, "OUTPOST_NETWORK_ERROR");
        assert.equal(error.mayHaveReachedServer, true);
        assert.deepEqual(error.request, { method: "GET", url: `${server.url}/acme/job/${job}` });
        return true;
      });
    },
  );
});

test("the caller's abort signal stops a call at once, without retries", async () => {
  await withFakeOutpost(
    () => ({ hang: true }),
    {},
    async ({ client, events }) => {
      const controller = new AbortController();
      const call = client.getJob("acme", job, { signal: controller.signal });
      controller.abort();
      await assert.rejects(call, { name: "AbortError" });
      assert.equal(eventsOf(events, "retry").length, 0);
    },
  );
});

test("request and response events name operation, path, attempt, status and duration", async () => {
  const handler = scripted({
    [`GET /acme/service/${service}`]: [
      errorReply(503, "unavailable", "Try again."),
      { status: 200, body: seedService },
    ],
  });
  await withFakeOutpost(handler, {}, async ({ client, events }) => {
    await client.getService("acme", service);
    const path = `/acme/service/${service}`;
    assert.deepEqual(
      events.map((e) =>
        e.type === "response"
          ? [e.type, e.operation, e.method, e.path, e.attempt, e.status, typeof e.durationMs]
          : e.type === "request"
            ? [e.type, e.operation, e.method, e.path, e.attempt]
            : [e.type],
      ),
      [
        ["request", "getService", "GET", path, 1],
        ["response", "getService", "GET", path, 1, 503, "number"],
        ["retry"],
        ["request", "getService", "GET", path, 2],
        ["response", "getService", "GET", path, 2, 200, "number"],
      ],
    );
  });
});
