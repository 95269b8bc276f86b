import { test } from "node:test";
import assert from "node:assert/strict";
import { credentialKind } from "../../src/config/credentials.ts";

const flagged: readonly [text: string, variable: string | undefined, kind: string][] = [
  ["hf_xyz789", undefined, "a Hugging Face token"],
  ["wk_abc123", "WANDB_API_KEY", "a Weights & Biases key"],
  ["my-key$sk_live_a1b2c3d4e5f6g7h8i9j0", undefined, "an Outpost API key"],
  ["ghp_0123456789abcdefghijABCDEFGHIJ", undefined, "a GitHub token"],
  ["AKIAIOSFODNN7EXAMPLE", undefined, "an AWS access key"],
  ["sk-ant-api03-abcdefghijklmnopqrstuvwxyz", undefined, "an API key"],
  ["-----BEGIN RSA PRIVATE KEY-----", undefined, "a private key"],
  ["correct-horse-battery", "DB_PASSWORD", "a credential (by its name)"],
  ["aZ3kL9mQ2xW7pR4tY8uV1nB6cD0eF5gH", "SALT", "a randomly generated secret"],
];

const ignored: readonly [text: string, variable: string | undefined][] = [
  ["meta-llama/Meta-Llama-3.1-70B-Instruct", "MODEL_ID"],
  ["f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5", "REVISION"],
  [
    "ghcr.io/acme/api@sha256:3f1a2b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708",
    undefined,
  ],
  ["https://api.example.com/v1/embeddings?model=large", "ENDPOINT"],
  ["python train.py --epochs 3 --lr 2e-5", undefined],
  ["true", "USE_TOKEN"],
  ["hf_", undefined],
  ["shf_abcdefgh", undefined],
  ["abcdefghijabcdefghijabcdefghijabcdefghij", "LONG_WORD"],
];

test("credentials are recognised, ordinary values are not", () => {
  for (const [text, variable, kind] of flagged) {
    assert.equal(credentialKind(text, variable), kind, `for ${text}`);
  }
  for (const [text, variable] of ignored) {
    assert.equal(credentialKind(text, variable), undefined, `for ${text}`);
  }
});
