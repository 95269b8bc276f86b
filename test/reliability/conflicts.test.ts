/**
 * 409s the fault suite found the client giving up on. The API documents 409 only as "an
 * incompatible state", so the client reads the resource to decide.
 *
 * A create: absent means the refusal has passed and the create is sent again (such a 409 used
 * to fail the whole apply); there as sent after an uncertain attempt is that attempt's result;
 * there with other values is someone else's resource, an error. Nothing is created twice.
 *
 * An update of a running service: nothing the read shows refuses it, so it is retried as a
 * transient failure (two 409s in a row used to fail the apply); a failed service's 409 is still
 * thrown after one more try.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { OutpostApiError } from "../../src/outpost/errors.ts";
import type { CreateJobRequest } from "../../src/outpost/types.ts";
import { errorReply, scripted, type FakeHandler, type FakeReply } from "../support/fake-outpost.ts";
import { seedExamples } from "../support/seed-examples.ts";
import { eventsOf, withFakeOutpost } from "../support/outpost-test-client.ts";

const job: CreateJobRequest = {
  name: "finetune-llama-3-abc1234",
  command: "python train.py",
  repo: "acme/training-pipeline",
  gpu: "A100-80GB",
  gpu_count: 4,
};

const createPath = "/auth/v1/seed/acme/jobs";
const readPath = `/acme/job/${job.name}`;
const transientConflict = errorReply(409, "conflict", "The job is in an incompatible state.");

/** A job as the API answers it (the seed page's example), with the given fields. */
function asAnswered(fields: Record<string, unknown>): Record<string, unknown> {
  const seed = seedExamples().responses.find(
    (r) => r.endpoint === "POST /auth/v1/seed/{namespace}/jobs",
  );
  const { env: _env, ...visible } = fields;
  return { ...(seed?.body as Record<string, unknown>), ...visible };
}

/**
 * A fake that really creates jobs (a second create of a name is a 409 `already_exists`), with
 * scripted answers to the first POSTs: a reply instead of acting, or a drop after acting.
 */
function jobServer(script: (FakeReply | "drop-after")[], existing?: Record<string, unknown>) {
  const store = new Map<string, Record<string, unknown>>();
  if (existing) store.set(job.name, existing);
  let created = 0;
  const handler: FakeHandler = (request) => {
    if (request.method === "POST" && request.path === createPath) {
      const step = script.shift();
      if (step !== undefined && step !== "drop-after") return step;
      const body = request.body as Record<string, unknown>;
      if (store.has(String(body["name"]))) {
        return errorReply(409, "already_exists", "A job of this name exists.");
      }
      const resource = asAnswered({ ...body, id: "job_000000000001", status: "queued" });
      store.set(String(body["name"]), resource);
      created++;
      return step === "drop-after" ? { drop: true } : { status: 201, body: resource };
    }
    if (request.method === "GET" && request.path === readPath) {
      const found = store.get(job.name);
      return found ? { status: 200, body: found } : errorReply(404, "not_found", "No such job.");
    }
    return errorReply(599, "unscripted", `${request.method} ${request.path}`);
  };
  return { handler, created: () => created };
}

test("a 409 on a first create, with the name free when read back, is sent again and succeeds", async () => {
  const fake = jobServer([transientConflict, transientConflict]);
  await withFakeOutpost(fake.handler, {}, async ({ client, server, events }) => {
    const created = await client.createJob("acme", job);
    assert.equal(created.name, job.name);
    assert.equal(fake.created(), 1);
    assert.equal(server.requests.filter((r) => r.method === "POST").length, 3);
    assert.deepEqual(
      eventsOf(events, "retry").map((e) => e.reason),
      ["conflict", "conflict"],
    );
  });
});

test("a drop before acting, then a 409, with the name free: sent again, created once", async () => {
  const fake = jobServer([{ drop: true }, transientConflict]);
  await withFakeOutpost(fake.handler, {}, async ({ client }) => {
    await client.createJob("acme", job);
    assert.equal(fake.created(), 1);
  });
});

test("a drop after acting, then a 409: the lost attempt's job is the result, not a second one", async () => {
  const fake = jobServer(["drop-after", transientConflict]);
  await withFakeOutpost(fake.handler, {}, async ({ client, events }) => {
    const created = await client.createJob("acme", job);
    assert.equal(created.name, job.name);
    assert.equal(fake.created(), 1);
    assert.equal(eventsOf(events, "recovered").length, 1);
  });
});

test("a 409 with the name held by someone else's job is an error, and nothing is created", async () => {
  const fake = jobServer(
    [transientConflict],
    asAnswered({ ...job, command: "python other.py", id: "job_0000000000aa" }),
  );
  await withFakeOutpost(fake.handler, {}, async ({ client, server }) => {
    await assert.rejects(client.createJob("acme", job), (error: unknown) => {
      assert.ok(error instanceof OutpostApiError);
      assert.equal(error.status, 409);
      return true;
    });
    assert.equal(fake.created(), 0);
    assert.equal(server.requests.filter((r) => r.method === "POST").length, 1);
  });
});

test("409s that never pass end in an error after the transient retries, not a loop", async () => {
  const fake = jobServer(Array.from({ length: 50 }, () => transientConflict));
  await withFakeOutpost(fake.handler, {}, async ({ client, server }) => {
    await assert.rejects(client.createJob("acme", job), { status: 409 });
    assert.equal(fake.created(), 0);
    assert.equal(server.requests.filter((r) => r.method === "POST").length, 6);
  });
});

const servicePath = "/acme/service/llama-3-serving";
const updatePath = "/auth/v1/seed/acme/services/llama-3-serving";
const seedService = seedExamples().responses.find(
  (r) => r.endpoint === "GET /{namespace}/service/{name}",
)?.body as Record<string, unknown>;
const serviceIn = (status: string): FakeReply => ({
  status: 200,
  body: { ...seedService, status },
});
const updated = seedExamples().responses.find(
  (r) => r.endpoint === "PUT /auth/v1/seed/{namespace}/services/{name}",
)?.body;

test("an update answered 409 three times while the service runs is retried until it is taken", async () => {
  await withFakeOutpost(
    scripted({
      [`PUT ${updatePath}`]: [
        transientConflict,
        transientConflict,
        transientConflict,
        { status: 200, body: updated },
      ],
      [`GET ${servicePath}`]: [serviceIn("running"), serviceIn("degraded"), serviceIn("running")],
    }),
    {},
    async ({ client, server }) => {
      assert.deepEqual(
        await client.updateService("acme", "llama-3-serving", { min_replicas: 3 }),
        updated,
      );
      assert.equal(server.requests.filter((r) => r.method === "PUT").length, 4);
    },
  );
});

test("an update answered 409 while the service has failed is thrown after one more try", async () => {
  await withFakeOutpost(
    scripted({
      [`PUT ${updatePath}`]: [transientConflict, transientConflict],
      [`GET ${servicePath}`]: [serviceIn("failed"), serviceIn("failed")],
    }),
    {},
    async ({ client, server }) => {
      await assert.rejects(client.updateService("acme", "llama-3-serving", { min_replicas: 3 }), {
        status: 409,
      });
      assert.equal(server.requests.filter((r) => r.method === "PUT").length, 2);
    },
  );
});
