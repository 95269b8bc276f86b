/**
 * A plan's cost follows pages, not resources: services are read from the namespace's list (100
 * a page) and read alone only when their entry is not what their record observed, jobs that are
 * not due are not read at all, and rollouts are waited for through the list. Changes made
 * outside the tool still show.
 */
import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { OutpostClient } from "../../src/outpost/client.ts";
import { project, type Project } from "./project.ts";

function fleet(count: number, jobs = 0) {
  const services = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `svc-${String(i).padStart(3, "0")}`,
      { image: "ghcr.io/acme/api:v1", gpu: "L4", max_replicas: 3 },
    ]),
  );
  const jobList = Object.fromEntries(
    Array.from({ length: jobs }, (_, i) => [
      `job-${i}`,
      { image: "ghcr.io/acme/train:v1", command: "python train.py", gpu: "L4" },
    ]),
  );
  return { services, jobs: jobList };
}

/** Outpost requests made while `action` ran, by operation. */
async function requestsDuring(p: Project, action: () => Promise<unknown>) {
  const before = p.emulator.stats.snapshot().requests.length;
  await action();
  const counts: Record<string, number> = {};
  for (const r of p.emulator.stats.snapshot().requests.slice(before)) {
    const id = r.operationId ?? "unmatched";
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

function client(p: Project): OutpostClient {
  return new OutpostClient({
    baseUrl: p.emulator.url,
    credentials: { kind: "token", token: "dev-token" },
  });
}

suite("a plan's cost follows pages", { concurrency: true }, () => {
  test("a no-op plan of 250 services and jobs not due makes exactly 3 Outpost requests", async (t) => {
    const p = await project(t);
    const { services, jobs } = fleet(250, 20);
    await p.write(services, jobs);
    const applied = await p.outpost("apply", "--yes", "--concurrency", "32");
    assert.equal(applied.code, 0, applied.stderr);
    let planned = { code: -1, stdout: "", stderr: "" };
    const made = await requestsDuring(p, async () => {
      planned = await p.outpost("plan");
    });
    assert.equal(planned.code, 0, planned.stderr);
    assert.match(planned.stdout, /Plan for acme: no changes/);
    assert.deepEqual(made, { listServices: 3 });
  });

  test("waiting for 150 rollouts reads the list, never the services one by one", async (t) => {
    const p = await project(t);
    p.emulator.controls.script.service("*", { deploySeconds: 120 });
    await p.write(fleet(150).services);
    const made = await requestsDuring(p, async () => {
      const applied = await p.outpost("apply", "--yes", "--concurrency", "32");
      assert.equal(applied.code, 0, applied.stderr);
    });
    assert.equal(made["createService"], 150);
    assert.equal(made["getService"] ?? 0, 0, JSON.stringify(made));
    assert.ok((made["listServices"] ?? 0) >= 2, JSON.stringify(made));
  });

  test("a change made outside the tool to a mutable field is read in full and shows in the plan", async (t) => {
    const p = await project(t);
    await p.write(fleet(3).services);
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    const api = client(p);
    t.after(() => api.close());
    await api.updateService("acme", "svc-001", { max_replicas: 7 });
    let planned = { code: -1, stdout: "", stderr: "" };
    const made = await requestsDuring(p, async () => {
      planned = await p.outpost("plan");
    });
    assert.match(planned.stdout, /service svc-001\s+update\s+`?max_replicas`?: 7 → 3/);
    assert.deepEqual(made, { listServices: 1, getService: 1 }, "only the changed one is read");
  });

  test("a service re-created outside the tool with another GPU shows, and is not the project's to replace", async (t) => {
    const p = await project(t);
    await p.write(fleet(2).services);
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    const api = client(p);
    t.after(() => api.close());
    await api.deleteService("acme", "svc-000", { force: true });
    await api.createService("acme", {
      name: "svc-000",
      image: "ghcr.io/acme/api:v1",
      gpu: "T4",
      max_replicas: 3,
    });
    const planned = await p.outpost("plan", "--allow-replace");
    assert.match(planned.stdout, /service svc-000\s+replace \(not owned\)\s+`?gpu`?: T4 → L4/);
    const applied = await p.outpost("apply", "--yes", "--allow-replace");
    assert.equal(applied.code, 1);
    assert.match(applied.stderr, /svc-000 would need replacement.*never deleted/);
  });
});
