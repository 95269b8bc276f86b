import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildDeploymentPayload,
  parseDeploymentPayload,
  recordFromPayload,
  type ParsedPayload,
} from "../../src/records/deployment-payload.ts";
import type { AppliedRecord } from "../../src/records/applied-record.ts";
import { testDigester } from "../support/records.ts";

const commit = "c".repeat(40);
const record: AppliedRecord = {
  kind: "job",
  namespace: "acme",
  key: "finetune",
  outpostName: "finetune-abc1234",
  outpostId: "job_42",
  identity: { repository: "acme/models", config: "deploy/outpost.yaml", environment: "staging" },
  digest: testDigester.digest({ command: "python train.py" }, { WANDB_API_KEY: "secret-value" }),
  inputsDigest: "ab".repeat(32),
  request: "workflow-run:42",
  commit,
  state: "written",
  appliedAt: "2030-01-01T00:00:00.000Z",
};

describe("Outpost deployment payload", () => {
  it("round-trips a record with its project identity and request", () => {
    const payload = buildDeploymentPayload(record, "acme/models", commit);
    assert.ok(!JSON.stringify(payload).includes("secret-value"));
    const parsed = parseDeploymentPayload(JSON.parse(JSON.stringify(payload)));
    assert.equal(parsed.type, "outpost");
    if (parsed.type !== "outpost") return;
    assert.deepEqual(
      recordFromPayload(parsed.payload, record.appliedAt, "written", record.identity),
      record,
    );
    assert.equal(
      parseDeploymentPayload(JSON.stringify(payload)).type,
      "outpost",
      "as JSON text too",
    );
  });

  const outpost = buildDeploymentPayload(record, "acme/models", commit).outpost;
  const cases: [string, unknown, ParsedPayload["type"], RegExp?][] = [
    ["another tool's payload", { environment: "prod" }, "other"],
    ["an empty payload", {}, "other"],
    ["text that is not JSON", "deploy: now", "other"],
    ["a newer version", { outpost: { ...outpost, version: 3 } }, "unsupported"],
    [
      "a version 2 without identity",
      { outpost: { ...outpost, identity: undefined } },
      "invalid",
      /identity/,
    ],
    [
      "a salted (version-1) digest in version 2",
      { outpost: { ...outpost, digest: { salt: "ab", spec: "cd", env: {} } } },
      "invalid",
      /digest/,
    ],
    ["no version", { outpost: { ...outpost, version: undefined } }, "invalid", /unknown version/],
    ["a missing digest", { outpost: { ...outpost, digest: undefined } }, "invalid", /digest/],
    ["a bad kind", { outpost: { ...outpost, kind: "database" } }, "invalid", /kind/],
    ["a value in clear", { outpost: { ...outpost, env: { TOKEN: "x" } } }, "invalid", /additional/],
    ["a short commit", { outpost: { ...outpost, commit: "abc" } }, "invalid", /commit/],
    ["a non-object", { outpost: "yes" }, "invalid", /not an object/],
  ];
  for (const [what, payload, type, problem] of cases) {
    it(`reads ${what} as ${type}`, () => {
      const parsed = parseDeploymentPayload(payload);
      assert.equal(parsed.type, type);
      if (problem)
        assert.match(parsed.type === "invalid" ? parsed.problems.join("; ") : "", problem);
    });
  }
});

describe("Outpost deployment payload, version 1", () => {
  it("is still read, with its salted digest and no identity", () => {
    const parsed = parseDeploymentPayload({
      outpost: {
        version: 1,
        kind: "service",
        namespace: "acme",
        key: "llama",
        outpostName: "llama",
        digest: { salt: "ab", spec: "cd", env: {} },
        repository: "acme/models",
        commit,
      },
    });
    assert.ok(parsed.type === "outpost");
    assert.equal(parsed.payload.identity, undefined);
  });
});
