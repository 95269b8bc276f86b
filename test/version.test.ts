import { test } from "node:test";
import assert from "node:assert/strict";
import { userAgent, version } from "../src/version.ts";

test("user agent names the product and its version", () => {
  assert.match(version, /^\d+\.\d+\.\d+/);
  assert.equal(userAgent, `outpost-gitops/${version}`);
});
