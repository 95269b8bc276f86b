import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { test } from "node:test";
import { Digester } from "../../src/records/digest.ts";
import { credentialRecordKey, dedicatedRecordKey } from "../../src/records/record-key.ts";
import { buildDeploymentPayload } from "../../src/records/deployment-payload.ts";

const secret = "483920";
const mask = (value: string) => value.replaceAll(secret, "***");
const spec = { name: "api", gpu: "L4", env: { PIN: secret, MODE: "fast" } };
const key = dedicatedRecordKey("a".repeat(64), "records-key");

test("a record's digests cannot be tested against guesses without the key", () => {
  const digest = new Digester(key, mask).digest(spec, spec.env);
  const payload = JSON.stringify(
    buildDeploymentPayload(
      {
        kind: "service",
        namespace: "acme",
        key: "api",
        outpostName: "api",
        identity: { config: "outpost.yaml", environment: "default" },
        digest,
        commit: "c".repeat(40),
        appliedAt: "2030-01-01T00:00:00Z",
      },
      "acme/app",
      "c".repeat(40),
    ),
  );
  const fields = new Set(payload.match(/[0-9a-f]{32,}/g) ?? []);
  // What version 1 let anyone compute from the payload (salted or not), and plain MACs with
  // anything the payload holds as the key: none of it matches a digest.
  const guesses = [
    createHash("sha256").update(`PIN=${secret}`).digest("hex"),
    createHash("sha256").update(`env\0PIN\0${secret}`).digest("hex"),
    createHmac("sha256", digest.key).update(`env\0PIN\0${secret}`).digest("hex"),
    createHmac("sha256", "").update(`env\0PIN\0${secret}`).digest("hex"),
  ];
  for (const guess of guesses) assert.ok(!fields.has(guess), "a guess matched");
  assert.ok(!payload.includes(secret));
  // With the key it is the digest: that is what lets a plan compare.
  assert.deepEqual(new Digester(key, mask).envChanges(digest, spec.env), {
    added: [],
    removed: [],
    changed: [],
  });
  // The public digest is of what the file says: the secret masked, so no guess changes it.
  const otherPin = { ...spec, env: { ...spec.env, PIN: "000000" } };
  const masksBoth = (value: string) => value.replace(/^\d{6}$/, "***");
  assert.equal(
    new Digester(key, masksBoth).digest(otherPin, otherPin.env).public,
    new Digester(key, masksBoth).digest(spec, spec.env).public,
  );
});

test("keys: a dedicated secret must be long; a credential's key changes with the credential", () => {
  assert.throws(() => dedicatedRecordKey("short", "records-key"), /at least 32 characters/);
  const one = credentialRecordKey({ kind: "token", token: "token-one" });
  const two = credentialRecordKey({ kind: "token", token: "token-two" });
  assert.notEqual(one.id, two.id);
  assert.equal(one.id, credentialRecordKey({ kind: "token", token: "token-one" }).id);
  assert.ok(!one.id.includes("token"));
});

test("under another key: a job is compared by the file, a service's secret env cannot be", () => {
  const old = new Digester(credentialRecordKey({ kind: "token", token: "old" }), mask);
  const current = new Digester(key, mask);
  const recorded = old.digest(spec, spec.env);
  assert.equal(current.compare(recorded, spec), "same-in-public");
  assert.equal(current.compare(recorded, { ...spec, gpu: "A10G" }), "different");
  assert.equal(current.envChanges(recorded, spec.env), undefined);
  assert.equal(current.sameEnvInPublic(recorded, spec, spec.env), false, "PIN is a secret");
  const plain = { ...spec, env: { MODE: "fast" } };
  assert.equal(current.sameEnvInPublic(old.digest(plain, plain.env), plain, plain.env), true);
  assert.equal(current.isStale(recorded), true);
  assert.equal(current.isStale(current.digest(spec, spec.env)), false);
});
