import { test } from "node:test";
import assert from "node:assert/strict";
import { userInfo } from "node:os";
import { postgresTarget } from "../../../src/bot/store/postgres-connection.ts";

test("a URL without a user connects as the operating-system user", () => {
  const target = postgresTarget("postgres://127.0.0.1:5432/test", "outpost_bot");
  assert.equal(new URL(target.connectionString).username, encodeURIComponent(userInfo().username));
  assert.equal(target.location, "PostgreSQL 127.0.0.1:5432/test (schema outpost_bot)");
});

test("a URL's own user, password and parameters are kept; the location shows neither", () => {
  const url = "postgresql://bot:p%40ss-s3cret@db.internal:6543/state?sslmode=require";
  const target = postgresTarget(url, "outpost_bot");
  assert.equal(target.connectionString, url);
  assert.equal(target.location, "PostgreSQL db.internal:6543/state (schema outpost_bot)");
});

test("anything but a postgres URL is refused without repeating it", () => {
  for (const value of ["host=db password=s3cret", "https://u:s3cret@db/x", ""]) {
    assert.throws(
      () => postgresTarget(value, "outpost_bot"),
      (error: Error) => {
        assert.equal((error as { code?: unknown }).code, "STORE_INVALID_ARGUMENT");
        assert.doesNotMatch(error.message, /s3cret/);
        return true;
      },
    );
  }
});
