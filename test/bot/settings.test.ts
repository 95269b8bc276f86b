import assert from "node:assert/strict";
import { test } from "node:test";
import { BotConfigError } from "../../src/bot/bot-config-error.ts";
import { findGrant, parseOperatorConfig } from "../../src/bot/operator-config.ts";
import { describeSettings, readSettings, webUrlOf } from "../../src/bot/settings.ts";
import { appKeys } from "./harness.ts";

const token = "tok_secret_for_acme_0000";

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof BotConfigError, String(error));
    return error.problems;
  }
  assert.fail("expected a BotConfigError");
}

test("the operator config grants namespaces per owner, with credentials from the file or the environment", () => {
  const config = parseOperatorConfig(
    `
apiUrl: https://outpost.example
pollIntervalSeconds: 15
grants:
  - owner: Acme
    namespaces: [acme, acme-research]
    credentials: { tokenEnv: OUTPOST_TOKEN_ACME }
    secrets:
      HF_TOKEN: { env: ACME_HF_TOKEN }
      WANDB_API_KEY: inline-value
  - owner: globex
    namespaces: [globex]
    credentials: { apiKey: "ci-key$sk_live_abc" }
`,
    "operator.yaml",
    { OUTPOST_TOKEN_ACME: token, ACME_HF_TOKEN: "hf_x" },
  );
  assert.equal(config.pollIntervalMs, 15_000);
  assert.equal(config.leaseMs, 45_000);
  assert.equal(config.minCheckRunWriteIntervalMs, 10_000);
  assert.deepEqual(
    config.writeBudget,
    { perMinute: 60, perHour: 400 },
    "below GitHub's 80 and 500",
  );
  assert.equal(config.fleetThreshold, 20);
  const acme = findGrant(config, "acme", "acme-research");
  assert.deepEqual(acme?.credentials, { kind: "token", token });
  assert.deepEqual(acme?.secrets, { HF_TOKEN: "hf_x", WANDB_API_KEY: "inline-value" });
  assert.equal(findGrant(config, "acme", "globex"), undefined, "an owner gets only its namespaces");
  assert.equal(findGrant(config, "globex", "globex")?.credentials.kind, "api-key");
});

test("every problem of an operator config is reported, without a credential's value", () => {
  const problems = problemsOf(() =>
    parseOperatorConfig(
      JSON.stringify({
        pollIntervalSeconds: 0,
        githubWriteBudget: { perMinute: 0, perDay: 9 },
        fleetThreshold: 0.5,
        grants: [
          { owner: "acme", namespaces: [], credentials: { token: "a", apiKey: "b" } },
          { owner: "ok", namespaces: ["ns"], credentials: { tokenEnv: "MISSING_TOKEN" } },
          { owner: "bad", namespaces: ["ns"], credentials: { token: `with space ${token}` } },
        ],
        extra: true,
      }),
      "in OUTPOST_BOT_CONFIG",
      {},
    ),
  );
  assert.ok(problems.length >= 3, problems.join("\n"));
  assert.match(problems.join("\n"), /\/githubWriteBudget\/perMinute must be >= 1/);
  assert.match(problems.join("\n"), /\/fleetThreshold must be integer/);
  const second = problemsOf(() =>
    parseOperatorConfig(
      JSON.stringify({
        grants: [
          { owner: "ok", namespaces: ["ns"], credentials: { tokenEnv: "MISSING_TOKEN" } },
          { owner: "bad", namespaces: ["ns"], credentials: { token: `with space ${token}` } },
        ],
      }),
      "in OUTPOST_BOT_CONFIG",
      {},
    ),
  );
  assert.match(second.join("\n"), /MISSING_TOKEN, which is not set/);
  assert.match(second.join("\n"), /\/grants\/1\/credentials: .*spaces/);
  assert.ok(!second.join("\n").includes(token));
  const yaml = problemsOf(() => parseOperatorConfig(`grants: [\n  token: ${token}`, "x", {}));
  assert.ok(!yaml.join("\n").includes(token), "a YAML error does not quote the text");
});

test("settings come from the environment, are validated all at once, and log without secrets", () => {
  const problems = problemsOf(() =>
    readSettings({
      env: { PORT: "eighty", OUTPOST_BOT_WORKERS: "0", OUTPOST_BOT_DELIVERY_ATTEMPTS: "-1" },
    }),
  );
  assert.deepEqual(
    problems.map((p) => p.split(" ")[0]),
    [
      "APP_ID",
      "WEBHOOK_SECRET",
      "PRIVATE_KEY",
      "OUTPOST_BOT_CONFIG",
      "PORT",
      "OUTPOST_BOT_WORKERS",
      "OUTPOST_BOT_DELIVERY_ATTEMPTS",
    ],
  );
  assert.match(problems.join("\n"), /OUTPOST_BOT_WORKERS must be a whole number ≥ 1, not "0"/);
  const { privateKey } = appKeys();
  const settings = readSettings({
    env: {
      APP_ID: "42",
      PRIVATE_KEY: Buffer.from(privateKey).toString("base64"),
      WEBHOOK_SECRET: "whsec",
      OUTPOST_BOT_CONFIG: "/etc/outpost/operator.json",
      DATABASE_URL: "postgres://bot:hunter2@db:5432/outpost",
      GITHUB_API_URL: "https://ghe.example.com/api/v3",
    },
    readFile: (path) => {
      assert.equal(path, "/etc/outpost/operator.json");
      return JSON.stringify({
        grants: [{ owner: "acme", namespaces: ["acme"], credentials: { token } }],
      });
    },
  });
  assert.equal(settings.github.privateKey, privateKey);
  assert.equal(settings.github.webUrl, "https://ghe.example.com");
  assert.equal(settings.store.databaseUrl, "postgres://bot:hunter2@db:5432/outpost");
  const logged = JSON.stringify(describeSettings(settings));
  assert.match(
    logged,
    /"githubWriteBudget":\{"perMinute":60,"perHour":400\},"fleetThreshold":20,"workers":4/,
  );
  for (const secret of [token, "hunter2", "whsec", "BEGIN"])
    assert.ok(!logged.includes(secret), secret);
  assert.equal(webUrlOf("https://api.github.com"), "https://github.com");
});

test("API URLs over plain http off this machine are refused unless the operator allows them", () => {
  const { privateKey } = appKeys();
  const env = (more: Record<string, string>, apiUrl: string) => ({
    env: {
      APP_ID: "42",
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: "whsec",
      OUTPOST_BOT_CONFIG: JSON.stringify({
        apiUrl,
        grants: [{ owner: "acme", namespaces: ["acme"], credentials: { token } }],
      }),
      ...more,
    },
  });
  const insecure = env(
    { GITHUB_API_URL: "http://ghe.internal/api/v3" },
    "http://outpost.internal:8787",
  );
  assert.deepEqual(
    problemsOf(() => readSettings(insecure)),
    [
      "GITHUB_API_URL is http://ghe.internal: plain http would send the app's tokens in clear text; use https, or accept that with OUTPOST_BOT_ALLOW_INSECURE_HTTP=true",
      "the operator config's apiUrl is http://outpost.internal:8787: plain http would send the Outpost credentials in clear text; use https, or accept that with OUTPOST_BOT_ALLOW_INSECURE_HTTP=true",
    ],
  );

  const allowed = readSettings(
    env(
      { GITHUB_API_URL: "http://ghe.internal/api/v3", OUTPOST_BOT_ALLOW_INSECURE_HTTP: "true" },
      "http://outpost.internal:8787",
    ),
  );
  assert.deepEqual(allowed.warnings, [
    "GITHUB_API_URL is http://ghe.internal: plain http sends the app's tokens in clear text (allowed by OUTPOST_BOT_ALLOW_INSECURE_HTTP=true)",
    "the operator config's apiUrl is http://outpost.internal:8787: plain http sends the Outpost credentials in clear text (allowed by OUTPOST_BOT_ALLOW_INSECURE_HTTP=true)",
  ]);
  assert.deepEqual(describeSettings(allowed)["warnings"], allowed.warnings);

  // Loopback (the emulator, a local GitHub) and https need nothing, and warn of nothing.
  assert.deepEqual(
    readSettings(env({ GITHUB_API_URL: "http://127.0.0.1:3001" }, "http://localhost:8787"))
      .warnings,
    [],
  );
  assert.deepEqual(
    problemsOf(() =>
      readSettings(env({ OUTPOST_BOT_ALLOW_INSECURE_HTTP: "yes" }, "https://outpost.run")),
    ),
    ["OUTPOST_BOT_ALLOW_INSECURE_HTTP must be true or false"],
  );
});
