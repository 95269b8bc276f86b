import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { OutpostApiError, OutpostNetworkError } from "../../src/outpost/errors.ts";
import type { CreateJobRequest, CreateServiceRequest } from "../../src/outpost/types.ts";
import {
  errorReply,
  scripted,
  startFakeOutpost,
  type FakeHandler,
  type FakeOutpost,
  type FakeReply,
} from "../support/fake-outpost.ts";
import { eventsOf, testClient, withFakeOutpost } from "../support/outpost-test-client.ts";
import { seedExamples } from "../support/seed-examples.ts";

const examples = seedExamples();
function seedResponse(endpoint: string): Record<string, unknown> {
  const found = examples.responses.find((r) => r.endpoint === endpoint);
  assert.ok(found);
  return found.body as Record<string, unknown>;
}

/** How the fake answers one request: a fault before acting, after acting, or normally. */
type Fault = "429" | "500-before" | "drop-before" | "500-after" | "drop-after" | "hang-after";

const rateLimited = errorReply(429, "rate_limited", "Slow down.", "req_429429429429", {
  "retry-after": "2",
});

/**
 * A fake that really creates services or jobs (so a duplicate create shows as a second one)
 * and injects the scripted faults into POSTs and GETs, one fault per request, in order.
 */
function creatingServer(
  kind: "service" | "job",
  faults: { post?: Fault[]; get?: Fault[] },
  existing: Record<string, unknown>[] = [],
) {
  const base =
    kind === "service"
      ? seedResponse("POST /auth/v1/seed/{namespace}/services")
      : seedResponse("POST /auth/v1/seed/{namespace}/jobs");
  const store = new Map<string, Record<string, unknown>>(
    existing.map((r) => [String(r["name"]), r]),
  );
  const created: string[] = [];
  const createPath = `/auth/v1/seed/acme/${kind}s`;
  const readPrefix = `/acme/${kind}/`;
  const before = (fault: Fault | undefined): FakeReply | undefined => {
    if (fault === "429") return rateLimited;
    if (fault === "500-before") return errorReply(500, "internal_error", "Seed failure.");
    if (fault === "drop-before") return { drop: true };
    return undefined;
  };
  const handler: FakeHandler = (request) => {
    if (request.method === "POST" && request.path === createPath) {
      const fault = faults.post?.shift();
      const early = before(fault);
      if (early) return early;
      const { env: _env, ...visible } = request.body as { name: string; env?: unknown };
      if (store.has(visible.name)) {
        return errorReply(409, "already_exists", `${visible.name} already exists.`);
      }
      const resource = { ...base, ...visible };
      store.set(visible.name, resource);
      created.push(visible.name);
      if (fault === "500-after") return errorReply(500, "internal_error", "Seed failure.");
      if (fault === "drop-after") return { drop: true };
      if (fault === "hang-after") return { hang: true };
      return { status: 201, body: resource };
    }
    if (request.method === "GET" && request.path.startsWith(readPrefix)) {
      const early = before(faults.get?.shift());
      if (early) return early;
      const found = store.get(decodeURIComponent(request.path.slice(readPrefix.length)));
      return found
        ? { status: 200, body: found }
        : errorReply(404, "not_found", `No such ${kind}.`);
    }
    return errorReply(599, "unscripted", `${request.method} ${request.path}`);
  };
  return { handler, created, store };
}

// The seed page's second example: a service from an image (no env there; one is added).
const seedImageService = examples.requests.find(
  (r) => r.method === "POST" && (r.body as { image?: string } | undefined)?.image !== undefined,
);
const serviceBody = {
  ...(seedImageService?.body as CreateServiceRequest),
  env: { HF_TOKEN: "hf_secret_value" },
};

const jobBody: CreateJobRequest = {
  name: "finetune-llama-3-abc1234",
  command: "python train.py",
  repo: "acme/training-pipeline",
  gpu: "A100-80GB",
  gpu_count: 4,
};

function count(server: FakeOutpost, method: string, path: string): number {
  return server.requests.filter((r) => r.method === method && r.path === path).length;
}

test("a create rides out 429 with Retry-After, dropped connections and 5xx without a duplicate", async () => {
  const fake = creatingServer("service", {
    post: ["429", "drop-before", "500-after"],
    get: ["500-before"],
  });
  await withFakeOutpost(fake.handler, {}, async ({ server, client, events, sleeps }) => {
    const service = await client.createService("acme", serviceBody);
    assert.deepEqual(fake.created, ["embedding-api"], "created exactly once");
    assert.deepEqual(service, fake.store.get("embedding-api"));
    // 429: waited exactly Retry-After; then backoffs (jitter fixed at 0.5 of 500·2^n).
    assert.equal(sleeps[0], 2000);
    assert.equal(count(server, "POST", "/auth/v1/seed/acme/services"), 3);
    assert.deepEqual(
      eventsOf(events, "retry")
        .filter((e) => e.operation === "createService")
        .map((e) => e.reason),
      ["rate-limited", "dropped", "server-error"],
    );
    assert.deepEqual(
      eventsOf(events, "recovered").map((e) => [e.operation, e.name]),
      [["createService", "embedding-api"]],
    );
  });
});

for (const fault of ["500-after", "drop-after", "hang-after"] as const) {
  test(`a create whose answer is lost (${fault}) is found by name, not repeated`, async () => {
    const fake = creatingServer("job", { post: [fault] });
    await withFakeOutpost(
      fake.handler,
      { requestTimeoutMs: 400 },
      async ({ server, client, events }) => {
        const job = await client.createJob("acme", jobBody);
        assert.equal(job.name, jobBody.name);
        assert.deepEqual(fake.created, [jobBody.name]);
        assert.equal(count(server, "POST", "/auth/v1/seed/acme/jobs"), 1);
        assert.equal(count(server, "GET", `/acme/job/${jobBody.name}`), 1);
        assert.equal(eventsOf(events, "recovered").length, 1);
      },
    );
  });
}

test("a create dropped before the server acted is sent again after checking, once", async () => {
  const fake = creatingServer("service", { post: ["drop-before"] });
  await withFakeOutpost(fake.handler, {}, async ({ server, client, events }) => {
    const service = await client.createService("acme", serviceBody);
    assert.equal(service.name, "embedding-api");
    assert.deepEqual(fake.created, ["embedding-api"]);
    assert.deepEqual(
      server.requests.map((r) => `${r.method} ${r.path}`),
      [
        "POST /auth/v1/seed/acme/services",
        "GET /acme/service/embedding-api",
        "POST /auth/v1/seed/acme/services",
      ],
    );
    assert.equal(eventsOf(events, "recovered").length, 0);
  });
});

test("a create that never reached the server (connection refused) is retried without a check", async () => {
  // A port nobody listens on, until the client's first wait, when the server starts there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));

  const fake = creatingServer("service", {});
  let server: FakeOutpost | undefined;
  const { client, events } = testClient(`http://127.0.0.1:${String(port)}`, {
    onSleep: async () => {
      server ??= await startFakeOutpost(fake.handler, port);
    },
  });
  try {
    const service = await client.createService("acme", serviceBody);
    assert.equal(service.name, "embedding-api");
    assert.deepEqual(fake.created, ["embedding-api"]);
    assert.deepEqual(
      server?.requests.map((r) => `${r.method} ${r.path}`),
      ["POST /auth/v1/seed/acme/services"],
    );
    assert.deepEqual(
      eventsOf(events, "retry").map((e) => e.reason),
      ["not-sent"],
    );
  } finally {
    await client.close();
    await server?.close();
  }
});

test("a 409 on a first create attempt is an error, not a recovery", async () => {
  const fake = creatingServer("service", {}, [{ name: "embedding-api", image: "other:1" }]);
  await withFakeOutpost(fake.handler, {}, async ({ server, client }) => {
    await assert.rejects(client.createService("acme", serviceBody), (error: unknown) => {
      assert.ok(error instanceof OutpostApiError);
      assert.equal(error.status, 409);
      assert.equal(error.apiCode, "already_exists");
      return true;
    });
    assert.equal(server.requests.length, 1);
    assert.deepEqual(fake.created, []);
  });
});

test("after a lost answer, someone else's resource of the same name is not taken for ours", async () => {
  const {
    repo: _repo,
    branch: _branch,
    ...created
  } = seedResponse("POST /auth/v1/seed/{namespace}/services");
  const fake = creatingServer("service", { post: ["500-before"] }, [
    { ...created, name: "embedding-api", image: "ghcr.io/someone/else:1", gpu: "L4" },
  ]);
  await withFakeOutpost(fake.handler, {}, async ({ client, events }) => {
    await assert.rejects(client.createService("acme", serviceBody), { status: 409 });
    assert.equal(eventsOf(events, "recovered").length, 0);
    assert.deepEqual(fake.created, []);
  });
});

test("reads back off exponentially with jitter, up to the cap, then give up", async () => {
  await withFakeOutpost(
    () => errorReply(503, "unavailable", "Busy."),
    { random: () => 0.999_999, retry: { baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 7 } },
    async ({ server, client, sleeps, events }) => {
      await assert.rejects(client.getService("acme", "x"), { status: 503 });
      assert.deepEqual(sleeps, [99, 199, 399, 799, 999, 999]);
      assert.equal(server.requests.length, 7);
      assert.deepEqual(
        eventsOf(events, "give-up").map((e) => e.attempts),
        [7],
      );
    },
  );
});

test("a Retry-After longer than the policy allows is not waited for", async () => {
  await withFakeOutpost(
    () =>
      errorReply(429, "rate_limited", "Slow down.", "req_000000000001", { "retry-after": "600" }),
    { retry: { maxRetryAfterMs: 60_000 } },
    async ({ server, client, sleeps }) => {
      await assert.rejects(client.listJobs("acme"), { status: 429, retryAfterSeconds: 600 });
      assert.deepEqual(sleeps, []);
      assert.equal(server.requests.length, 1);
    },
  );
});

const deployingConflict = errorReply(409, "conflict", "Service is already deploying.");
function serviceIn(status: string, updatedAt: string): FakeReply {
  return {
    status: 200,
    body: {
      ...seedResponse("GET /{namespace}/service/{name}"),
      status,
      updated_at: updatedAt,
    },
  };
}
const longAgo = "2020-01-01T00:00:00Z";

test("an update answered 409 while the service deploys waits and is sent again", async () => {
  const path = "/auth/v1/seed/acme/services/llama-3-serving";
  const changed = seedResponse("PUT /auth/v1/seed/{namespace}/services/{name}");
  await withFakeOutpost(
    scripted({
      [`PUT ${path}`]: [deployingConflict, deployingConflict, { status: 200, body: changed }],
      "GET /acme/service/llama-3-serving": [serviceIn("deploying", longAgo)],
    }),
    { retry: { maxAttempts: 2 } },
    async ({ server, client, sleeps, events }) => {
      const result = await client.updateService("acme", "llama-3-serving", { env: { A: "b" } });
      assert.deepEqual(result, changed);
      assert.equal(count(server, "PUT", path), 3);
      // Conflict waits draw on their own allowance (maxAttempts 2 would allow one retry only).
      assert.deepEqual(sleeps, [250, 500]);
      assert.deepEqual(
        eventsOf(events, "retry").map((e) => e.reason),
        ["conflict", "conflict"],
      );
    },
  );
});

test("a 409 while the service is not deploying is tried once more, then thrown", async () => {
  const path = "/auth/v1/seed/acme/services/llama-3-serving";
  await withFakeOutpost(
    scripted({
      [`PUT ${path}`]: [errorReply(409, "conflict", "Service is failed.")],
      "GET /acme/service/llama-3-serving": [serviceIn("failed", longAgo)],
    }),
    {},
    async ({ server, client }) => {
      await assert.rejects(client.updateService("acme", "llama-3-serving", { min_replicas: 2 }), {
        status: 409,
      });
      assert.equal(count(server, "PUT", path), 2);
    },
  );
});

test("a redeploy whose answer is lost is confirmed by a rollout begun since, not repeated", async () => {
  const path = "/auth/v1/seed/acme/services/llama-3-serving/redeploy";
  let deployedAt = longAgo;
  await withFakeOutpost(
    (request) => {
      if (request.method === "POST") {
        deployedAt = new Date().toISOString();
        return errorReply(502, "bad_gateway", "Upstream failed.");
      }
      return serviceIn(deployedAt === longAgo ? "running" : "deploying", deployedAt);
    },
    {},
    async ({ server, client, events }) => {
      const change = await client.redeployService("acme", "llama-3-serving");
      assert.equal(change.status, "deploying");
      assert.equal(change.updated_at, deployedAt);
      assert.equal(count(server, "POST", path), 1);
      assert.equal(eventsOf(events, "recovered").length, 1);
    },
  );
});

test("a redeploy's rollout is recognised on the server's clock, even one an hour behind", async () => {
  const path = "/auth/v1/seed/acme/services/llama-3-serving/redeploy";
  const hourMs = 3_600_000;
  const serverNow = () => new Date(Date.now() - hourMs);
  let deployedAt: string | undefined;
  const handler: FakeHandler = (request) => {
    const date = { date: serverNow().toUTCString() };
    if (request.method === "POST") {
      deployedAt = serverNow().toISOString();
      return { ...errorReply(503, "unavailable", "Try again."), headers: date };
    }
    const reply = serviceIn(deployedAt ? "deploying" : "running", deployedAt ?? longAgo);
    return { ...reply, headers: date };
  };
  await withFakeOutpost(handler, {}, async ({ server, client, events }) => {
    await client.redeployService("acme", "llama-3-serving");
    assert.equal(count(server, "POST", path), 1);
    assert.equal(eventsOf(events, "recovered").length, 1);
  });
});

test("a redeploy that failed without effect is sent again; one behind another rollout waits", async () => {
  const path = "/auth/v1/seed/acme/services/llama-3-serving/redeploy";
  const started = seedResponse("POST /auth/v1/seed/{namespace}/services/{name}/redeploy");
  await withFakeOutpost(
    scripted({
      [`POST ${path}`]: [
        errorReply(500, "internal_error", "Seed failure."),
        deployingConflict,
        { status: 200, body: started },
      ],
      "GET /acme/service/llama-3-serving": [
        serviceIn("running", longAgo),
        serviceIn("deploying", longAgo),
      ],
    }),
    {},
    async ({ server, client, events }) => {
      assert.deepEqual(await client.redeployService("acme", "llama-3-serving"), started);
      assert.equal(count(server, "POST", path), 3);
      assert.deepEqual(
        eventsOf(events, "retry").map((e) => e.reason),
        ["server-error", "conflict"],
      );
    },
  );
});

test("a cancel whose answer was lost: the retry's 409 is checked against the job", async () => {
  const path = "/auth/v1/seed/acme/jobs/train/cancel";
  const job: Record<string, unknown> = {
    ...seedResponse("GET /{namespace}/job/{name}"),
    name: "train",
    status: "cancelled",
  };
  await withFakeOutpost(
    scripted({
      [`POST ${path}`]: [{ drop: true }, errorReply(409, "conflict", "Job already cancelled.")],
      "GET /acme/job/train": [{ status: 200, body: job }],
    }),
    {},
    async ({ client, events }) => {
      const cancellation = await client.cancelJob("acme", "train");
      assert.equal(cancellation.status, "cancelled");
      assert.equal(cancellation.name, "train");
      assert.equal(cancellation.total_cost, job["total_cost"]);
      assert.equal(eventsOf(events, "recovered").length, 1);
    },
  );
});

test("a cancel answered 409 at once (job finished) is an error and reads nothing", async () => {
  await withFakeOutpost(
    scripted({
      "POST /auth/v1/seed/acme/jobs/train/cancel": [errorReply(409, "conflict", "Job succeeded.")],
    }),
    {},
    async ({ server, client }) => {
      await assert.rejects(client.cancelJob("acme", "train"), { status: 409 });
      assert.equal(server.requests.length, 1);
    },
  );
});

test("a delete whose answer was lost: the retry's 404 means it is gone", async () => {
  const path = "/auth/v1/seed/acme/services/old";
  await withFakeOutpost(
    scripted({
      [`DELETE ${path}`]: [{ drop: true }, errorReply(404, "not_found", "No such service.")],
    }),
    {},
    async ({ client, events }) => {
      assert.equal(await client.deleteService("acme", "old"), undefined);
      assert.equal(eventsOf(events, "recovered").length, 1);
      // A 404 on the first attempt is an error.
      await assert.rejects(client.deleteService("acme", "old"), { status: 404 });
    },
  );
});

test("the last failure is thrown when retries run out on dropped connections", async () => {
  await withFakeOutpost(
    () => ({ drop: true }),
    { retry: { maxAttempts: 3 } },
    async ({ server, client }) => {
      await assert.rejects(client.getJob("acme", "x"), OutpostNetworkError);
      assert.equal(server.requests.length, 3);
    },
  );
});
