import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  apiKeyCredentials,
  authorizationHeader,
  parseAuthorization,
  tokenCredentials,
} from "../../src/outpost/credentials.ts";
import { OutpostCredentialsError, OutpostError } from "../../src/outpost/errors.ts";
import { errorReply, scripted } from "../support/fake-outpost.ts";
import { withFakeOutpost } from "../support/outpost-test-client.ts";

const secret = "sk_live_S3CR3T_a1b2c3d4e5f6";
const token = "tok_S3CR3T_f00dfeedbeef";

/** Every way an error is commonly shown or logged. */
function renderings(value: unknown): string[] {
  const shown = [inspect(value, { depth: Infinity, showHidden: true }), JSON.stringify(value)];
  if (value instanceof Error) {
    shown.push(value.message, String(value), value.stack ?? "");
    if (value.cause !== undefined) shown.push(inspect(value.cause, { depth: Infinity }));
  }
  return shown;
}

function assertNoSecret(value: unknown, what: string): void {
  for (const text of renderings(value)) {
    assert.ok(!text.includes(secret), `${what} shows the API key's secret`);
    assert.ok(!text.includes(token), `${what} shows the token`);
    assert.ok(!text.includes("hf_body_secret"), `${what} shows the request body`);
  }
}

test("credentials become the documented Authorization values", () => {
  assert.equal(authorizationHeader({ kind: "token", token: "abc" }), "Bearer abc");
  assert.equal(
    authorizationHeader({ kind: "api-key", name: "my-key", secret: "sk_live_x" }),
    "API-Key my-key$sk_live_x",
  );
  assert.deepEqual(apiKeyCredentials(" my-key$sk_live_x\n"), {
    kind: "api-key",
    name: "my-key",
    secret: "sk_live_x",
  });
  assert.deepEqual(tokenCredentials("abc\n"), { kind: "token", token: "abc" });
  assert.deepEqual(parseAuthorization("Bearer abc"), { kind: "token", token: "abc" });
  assert.deepEqual(parseAuthorization("API-Key k$s"), { kind: "api-key", name: "k", secret: "s" });
});

test("malformed credentials are refused without repeating them", () => {
  const bad: (() => unknown)[] = [
    () => apiKeyCredentials(secret),
    () => apiKeyCredentials(`$${secret}`),
    () => apiKeyCredentials(`bad name$${secret}`),
    () => tokenCredentials(`${token}\r\nX-Evil: 1`),
    () => tokenCredentials(""),
    () => parseAuthorization(`Basic ${token}`),
  ];
  for (const make of bad) {
    assert.throws(make, (error: unknown) => {
      assert.ok(error instanceof OutpostCredentialsError);
      assert.equal(error.code, "OUTPOST_INVALID_CREDENTIALS");
      assertNoSecret(error, "a credentials error");
      return true;
    });
  }
});

for (const credentials of [
  { kind: "token", token },
  { kind: "api-key", name: "ci", secret },
] as const) {
  test(`no error, event or client rendering shows the ${credentials.kind}`, async () => {
    await withFakeOutpost(
      scripted({
        "GET /acme/service/a": [errorReply(401, "unauthorized", "Invalid credentials.")],
        "GET /acme/service/b": [{ drop: true }],
        "GET /acme/service/c": [{ hang: true }],
        "POST /auth/v1/seed/acme/services": [errorReply(422, "invalid", "Bad combination.")],
      }),
      {
        credentials,
        requestTimeoutMs: 150,
        retry: { maxAttempts: 2 },
      },
      async ({ server, client, events }) => {
        const failures = await Promise.all([
          client.getService("acme", "a").catch((e: unknown) => e),
          client.getService("acme", "b").catch((e: unknown) => e),
          client.getService("acme", "c").catch((e: unknown) => e),
          client
            .createService("acme", {
              name: "x",
              image: "i:1",
              gpu: "L4",
              env: { HF_TOKEN: "hf_body_secret" },
            })
            .catch((e: unknown) => e),
        ]);
        for (const failure of failures) {
          assert.ok(failure instanceof OutpostError, String(failure));
          assertNoSecret(failure, failure.name);
        }
        assertNoSecret(events, "the events");
        assertNoSecret(client, "the client");
        // The server did receive the credentials: the test would see a leak if there were one.
        assert.ok(
          server.requests.some((r) =>
            r.headers.authorization?.includes(credentials.kind === "token" ? token : secret),
          ),
        );
      },
    );
  });
}
