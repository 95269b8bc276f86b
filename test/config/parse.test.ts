import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateConfig, validateConfigText } from "../../src/config/load.ts";
import { parseLimits } from "../../src/config/parse.ts";

/**
 * Cases that cannot live in the corpus: broken YAML that the formatter would refuse, and
 * generated inputs (huge, deeply nested). Each states line, column and message like the corpus.
 */
const cases: readonly { name: string; text: string; expect: string }[] = [
  {
    name: "a quoted string that is never closed",
    text: 'version: 1\nnamespace: acme\nservices:\n  api:\n    image: "ghcr.io/acme/api:1\n    gpu: L4\n',
    expect: '7:1 error: invalid YAML: missing closing "quote',
  },
  {
    name: "a key indented less than its siblings",
    text: "version: 1\nnamespace: acme\nservices:\n  api:\n    image: ghcr.io/acme/api:1\n   gpu: L4\n",
    expect: "6:1 error: invalid YAML: all mapping items must start at the same column",
  },
  {
    name: "a tab used for indentation",
    text: "version: 1\nnamespace: acme\nservices:\n  api:\n\timage: ghcr.io/acme/api:1\n",
    expect: "5:1 error: invalid YAML: tabs are not allowed as indentation",
  },
  {
    name: "a flow list without its closing bracket",
    text: "version: 1\nnamespace: acme\njobs:\n  t:\n    command: x\n    image: y\n    gpu: L4\n    paths: [a, b\n",
    expect:
      "9:1 error: invalid YAML: flow sequence in block collection must be sufficiently indented",
  },
  {
    name: "flow collections nested deeper than the limit",
    text: `version: 1\nnamespace: acme\nservices: ${"[".repeat(40)}${"]".repeat(40)}\n`,
    expect: `3:${11 + parseLimits.maxDepth} error: values are nested more than ${parseLimits.maxDepth} levels deep`,
  },
  {
    name: "a Windows line ending file with a mistake",
    text: "version: 1\r\nnamespace: acme\r\nservices:\r\n  api:\r\n    image: x\r\n    gpu: L5\r\n",
    expect:
      '6:10 error: services.api.gpu: must be one of A100-40GB, A100-80GB, H100-80GB, L4, T4, none, got "L5"; did you mean "L4"?',
  },
];

suite("parse: broken and generated input", () => {
  for (const { name, text, expect } of cases) {
    test(name, () => {
      const problems = validateConfigText("outpost.yaml", text).problems;
      const shown = problems.map((p) => `${p.line}:${p.column} ${p.severity}: ${p.message}`);
      assert.equal(shown.length, 1, shown.join("\n"));
      assert.ok(shown[0]?.startsWith(expect), `${shown[0]}\ndoes not start with\n${expect}`);
    });
  }

  test("a file over 1 MiB is refused before parsing, quickly", () => {
    const huge = `version: 1\nnamespace: acme\n# ${"x".repeat(parseLimits.maxBytes)}\n`;
    const started = performance.now();
    const { problems } = validateConfigText("outpost.yaml", huge);
    assert.ok(performance.now() - started < 200);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, "file-too-large");
    assert.match(problems[0]?.message ?? "", /^the file is 1 MiB; the limit is 1 MiB$/);
    assert.deepEqual([problems[0]?.line, problems[0]?.column], [1, 1]);
  });

  test("1 MiB of nested brackets is refused quickly", () => {
    const depth = parseLimits.maxBytes / 2 - 16;
    const text = `version: 1\nnamespace: acme\nx: ${"[".repeat(depth)}${"]".repeat(depth)}`;
    const started = performance.now();
    const { problems } = validateConfigText("outpost.yaml", text);
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(
      problems.map((problem) => problem.code),
      ["too-deep"],
    );
  });

  test("an alias bomb of a billion values is refused quickly", () => {
    const levels = ["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let level = 1; level <= 9; level++) {
      levels.push(
        `x${level}: &x${level} [${Array(10)
          .fill(`*x${level - 1}`)
          .join(", ")}]`,
      );
    }
    const text = `version: 1\nnamespace: acme\n${levels.join("\n")}\n`;
    const started = performance.now();
    const { problems } = validateConfigText("outpost.yaml", text);
    assert.ok(performance.now() - started < 500);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, "too-many-aliases");
    assert.deepEqual([problems[0]?.line, problems[0]?.column], [4, 10]);
  });

  test("a huge file on disk is refused without being read", async () => {
    const folder = await mkdtemp(join(tmpdir(), "outpost-"));
    try {
      const file = join(folder, "outpost.yaml");
      await writeFile(file, "");
      await truncate(file, 512 * 1024 * 1024);
      const { problems } = await validateConfig({ path: "outpost.yaml", cwd: folder });
      assert.equal(problems.length, 1);
      assert.equal(problems[0]?.message, "the file is 512 MiB; the limit is 1 MiB");
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  test("a missing file is one problem naming it", async () => {
    const { problems } = await validateConfig({ path: "nowhere/outpost.yaml" });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.code, "file-unreadable");
    assert.equal(problems[0]?.message, "cannot read nowhere/outpost.yaml: no such file");
  });
});
