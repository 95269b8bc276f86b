import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDuration, parseDuration } from "../../src/duration.ts";

test("durations are read with their units, and a bare number is refused", () => {
  const cases: [string, number | undefined][] = [
    ["15m", 900_000],
    ["1h30m", 5_400_000],
    ["1h 30m", 5_400_000],
    ["90s", 90_000],
    ["500ms", 500],
    ["1.5s", 1_500],
    ["2H", 7_200_000],
    ["15", undefined],
    ["", undefined],
    ["m", undefined],
    ["15 minutes", undefined],
    ["-5m", undefined],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test("durations are shown at the precision a reader needs", () => {
  const cases: [number, string][] = [
    [250, "250ms"],
    [1_234, "1.2s"],
    [42_000, "42s"],
    [90_000, "1m 30s"],
    [5_400_000, "1h 30m"],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
});
