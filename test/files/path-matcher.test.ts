import assert from "node:assert/strict";
import { test } from "node:test";
import { normaliseGlob, PathMatcher } from "../../src/files/path-matcher.ts";

test("a leading `./` and `\\` separators are normalised away", () => {
  const forms: readonly (readonly [string, string])[] = [
    ["./training/**", "training/**"],
    ["././training/**", "training/**"],
    [".//training/*.py", "training/*.py"],
    [".\\training\\**", "training/**"],
    ["training/**", "training/**"],
    [".github/**", ".github/**"],
  ];
  for (const [written, normalised] of forms) assert.equal(normaliseGlob(written), normalised);
});

test("what each pattern selects", () => {
  const cases: readonly (readonly [string, readonly string[], readonly string[]])[] = [
    [
      "training/**",
      ["training/a.py", "training/sub/b.py"],
      ["training", "training/.e.py", "other/a.py"],
    ],
    ["./training/**", ["training/a.py"], ["./training/a.py"]],
    ["**/*.py", ["a.py", "x/y/z.py"], [".hidden/c.py", "x/.cache/d.py", "a.pyc"]],
    ["training/*", ["training/a.py"], ["training/sub/b.py"]],
    [".github/**", [".github/workflows/ci.yml"], []],
    [
      "configs/{llama,mistral}/*.yaml",
      ["configs/llama/a.yaml", "configs/mistral/b.yaml"],
      ["configs/gpt/c.yaml"],
    ],
    ["data/[ab].csv", ["data/a.csv"], ["data/c.csv"]],
    ["Training/**", [], ["training/a.py"]],
    ["!training/**", ["!training/a.py"], ["other/a.py"]],
    // Refused by the schema anyway; against repository paths it can select nothing.
    ["../outside/*", [], ["outside/a"]],
  ];
  for (const [pattern, selected, skipped] of cases) {
    const matcher = new PathMatcher([pattern]);
    for (const path of selected) assert.ok(matcher.matches(path), `${pattern} selects ${path}`);
    for (const path of skipped) assert.ok(!matcher.matches(path), `${pattern} skips ${path}`);
  }
});

test("folders that cannot hold a match are not walked", () => {
  const matcher = new PathMatcher(["training/*.py", ".github/**"]);
  assert.ok(matcher.mayMatchInside("training"));
  assert.ok(matcher.mayMatchInside(".github"));
  assert.ok(!matcher.mayMatchInside("node_modules"));
  assert.ok(!matcher.mayMatchInside("training/sub"));
  const everywhere = new PathMatcher(["**/*.py"]);
  assert.ok(everywhere.mayMatchInside("a/b/c"));
  assert.ok(!everywhere.mayMatchInside(".venv"));
});
