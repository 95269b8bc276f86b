/**
 * Replays the seed pages' examples against the emulator at the examples' own times and compares
 * the answers with the documented ones. Only what the emulator makes up differs: ids, commit
 * shas, and the size of the artifacts.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { seedExamples } from "../support/seed-examples.ts";
import {
  finetuneJob,
  jobsPath,
  llamaService,
  servicesPath,
  startApi,
  type Api,
} from "./harness.ts";

type Json = Record<string, unknown>;

const examples = seedExamples();

function seedResponse(endpoint: string): Json {
  const found = examples.responses.find((response) => response.endpoint === endpoint);
  if (!found) throw new Error(`No seed response for ${endpoint}`);
  return found.body as Json;
}

/** A seed curl example by method and the end of its path and query. */
function seedRequest(method: string, ending: string): { path: string; body: unknown } {
  for (const request of examples.requests) {
    const query = request.query.toString();
    const path = `${request.path}${query === "" ? "" : `?${query}`}`;
    if (request.method === method && path.endsWith(ending)) return { path, body: request.body };
  }
  throw new Error(`No seed request ${method} …${ending}`);
}

/** Moves the manual clock to an emulated instant of the examples' day. */
function at(api: Api, iso: string): void {
  const target = Date.parse(iso);
  const now = api.emulator.controls.now().getTime();
  assert.ok(target >= now, `${iso} is in the past`);
  api.emulator.controls.advance(target - now);
}

/** The seed's ids and shas in place of the emulator's, which are its own. */
function withIdsOf(answer: Json, seed: Json): Json {
  const same: Json = { ...answer };
  for (const key of ["id", "commit_sha"]) if (key in seed && key in answer) same[key] = seed[key];
  return same;
}

test("services: create, update and redeploy answer as the seed page's examples", async (t) => {
  const api = await startApi(t);
  // The seed's service runs three replicas for its traffic (its minimum is two).
  api.emulator.controls.script.service("llama-3-serving", { load: 3 });
  const create = seedRequest("POST", "/acme/services");
  const created = await api.call("POST", create.path, { body: create.body });
  const createdSeed = seedResponse("POST /auth/v1/seed/{namespace}/services");
  assert.deepEqual(withIdsOf(created.body, createdSeed), { ...createdSeed, custom_domain: null });

  at(api, "2026-03-18T14:00:00Z");
  const update = seedRequest("PUT", "/services/llama-3-serving");
  const updated = await api.call("PUT", update.path, { body: update.body });
  const updateSeed = seedResponse("PUT /auth/v1/seed/{namespace}/services/{name}");
  assert.deepEqual(withIdsOf(updated.body, updateSeed), updateSeed);

  at(api, "2026-03-18T15:00:00Z");
  const redeploySeed = seedResponse("POST /auth/v1/seed/{namespace}/services/{name}/redeploy");
  api.emulator.controls.pushCommit(
    "acme/inference-engine",
    "main",
    String(redeploySeed["commit_sha"]),
  );
  const redeployed = await api.call("POST", seedRequest("POST", "/redeploy").path);
  assert.deepEqual(withIdsOf(redeployed.body, redeploySeed), redeploySeed);

  const service = await api.call("GET", seedRequest("GET", "/acme/service/llama-3-serving").path);
  const serviceSeed = seedResponse("GET /{namespace}/service/{name}");
  assert.deepEqual(
    Object.keys(service.body),
    Object.keys(serviceSeed),
    "the same fields in the same order",
  );

  const deleted = await api.call("DELETE", seedRequest("DELETE", "/services/llama-3-serving").path);
  assert.equal(deleted.status, 204);
});

test("jobs: create, list, cancel, get and logs answer as the seed page's examples", async (t) => {
  const api = await startApi(t);
  const create = seedRequest("POST", "/acme/jobs");
  const created = await api.call("POST", create.path, { body: create.body });
  const createSeed = seedResponse("POST /auth/v1/seed/{namespace}/jobs");
  assert.deepEqual(withIdsOf(created.body, createSeed), createSeed);
  assert.deepEqual(Object.keys(created.body), Object.keys(createSeed), "in the seed's order");

  at(api, "2026-03-18T14:01:15Z"); // four hours of runtime
  const listed = await api.call<{ data: Json[] }>(
    "GET",
    seedRequest("GET", "/acme/jobs?status=running").path,
  );
  const listSeed = seedResponse("GET /{namespace}/jobs") as { data: Json[] };
  assert.deepEqual(
    {
      ...listed.body,
      data: listed.body.data.map((job, i) => withIdsOf(job, listSeed.data[i] ?? {})),
    },
    listSeed,
  );

  // A second run of the same job, cancelled at the same point, answers as the cancel example.
  await api.call("POST", jobsPath(), { body: { ...finetuneJob, name: "finetune-llama-3-r2" } });
  at(api, "2026-03-18T18:02:30Z"); // submitted at 14:01:15, started 75 s later
  const cancelled = await api.call("POST", `${jobsPath()}/finetune-llama-3-r2/cancel`);
  const cancelSeed = seedResponse("POST /auth/v1/seed/{namespace}/jobs/{name}/cancel");
  assert.deepEqual(withIdsOf(cancelled.body, { ...cancelSeed, name: "finetune-llama-3-r2" }), {
    ...cancelSeed,
    name: "finetune-llama-3-r2",
    completed_at: "2026-03-18T18:02:30Z",
  });

  const job = await api.call<Json>("GET", seedRequest("GET", "/acme/job/finetune-llama-3-r1").path);
  const jobSeed = seedResponse("GET /{namespace}/job/{name}");
  const artifacts = job.body["artifacts"] as Json;
  const seedArtifacts = jobSeed["artifacts"] as Json;
  assert.deepEqual(Object.keys(job.body), Object.keys(jobSeed), "in the seed's order");
  assert.equal(
    artifacts["download_url"],
    `https://artifacts.outpost.run/acme/${String(job.body["id"])}/checkpoints`,
  );
  assert.deepEqual(
    {
      ...withIdsOf(job.body, jobSeed),
      artifacts: { ...artifacts, size_bytes: 0, files: 0, download_url: "" },
    },
    { ...jobSeed, artifacts: { ...seedArtifacts, size_bytes: 0, files: 0, download_url: "" } },
  );

  const logs = await api.call<{ lines: Json[]; has_more: boolean }>(
    "GET",
    seedRequest("GET", "/job/finetune-llama-3-r1/logs?tail=50").path,
  );
  const logsSeed = seedResponse("GET /{namespace}/job/{name}/logs") as { lines: Json[] };
  const id = String(job.body["id"]);
  const lastSix = (lines: Json[]) =>
    lines.slice(-6).map((line) => ({
      ...line,
      message: String(line["message"])
        .replace(/([Ll]oss): [0-9.]+/, "$1: <loss>")
        .replace(/Total size: \S+ GB/, "Total size: <size> GB")
        .replace(/job_[0-9a-f]{12}/, id),
    }));
  assert.deepEqual(lastSix(logs.body.lines), lastSix(logsSeed.lines));
  assert.equal(logs.body.has_more, true);

  const deleted = await api.call(
    "DELETE",
    seedRequest("DELETE", "/jobs/finetune-llama-3-r1?delete_artifacts=true").path,
  );
  assert.equal(deleted.status, 204);
});

test("errors carry the seed page's body", async (t) => {
  const api = await startApi(t);
  const { repo: _repo, ...neither } = llamaService;
  const answer = await api.call("POST", servicesPath(), { body: neither });
  const seedError = examples.errorBodies[0] as { error: Json };
  assert.equal(answer.status, 400);
  assert.deepEqual(answer.body, {
    error: { ...seedError.error, request_id: answer.headers.get("x-request-id") },
  });
});
