import { test } from "node:test";
import assert from "node:assert/strict";
import { didYouMean } from "../../src/config/did-you-mean.ts";
import { fieldNames, fieldSchema } from "../../src/config/schema.ts";

const serviceKeys = fieldNames("service");
const gpus = (fieldSchema("service", "gpu")?.enum ?? []).map(String);
const regions = (fieldSchema("service", "region")?.enum ?? []).map(String);

const cases: readonly [
  input: string,
  candidates: readonly string[],
  expected: string | undefined,
][] = [
  ["gpu_cont", serviceKeys, "gpu_count"],
  ["gpuCount", serviceKeys, "gpu_count"],
  ["GPU-COUNT", serviceKeys, "gpu_count"],
  ["memory", serviceKeys, "memory_gb"],
  ["regoin", serviceKeys, "region"],
  ["helth_check_path", serviceKeys, "health_check_path"],
  ["target_utilization", serviceKeys, "target_gpu_utilization"],
  ["replicas", serviceKeys, undefined],
  ["colour", serviceKeys, undefined],
  ["A100-80G", gpus, "A100-80GB"],
  ["a100-80gb", gpus, "A100-80GB"],
  ["H100", gpus, "H100-80GB"],
  ["A100", gpus, undefined],
  ["l4", gpus, "L4"],
  ["V100", gpus, undefined],
  ["us-east1", regions, "us-east-1"],
  ["eu-west", regions, "eu-west-1"],
  ["us", regions, undefined],
  ["", gpus, undefined],
];

test("did you mean: the likely intended key or value, or nothing when unsure", () => {
  for (const [input, candidates, expected] of cases) {
    assert.equal(didYouMean(input, candidates), expected, `for ${JSON.stringify(input)}`);
  }
});
