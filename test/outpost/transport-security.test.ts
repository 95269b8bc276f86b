import assert from "node:assert/strict";
import { test } from "node:test";
import { checkTransport, isLoopback } from "../../src/outpost/transport-security.ts";

const setting = (url: string, insecureHttpAllowed = false) => ({
  name: "--api-url",
  url,
  credential: "the Outpost credential",
  optIn: "--allow-insecure-http",
  insecureHttpAllowed,
});

test("https anywhere and http to this machine need no opt-in", () => {
  for (const url of [
    "https://outpost.run",
    "https://10.0.0.5:8443/prefix",
    "http://127.0.0.1:8787",
    "http://127.9.8.7",
    "http://0x7f.1:80", // the URL parser reads it as 127.0.0.1
    "http://localhost:3000",
    "http://LOCALHOST.:3000",
    "http://[::1]:8787",
    "http://[::ffff:127.0.0.1]:8787",
  ]) {
    assert.deepEqual(checkTransport(setting(url)), { allowed: true }, url);
  }
});

test("http to any other host is refused, naming the setting and the opt-in", () => {
  for (const url of [
    "http://outpost.run",
    "http://10.0.0.5:8787",
    "http://128.0.0.1",
    "http://0.0.0.0:8787",
    "http://127.0.0.1.nip.io",
    "http://localhost.example.com",
    "http://[::2]",
    "http://[::ffff:10.0.0.1]",
  ]) {
    const verdict = checkTransport(setting(url));
    assert.equal(verdict.allowed, false, url);
    if (verdict.allowed) continue;
    assert.match(
      verdict.problem,
      /^--api-url is http:\/\/\S+: plain http would send the Outpost credential in clear text; use https, or accept that with --allow-insecure-http$/,
    );
  }
});

test("with the opt-in, plain http is allowed with a warning", () => {
  assert.deepEqual(checkTransport(setting("http://outpost.internal:8787/api", true)), {
    allowed: true,
    warning:
      "--api-url is http://outpost.internal:8787: plain http sends the Outpost credential in clear text (allowed by --allow-insecure-http)",
  });
});

test("other schemes are refused even with the opt-in; a URL's password is never repeated", () => {
  for (const url of ["ftp://outpost.run", "file:///etc/passwd", "ws://outpost.run"]) {
    assert.equal(checkTransport(setting(url, true)).allowed, false, url);
  }
  const verdict = checkTransport(setting("http://user:hunter2-secret@outpost.internal/"));
  assert.ok(!verdict.allowed && !verdict.problem.includes("hunter2"), JSON.stringify(verdict));
  assert.equal(checkTransport(setting("not a url")).allowed, false);
});

test("loopback is 127.0.0.0/8, ::1 and localhost, nothing that only looks like them", () => {
  assert.ok(isLoopback("127.0.0.1") && isLoopback("[::1]") && isLoopback("localhost"));
  assert.ok(!isLoopback("127.0.0.1.example.com") && !isLoopback("my-localhost"));
  assert.ok(!isLoopback("0.0.0.0") && !isLoopback("::"));
});
