import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfigText, validateConfigText } from "../../src/config/load.ts";
import type { Problem } from "../../src/config/problems.ts";

/**
 * The corpus: one mistake per file under invalid/ (and one suspicion per file under warnings/),
 * each file stating what it must produce in `# expect: line:column severity: message` comments.
 * Every problem must be expected and every expectation met, in order, so a cascade of extra
 * problems fails as surely as a missing one. `# check: load` resolves the file as well.
 */

const corpus = join(import.meta.dirname, "corpus");

/** What `# check: load` files are resolved with: one secret, one variable, one commit. */
const loadContext = {
  secrets: { KNOWN_SECRET: "s3cr3t-value" },
  env: { KNOWN_VAR: "value" },
  git: { sha: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2", ref: "refs/heads/main" },
};

interface Expectation {
  readonly line: number;
  readonly column: number;
  readonly severity: string;
  readonly message: string;
}

function files(folder: string): string[] {
  return readdirSync(join(corpus, folder))
    .filter((name) => name.endsWith(".yaml"))
    .sort();
}

function expectationsOf(text: string): Expectation[] {
  return [...text.matchAll(/^# expect: (\d+):(\d+) (error|warning): (.*)$/gm)].map((match) => ({
    line: Number(match[1]),
    column: Number(match[2]),
    severity: match[3] ?? "",
    message: match[4] ?? "",
  }));
}

function problemsOf(path: string, text: string): readonly Problem[] {
  const mode = /^# check: (load|load-without-git)$/m.exec(text)?.[1];
  if (mode === undefined) return validateConfigText(path, text).problems;
  const { git: _git, ...withoutGit } = loadContext;
  const context = mode === "load" ? loadContext : withoutGit;
  return loadConfigText({ path, text, ...context }).problems;
}

function show(problems: readonly Problem[]): string {
  return problems
    .map((problem) => `${problem.line}:${problem.column} ${problem.severity}: ${problem.message}`)
    .join("\n");
}

function assertExpectations(folder: string, name: string): readonly Problem[] {
  const path = `${folder}/${name}`;
  const text = readFileSync(join(corpus, path), "utf8");
  const expectations = expectationsOf(text);
  assert.ok(expectations.length > 0, `${path} states no expectation`);
  const problems = problemsOf(path, text);
  assert.equal(
    problems.length,
    expectations.length,
    `${path}: expected ${expectations.length} problem(s), got:\n${show(problems)}`,
  );
  expectations.forEach((expected, index) => {
    const actual = problems[index];
    assert.ok(actual !== undefined);
    assert.deepEqual(
      { line: actual.line, column: actual.column, severity: actual.severity },
      { line: expected.line, column: expected.column, severity: expected.severity },
      `${path}: position of "${expected.message}"; got:\n${show(problems)}`,
    );
    assert.ok(
      actual.message.includes(expected.message),
      `${path}: message\n  ${actual.message}\ndoes not contain\n  ${expected.message}`,
    );
    assert.equal(actual.file, path);
  });
  return problems;
}

suite("invalid files: each mistake reported once, where it is", () => {
  const names = files("invalid");

  test("the corpus holds at least 60 invalid files", () => {
    assert.ok(names.length >= 60, `only ${names.length} files`);
  });

  for (const name of names) {
    test(name, () => {
      const problems = assertExpectations("invalid", name);
      assert.ok(problems.some((problem) => problem.severity === "error"));
    });
  }
});

suite("suspicious files: warnings, and no error", () => {
  for (const name of files("warnings")) {
    test(name, () => {
      const problems = assertExpectations("warnings", name);
      assert.ok(problems.every((problem) => problem.severity === "warning"));
    });
  }
});

suite("valid files: no problem at all", () => {
  const fullContext = {
    secrets: { HF_TOKEN: "hf_test_value_0001", API_TOKEN: "api-token-0002" },
    env: { STAGE: "staging" },
    git: loadContext.git,
  };
  const valid = [
    ...files("valid").map((name) => join(corpus, "valid", name)),
    join(import.meta.dirname, "../../examples/outpost.yaml"),
  ];

  test("the README's minimal file", () => {
    const readme = readFileSync(join(import.meta.dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## outpost.yaml"));
    const text = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(text !== undefined, "README has no outpost.yaml example");
    const loaded = loadConfigText({ path: "README.md", text, ...fullContext });
    assert.equal(show(loaded.problems), "");
  });
  for (const file of valid) {
    test(file.slice(file.lastIndexOf("/") + 1), () => {
      const text = readFileSync(file, "utf8");
      assert.equal(show(validateConfigText(file, text).problems), "");
      const secrets = { ...fullContext.secrets, WANDB_API_KEY: "wk_abc123" };
      const loaded = loadConfigText({ path: file, text, ...fullContext, secrets });
      assert.equal(show(loaded.problems), "");
      assert.ok(loaded.config !== undefined);
    });
  }
});
