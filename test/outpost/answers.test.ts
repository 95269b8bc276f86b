/**
 * Every operation of the client against a server that answers what the description does not
 * list: `{}`, `null`, truncated JSON, an HTML page (200 and 404), the right fields with the wrong
 * types. Each is an `OutpostUnexpectedResponseError` with one short line that says what was
 * wrong and never what the body held; reads are retried like a 5xx; a write is sent again only
 * as its recovery rule allows (a create or a redeploy reads its resource back first), and no
 * other write follows.
 */
import assert from "node:assert/strict";
import { suite, test } from "node:test";
import { inspect } from "node:util";
import type { OutpostClient } from "../../src/outpost/client.ts";
import { OutpostApiError, OutpostUnexpectedResponseError } from "../../src/outpost/errors.ts";
import { defaultRetryPolicy } from "../../src/outpost/retry-policy.ts";
import { maxAnswerBytes } from "../../src/outpost/transport.ts";
import { errorReply, type FakeReply, type FakeRequest } from "../support/fake-outpost.ts";
import { withWrongTypes } from "../support/garbling-proxy.ts";
import {
  createJobBody,
  createServiceBody,
  job,
  operationCases,
  seedResponse,
  service,
  type OperationCase,
} from "../support/operation-cases.ts";
import { eventsOf, withFakeOutpost } from "../support/outpost-test-client.ts";

/** A string no error may repeat: it is only ever in the bodies. */
const canary = "canary-body-5e1f0a";

function garbles(c: OperationCase): Record<string, FakeReply> {
  const valid = c.endpoint === undefined ? { deleted: canary } : seedResponse(c.endpoint);
  return {
    "`{}`": { status: 200, body: {} },
    "`null`": { status: 200, body: null },
    "truncated JSON": {
      status: 200,
      headers: { "content-type": "application/json" },
      raw: `{"name": "${canary}", "data": [{"id": "svc_8f3a`,
    },
    "an HTML page": {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      raw: `<!doctype html><html><body>Sign in to continue ${canary}</body></html>`,
    },
    "an HTML 404 page": {
      status: 404,
      headers: { "content-type": "text/html" },
      raw: `<html><head><title>404 Not Found</title></head><body>${canary}</body></html>`,
    },
    "the wrong types": { status: c.status === 204 ? 200 : c.status, body: withWrongTypes(valid) },
  };
}

/** How a call goes on after a garbled answer: its own rule, as for a lost one. */
type Recovery =
  /** Reads, and writes sent again freely (update, delete, cancel): the same request, each try. */
  | { readonly kind: "same-request" }
  /** Creates and redeploys: the resource read back (`readPath`) before anything is sent again. */
  | { readonly kind: "read-back"; readonly readPath: string };

const recoveries: Readonly<Record<string, Recovery>> = {
  createService: { kind: "read-back", readPath: `/acme/service/${createServiceBody.name}` },
  createJob: { kind: "read-back", readPath: `/acme/job/${createJobBody.name}` },
  redeployService: { kind: "read-back", readPath: `/acme/service/${service}` },
};

/** `findService`/`findJob` too: their "absent" must come from the API, not from a proxy's 404. */
const cases: readonly OperationCase[] = [
  ...operationCases,
  {
    operation: "findService",
    call: (client: OutpostClient) => client.findService("acme", service),
    method: "GET",
    path: `/acme/service/${service}`,
    status: 200,
    endpoint: "GET /{namespace}/service/{name}",
  },
  {
    operation: "findJob",
    call: (client: OutpostClient) => client.findJob("acme", job),
    method: "GET",
    path: `/acme/job/${job}`,
    status: 200,
    endpoint: "GET /{namespace}/job/{name}",
  },
];

function assertOneCleanLine(error: OutpostUnexpectedResponseError, where: string): void {
  assert.equal(error.code, "OUTPOST_UNEXPECTED_RESPONSE", where);
  assert.match(error.message, /^Unexpected answer from the Outpost API: /, where);
  assert.doesNotMatch(error.message, /[\r\n]/, `${where}: one line`);
  assert.ok(error.message.length < 300, `${where}: short (${error.message})`);
  for (const shown of [error.message, inspect(error, { depth: 5 }), JSON.stringify(error)]) {
    assert.ok(!shown.includes(canary), `${where}: the body is not repeated: ${shown}`);
  }
}

const attempts = defaultRetryPolicy.maxAttempts;
const requestLine = (r: FakeRequest) => `${r.method} ${r.path}`;

suite("an answer off the description is an error, on every endpoint", { concurrency: true }, () => {
  for (const c of cases) {
    for (const [name, reply] of Object.entries(garbles(c))) {
      test(`${c.operation} answered ${name}`, async () => {
        await withFakeOutpost(
          () => reply,
          {},
          async ({ client, server, events }) => {
            const error = await c.call(client).then(
              (value) => assert.fail(`taken as ${JSON.stringify(value)}`),
              (e: unknown) => e,
            );
            assert.ok(error instanceof OutpostUnexpectedResponseError, String(error));
            assertOneCleanLine(error, `${c.operation}, ${name}`);
            const sent = server.requests.map(requestLine);
            const recovery = recoveries[c.operation] ?? { kind: "same-request" };
            if (recovery.kind === "same-request") {
              // Every try the same request: retried like a 5xx, and nothing else sent.
              assert.deepEqual(sent, Array<string>(attempts).fill(`${c.method} ${c.path}`));
            } else {
              // Sent once; then only reads of the resource, which are answered no better.
              assert.deepEqual(sent, [
                `${c.method} ${c.path}`,
                ...Array<string>(attempts).fill(`GET ${recovery.readPath}`),
              ]);
            }
            assert.ok(
              eventsOf(events, "retry").every((e) => e.reason === "unexpected-response"),
              "retried as an unexpected answer",
            );
          },
        );
      });
    }
  }
});

suite("a create answered off the description", { concurrency: true }, () => {
  for (const [operation, call, readPath] of [
    [
      "createService",
      (client: OutpostClient) => client.createService("acme", createServiceBody),
      `/acme/service/${createServiceBody.name}`,
    ],
    [
      "createJob",
      (client: OutpostClient) => client.createJob("acme", createJobBody),
      `/acme/job/${createJobBody.name}`,
    ],
  ] as const) {
    test(`${operation}: sent again only after reading the name back and finding nothing`, async () => {
      await withFakeOutpost(
        (request) =>
          request.method === "GET"
            ? errorReply(404, "not_found", "No such resource.")
            : { status: 200, body: null },
        {},
        async ({ client, server }) => {
          await assert.rejects(call(client), OutpostUnexpectedResponseError);
          const sent = server.requests.map((r) => r.method);
          assert.deepEqual(sent, Array<string[]>(attempts).fill(["POST", "GET"]).flat());
          for (const read of server.requests.filter((r) => r.method === "GET")) {
            assert.equal(read.path, readPath);
          }
        },
      );
    });
  }

  test("a create that took effect is found as sent and returned: not sent again", async () => {
    const created = seedResponse("POST /auth/v1/seed/{namespace}/jobs");
    await withFakeOutpost(
      (request) =>
        request.method === "GET"
          ? { status: 200, body: created }
          : { status: 201, headers: { "content-type": "text/html" }, raw: "<html>OK</html>" },
      {},
      async ({ client, server, events }) => {
        assert.deepEqual(await client.createJob("acme", createJobBody), created);
        assert.deepEqual(server.requests.map(requestLine), [
          "POST /auth/v1/seed/acme/jobs",
          `GET /acme/job/${createJobBody.name}`,
        ]);
        assert.equal(eventsOf(events, "recovered").length, 1);
      },
    );
  });
});

test("a garbled answer once is ridden out: the read is sent again and believed then", async () => {
  const valid = seedResponse("GET /{namespace}/services");
  let calls = 0;
  await withFakeOutpost(
    () => (calls++ === 0 ? { status: 200, body: {} } : { status: 200, body: valid }),
    {},
    async ({ client, events }) => {
      assert.deepEqual(await client.listServices("acme"), valid);
      assert.deepEqual(
        eventsOf(events, "retry").map((e) => e.reason),
        ["unexpected-response"],
      );
    },
  );
});

test("what the message says: the status, what was expected and the first problems", async () => {
  const cases: [FakeReply, RegExp][] = [
    [{ status: 200, body: {} }, /^200 with a body that is not a ServiceList: must have required/],
    [{ status: 200, body: null }, /^200 with null that is not a ServiceList: must be object/],
    [
      { status: 200, headers: { "content-type": "text/html" }, raw: "<html></html>" },
      /^200 with a body that is not JSON \(text\/html\), not a ServiceList$/,
    ],
    [{ status: 200 }, /^200 with an empty body, not a ServiceList$/],
    [
      { status: 404, headers: { "content-type": "text/html" }, raw: "<html></html>" },
      /^404 with a body that is not JSON \(text\/html\), not the API's error$/,
    ],
    [{ status: 404, body: { message: "no" } }, /^404 with a body that is not the API's error: /],
    [
      { status: 418, body: { error: "teapot" } },
      /^418, which is not an answer the API gives here$/,
    ],
    [{ status: 302, headers: { location: "https://elsewhere.example/" } }, /^302, which is not/],
  ];
  for (const [reply, problem] of cases) {
    await withFakeOutpost(
      () => reply,
      { retry: { maxAttempts: 1 } },
      async ({ client }) => {
        const error = await client.listServices("acme").then(
          () => assert.fail("believed"),
          (e: unknown) => e,
        );
        assert.ok(error instanceof OutpostUnexpectedResponseError, String(error));
        assert.match(error.problem, problem);
        assert.equal(error.status, "status" in reply ? reply.status : undefined);
      },
    );
  }
});

test("fields the description does not name are ignored; missing and mistyped ones are not", async () => {
  const valid = seedResponse("GET /{namespace}/service/{name}") as Record<string, unknown>;
  const answers: [unknown, boolean][] = [
    [{ ...valid, added_by_a_newer_api: { nested: true } }, true],
    [{ ...valid, status: "sleeping" }, false],
    [{ ...valid, ready_replicas: "3" }, false],
    [{ ...valid, id: undefined }, false],
    [{ ...valid, endpoint: "not a url" }, false],
  ];
  for (const [body, believed] of answers) {
    await withFakeOutpost(
      () => ({ status: 200, body }),
      { retry: { maxAttempts: 1 } },
      async ({ client }) => {
        const read = client.getService("acme", service);
        if (believed) assert.deepEqual(await read, body);
        else await assert.rejects(read, OutpostUnexpectedResponseError);
      },
    );
  }
});

test("the API's own errors are still its errors: a genuine 404 is absent, 429 and 5xx as such", async () => {
  await withFakeOutpost(
    (request) =>
      request.path.includes("/job/")
        ? errorReply(404, "not_found", "No such job.")
        : { status: 503, headers: { "content-type": "text/html" }, raw: "<html>busy</html>" },
    { retry: { maxAttempts: 2 } },
    async ({ client }) => {
      assert.equal(await client.findJob("acme", job), undefined);
      await assert.rejects(client.getService("acme", service), (error: unknown) => {
        assert.ok(error instanceof OutpostApiError);
        assert.equal(error.status, 503);
        return true;
      });
    },
  );
});

test("an answer larger than the bound is not read to its end", async () => {
  const huge = `{"data": "${"x".repeat(maxAnswerBytes)}"}`;
  await withFakeOutpost(
    () => ({ status: 200, headers: { "content-type": "application/json" }, raw: huge }),
    { retry: { maxAttempts: 1 } },
    async ({ client }) => {
      await assert.rejects(client.listJobs("acme"), (error: unknown) => {
        assert.ok(error instanceof OutpostUnexpectedResponseError);
        assert.match(error.problem, /^200 with a body over 32 MiB$/);
        return true;
      });
    },
  );
});

suite("following a job's logs on a stream off the description", { concurrency: true }, () => {
  const streams: [string, FakeReply][] = [
    [
      "an HTML page instead of the stream",
      { status: 200, headers: { "content-type": "text/html" }, raw: `<html>${canary}</html>` },
    ],
    [
      "a `log` event that is not a log line",
      { stream: [`event: log\ndata: {"timestamp": 5, "message": "${canary}"}\n\n`], then: "close" },
    ],
    [
      "a `log` event that is not JSON",
      { stream: [`event: log\ndata: ${canary}\n\n`], then: "close" },
    ],
    [
      "an `end` event naming no job status",
      { stream: [`event: end\ndata: {"status": "${canary}"}\n\n`], then: "close" },
    ],
  ];
  for (const [name, reply] of streams) {
    test(`${name}: resumed like a dropped stream, then an unexpected answer`, async () => {
      await withFakeOutpost(
        () => reply,
        {},
        async ({ client, server, events }) => {
          const lines: unknown[] = [];
          const error = await (async () => {
            for await (const line of client.followJobLogs("acme", job)) lines.push(line);
          })().then(
            () => assert.fail("the stream was believed"),
            (e: unknown) => e,
          );
          assert.ok(error instanceof OutpostUnexpectedResponseError, String(error));
          assertOneCleanLine(error, name);
          assert.deepEqual(lines, []);
          assert.equal(server.requests.length, attempts);
          assert.ok(server.requests.every((r) => r.method === "GET"));
          assert.equal(eventsOf(events, "log-stream-resume").length, attempts - 1);
        },
      );
    });
  }
});
