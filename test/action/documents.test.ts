import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { inputNames } from "../../src/action/inputs.ts";

const root = resolve(import.meta.dirname, "../..");

async function yamlFile(path: string): Promise<unknown> {
  return parse(await readFile(join(root, path), "utf8"));
}

interface ActionYml {
  readonly description: string;
  readonly runs: { readonly using: string; readonly main: string };
  readonly inputs: Readonly<Record<string, { readonly description: string }>>;
  readonly outputs: Readonly<Record<string, { readonly description: string }>>;
}

interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions: Readonly<Record<string, string>>;
  readonly jobs: Readonly<
    Record<string, { readonly steps: readonly { uses?: string; with?: Record<string, string> }[] }>
  >;
}

test("action.yml runs the bundle on node24 and declares exactly the inputs the action reads", async () => {
  const action = (await yamlFile("action.yml")) as ActionYml;
  assert.deepEqual(action.runs, { using: "node24", main: "dist/index.js" });
  assert.deepEqual(Object.keys(action.inputs).sort(), [...inputNames].sort());
  assert.deepEqual(Object.keys(action.outputs), ["plan", "changed", "services", "jobs"]);
  // The Marketplace shows at most 125 characters.
  assert.ok(action.description.length <= 125, action.description);
});

test("the example workflow plans pull requests, applies pushes, and asks for the permissions it needs", async () => {
  const workflow = (await yamlFile("examples/workflows/outpost.yml")) as Workflow;
  assert.deepEqual(Object.keys(workflow.on).sort(), ["pull_request", "push", "workflow_dispatch"]);
  assert.deepEqual(workflow.permissions, { contents: "read", deployments: "write" });
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((s) => s.uses?.includes("outpost-gitops"));
  assert.ok(step?.with, "the workflow uses the action");
  for (const input of Object.keys(step.with))
    assert.ok((inputNames as readonly string[]).includes(input), `unknown input ${input}`);
  assert.equal(step.with["secrets"], "${{ toJSON(secrets) }}");
});
