/**
 * Environments in the action: the event picks the environment (a push to its branch, a tag its
 * pattern matches, a manual run naming it), its Deployments go under the GitHub environment of
 * that name, and each keeps records of its own.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseDeploymentPayload } from "../../src/records/deployment-payload.ts";
import {
  commit,
  repository,
  runAction,
  startTestbed,
  transcript,
  type Testbed,
} from "./harness.ts";

const file = `version: 1
namespace: acme
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: L4
environments:
  staging:
    namespace: acme-staging
    deploy: { branch: main }
  production:
    deploy: { tags: "v*" }
  canary:
    namespace: acme-canary
    deploy: { manual: true }
`;

function deploymentsOf(bed: Testbed) {
  return (bed.github.state.repository(repository)?.deployments ?? []).map((d) => {
    const parsed = parseDeploymentPayload(d.payload);
    return {
      environment: d.environment,
      identity: parsed.type === "outpost" ? parsed.payload.identity?.environment : undefined,
      namespace: parsed.type === "outpost" ? parsed.payload.namespace : undefined,
    };
  });
}

test("staging on a push to main, production on a tag, canary on a manual run naming it", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", file);
  const staging = await runAction(bed, { event: { name: "push", sha: commit("main") } });
  assert.equal(staging.exitCode, 0, transcript(staging));
  assert.match(staging.summary, /acme-staging \(environment staging\)/);
  const tagged = await runAction(bed, {
    event: { name: "push", sha: commit("main"), tag: "v1.2.0" },
  });
  assert.equal(tagged.exitCode, 0, transcript(tagged));
  const manual = await runAction(bed, {
    event: { name: "workflow_dispatch", sha: commit("main") },
    inputs: { environment: "canary" },
  });
  assert.equal(manual.exitCode, 0, transcript(manual));
  assert.deepEqual(deploymentsOf(bed), [
    { environment: "staging", identity: "staging", namespace: "acme-staging" },
    { environment: "production", identity: "production", namespace: "acme" },
    { environment: "canary", identity: "canary", namespace: "acme-canary" },
  ]);
  // Each environment's records are its own: a second push changes nothing anywhere.
  const again = await runAction(bed, { event: { name: "push", sha: commit("main") } });
  assert.match(again.stdout, /Plan for acme-staging \(environment staging\): no changes/);
  assert.equal(bed.emulator.controls.inspect().services.length, 3);
});

test("a tag no environment deploys writes nothing and says what deploys; a pull request plans its base branch's environment", async (t) => {
  const bed = await startTestbed(t);
  await bed.writeFile("outpost.yaml", file);
  const other = await runAction(bed, {
    event: { name: "push", sha: commit("x"), tag: "nightly-1" },
  });
  assert.equal(other.exitCode, 1, transcript(other));
  assert.match(
    other.stdout,
    /Not a deployed ref \(`staging` by pushes to `main`, `production` by tags matching `v\*`, `canary` by manual runs naming it\)/,
  );
  assert.match(
    other.stdout,
    /No environment of outpost\.yaml is deployed by `refs\/tags\/nightly-1`/,
  );
  assert.equal(bed.emulator.stats.snapshot().writes, 0);
  const pull = await runAction(bed, { event: { name: "pull_request", sha: commit("pr") } });
  assert.equal(pull.exitCode, 0, transcript(pull));
  assert.match(pull.summary, /acme-staging \(environment staging\)/);
  assert.equal(bed.emulator.stats.snapshot().writes, 0);
});
