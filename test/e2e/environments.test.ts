/**
 * Environments end to end through the CLI: each environment deploys into its own namespace with
 * its own overrides, keeps records of its own, and pruning one never touches another.
 */
import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { project } from "./project.ts";

const file = `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: A100-80GB
    min_replicas: 2
    max_replicas: 4
    env:
      MODE: full
  extra:
    image: ghcr.io/acme/extra:v1
    gpu: L4
environments:
  staging:
    namespace: acme-staging
    deploy: { branch: main }
    services:
      api: { gpu: L4, min_replicas: 0, max_replicas: 1, env: { DEBUG: "1" } }
  production:
    deploy: { tags: "v*" }
`;

suite("environments", { concurrency: true }, () => {
  test("each environment applies into its namespace with its overrides, and keeps its own records", async (t) => {
    const p = await project(t);
    await writeFile(join(p.dir, "outpost.yaml"), file);
    const none = await p.outpost("plan");
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /declares environments \(`staging`, deployed by pushes to `main`; `production`, deployed by tags matching `v\*`\): name the one/,
    );
    const staging = await p.outpost("apply", "--yes", "-e", "staging");
    assert.equal(staging.code, 0, staging.stderr);
    assert.match(staging.stdout, /Plan for acme-staging \(environment staging\): 2 to create/);
    const production = await p.outpost("apply", "--yes", "--environment", "production");
    assert.equal(production.code, 0, production.stderr);
    const services = p.emulator.controls.inspect().services;
    const api = (namespace: string) =>
      services.find((s) => s.namespace === namespace && s.name === "api");
    assert.deepEqual(api("acme-staging")?.env, { MODE: "full", DEBUG: "1" });
    assert.deepEqual(api("acme")?.env, { MODE: "full" });
    assert.match((await p.outpost("plan", "-e", "staging")).stdout, /no changes/);
    assert.match((await p.outpost("plan", "-e", "production")).stdout, /no changes/);
    const typo = await p.outpost("plan", "-e", "prod");
    assert.match(typo.stderr, /no environment `prod` is declared/);
  });

  test("pruning production never touches staging, and the reverse", async (t) => {
    const p = await project(t);
    await writeFile(join(p.dir, "outpost.yaml"), file);
    assert.equal((await p.outpost("apply", "--yes", "-e", "staging")).code, 0);
    assert.equal((await p.outpost("apply", "--yes", "-e", "production")).code, 0);
    // `extra` leaves the file: each environment prunes only its own.
    await writeFile(join(p.dir, "outpost.yaml"), file.replace(/ {2}extra:\n.*\n.*\n/, ""));
    p.writes();
    const pruned = await p.outpost("apply", "--yes", "--prune", "-e", "production");
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual(p.writes(), { deleteService: 1 });
    const left = p.emulator.controls.inspect().services.map((s) => `${s.namespace}/${s.name}`);
    assert.deepEqual(left.sort(), ["acme-staging/api", "acme-staging/extra", "acme/api"]);
    assert.equal((await p.outpost("apply", "--yes", "--prune", "-e", "staging")).code, 0);
    assert.deepEqual(p.writes(), { deleteService: 1 });
  });
});
