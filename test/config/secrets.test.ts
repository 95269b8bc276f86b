import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { printable } from "../../src/config/desired-state.ts";
import { loadConfigText } from "../../src/config/load.ts";
import { redactor, secretForms, SecretValues } from "../../src/config/secrets.ts";

const git = { sha: "0123456789abcdef0123456789abcdef01234567", ref: "refs/heads/main" };

/** A file that puts secret and environment values in every string field that takes references. */
const text = `version: 1
namespace: acme
defaults:
  branch: \${{ env.BRANCH }}
  env:
    SHARED: \${{ secrets.SHARED }}
services:
  api:
    repo: acme/api
    gpu: L4
    health_check_path: /health/\${{ secrets.PATH_PART }}
    custom_domain: api.acme.com
    env:
      AUTHORIZATION: Bearer \${{ secrets.API_TOKEN }}
      TINY: \${{ secrets.TINY }}
      DOUBLE: \${{ secrets.API_TOKEN }}:\${{ secrets.API_TOKEN }}
      MULTILINE: \${{ secrets.PEM }}
jobs:
  train:
    command: python train.py --token \${{ secrets.API_TOKEN }} --stage \${{ env.STAGE }}
    image: ghcr.io/acme/train:\${{ secrets.IMAGE_TAG }}
    gpu: L4
    output_path: /out/\${{ env.STAGE }}
    env:
      HF_TOKEN: \${{ secrets.HF_TOKEN }}
`;

const secrets = {
  SHARED: "shared-secret-value",
  PATH_PART: "p4th-secret",
  API_TOKEN: "sk_live_a1b2c3d4e5f6g7h8i9j0",
  TINY: "q",
  PEM: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
  IMAGE_TAG: "t4g-secret",
  HF_TOKEN: "hf_xyz789",
};
const env = { BRANCH: "release-branch", STAGE: "stage-value" };

function load() {
  const result = loadConfigText({ path: "outpost.yaml", text, secrets, env, git });
  assert.deepEqual(result.problems, []);
  assert.ok(result.config !== undefined);
  return result.config;
}

suite("secrets never reach printable output", () => {
  const state = load();
  const shown = JSON.stringify(printable(state));

  test("the resolved state holds the real values", () => {
    const service = state.services[0];
    assert.equal(service?.env["AUTHORIZATION"], `Bearer ${secrets.API_TOKEN}`);
    assert.equal(service.env["TINY"], "q");
  });

  test("no secret or environment value survives in the printable form", () => {
    for (const value of [...Object.values(secrets), ...Object.values(env)]) {
      if (value.length < SecretValues.minRedactLength) continue;
      assert.ok(!shown.includes(value), `${JSON.stringify(value)} is shown`);
      for (const line of value.split("\n")) assert.ok(!shown.includes(line), `${line} is shown`);
    }
  });

  test("values embedded in longer strings are masked in place, short ones too", () => {
    assert.partialDeepStrictEqual(printable(state), {
      services: [
        {
          name: "api",
          repo: "acme/api",
          branch: "***",
          health_check_path: "/health/***",
          env: {
            SHARED: "***",
            AUTHORIZATION: "Bearer ***",
            TINY: "***",
            DOUBLE: "***:***",
            MULTILINE: "***",
          },
          custom_domain: "api.acme.com",
        },
      ],
      jobs: [
        {
          runName: "train-0123456",
          body: {
            command: "python train.py --token *** --stage ***",
            image: "ghcr.io/acme/train:***",
            env: { SHARED: "***", HF_TOKEN: "***" },
            output_path: "/out/***",
          },
        },
      ],
    });
  });

  test("the secrets object does not give its values away when printed", () => {
    assert.match(JSON.stringify(state.secrets), /^"\[\d+ secret values\]"$/);
    assert.doesNotMatch(inspect(state.secrets, { depth: 5 }), /sk_live|hf_xyz/);
  });
});

suite("SecretValues", () => {
  test("values() lists every value, short and multi-line ones included", () => {
    const values = new SecretValues();
    values.addField("a\nbcde", "***", ["a\nbcde"]);
    values.addField("x", "***", ["x"]);
    assert.deepEqual([...values.values()].sort(), ["a", "a\nbcde", "bcde", "x"]);
  });

  test("redact() masks long values anywhere, longest first, and leaves short ones", () => {
    const values = new SecretValues();
    values.addField("", "", ["abcd", "abcdefgh", "xy", "a.b*c"]);
    assert.equal(values.redact("abcdefgh abcd abc xy a.b*c aXbYc"), "*** *** abc xy *** aXbYc");
  });

  test("redact() is the identity when there is nothing to mask", () => {
    assert.equal(new SecretValues().redact("nothing here"), "nothing here");
  });
});

suite("the forms a secret takes in transit", () => {
  const value = 'p@ss "word"\\path/x+y%z é\nline-two';
  const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
  const forms: [string, string][] = [
    ["as it is", value],
    ["JSON-escaped", JSON.stringify(value).slice(1, -1)],
    ["JSON-escaped, ASCII only", 'p@ss \\"word\\"\\\\path/x+y%z \\u00e9\\nline-two'],
    ["JSON-escaped twice", JSON.stringify(JSON.stringify(value).slice(1, -1)).slice(1, -1)],
    ["URL-encoded", encodeURIComponent(value)],
    ["form-encoded", new URLSearchParams({ k: value }).toString().slice(2)],
    ["base64", b64(value)],
    ["base64, unpadded", b64(value).replace(/=+$/, "")],
    ["base64url", Buffer.from(value, "utf8").toString("base64url")],
    ["a line of it", "line-two"],
  ];

  test("secretForms lists each, and redact masks each wherever it appears", () => {
    const listed = secretForms(value);
    const secrets = new SecretValues();
    secrets.addField(value, "***", [value]);
    const redact = redactor([value]);
    for (const [what, form] of forms) {
      assert.ok(listed.includes(form), `${what} is listed: ${form}`);
      assert.equal(secrets.redact(`before ${form} after`), "before *** after", what);
      assert.equal(redact(`before ${form} after`), "before *** after", what);
    }
  });

  test("base64 inside a longer payload is masked at every alignment", () => {
    const redact = redactor([value]);
    for (const prefix of ["u:", "us:", "use:"]) {
      const encoded = b64(`${prefix}${value}`);
      const masked = redact(`Authorization: Basic ${encoded}`);
      assert.ok(masked.includes("***"), `${prefix}: ${masked}`);
      // What is left around the mask is at most the characters shared with the prefix and the
      // last, partial group: never a run of the value's own.
      assert.ok(masked.length < `Authorization: Basic `.length + 12, `${prefix}: ${masked}`);
    }
  });

  test("short derived forms are left out; odd input does not throw", () => {
    for (const form of secretForms("ab")) assert.ok(form === "ab" || form.length >= 4, form);
    assert.doesNotThrow(() => secretForms("lone \ud800 surrogate"));
    assert.equal(redactor(["abc"])("abc YWJj"), "abc YWJj", "short values stay as they are");
  });
});
