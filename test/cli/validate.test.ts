import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../../src/cli/command.ts";
import { run } from "../../src/cli/main.ts";
import { parseJsonOutput } from "../support/json-outputs.ts";

const root = join(import.meta.dirname, "../..");
const threeMistakes = "test/config/corpus/invalid/three-mistakes.yaml";
const problemLine = /^(.+):(\d+):(\d+): (error|warning): (.+)$/;

/** Runs `outpost …args` in-process, from the repository root unless told otherwise. */
async function outpostIn(cwd: string, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    env: {},
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

const outpost = (...args: string[]) => outpostIn(root, ...args);

suite("outpost validate", () => {
  test("the example is valid: exit 0", async () => {
    const result = await outpost("validate", "examples/outpost.yaml");
    assert.deepEqual(result, { code: 0, stdout: "examples/outpost.yaml: valid\n", stderr: "" });
  });

  test("three independent mistakes: three lines a problem matcher reads, then a summary; exit 1", async () => {
    const { code, stdout } = await outpost("validate", threeMistakes);
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split("\n");
    assert.deepEqual(
      lines.slice(0, -1).map((line) => problemLine.exec(line)?.slice(1, 5)),
      [
        [threeMistakes, "10", "10", "error"],
        [threeMistakes, "11", "19", "error"],
        [threeMistakes, "18", "14", "error"],
      ],
    );
    assert.equal(lines.at(-1), `${threeMistakes}: 3 errors, 0 warnings`);
  });

  test("warnings alone do not fail", async () => {
    const file = "test/config/corpus/warnings/pasted-hugging-face-token.yaml";
    const { code, stdout } = await outpost("validate", file);
    assert.equal(code, 0);
    assert.match(stdout, /^.+:10:17: warning: .+Hugging Face token/m);
    assert.match(stdout, /: 0 errors, 1 warning\n$/);
  });

  test("--json prints every problem with its position, path, expectation and suggestion", async () => {
    const { code, stdout } = await outpost("validate", threeMistakes, "--json");
    assert.equal(code, 1);
    const report = parseJsonOutput("validate", stdout);
    assert.equal(report.problems.length, 3);
    assert.partialDeepStrictEqual(report, {
      file: threeMistakes,
      valid: false,
      errors: 3,
      warnings: 0,
      problems: [
        {
          severity: "error",
          code: "invalid-value",
          file: threeMistakes,
          line: 10,
          column: 10,
          path: "services.llama-3-serving.gpu",
          expected: "one of A100-40GB, A100-80GB, H100-80GB, L4, T4, none",
          suggestion: "A100-80GB",
        },
      ],
    });
  });

  test("--json of a valid file", async () => {
    const { code, stdout } = await outpost("validate", "--json", "examples/outpost.yaml");
    assert.equal(code, 0);
    assert.deepEqual(parseJsonOutput("validate", stdout), {
      format_version: "1.0",
      file: "examples/outpost.yaml",
      valid: true,
      errors: 0,
      warnings: 0,
      problems: [],
    });
  });

  test("the file defaults to ./outpost.yaml; a missing file is an error naming it", async () => {
    const empty = await mkdtemp(join(tmpdir(), "outpost-"));
    const { code, stdout } = await outpostIn(empty, "validate");
    await rm(empty, { recursive: true });
    assert.equal(code, 1);
    assert.equal(
      stdout,
      "outpost.yaml:1:1: error: cannot read outpost.yaml: no such file\noutpost.yaml: 1 error, 0 warnings\n",
    );
  });

  test("usage errors exit 2 and say what was wrong", async () => {
    const unknownOption = await outpost("validate", "--jsn");
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /^outpost validate: Unknown option '--jsn'/);
    const twoFiles = await outpost("validate", "a.yaml", "b.yaml");
    assert.equal(twoFiles.code, 2);
    assert.match(twoFiles.stderr, /expected one file, got 2/);
  });

  test("--help", async () => {
    const { code, stdout } = await outpost("validate", "--help");
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: outpost validate \[file\] \[--json\]/);
  });
});

suite("outpost", () => {
  test("lists its commands; an unknown command is a usage error", async () => {
    const help = await outpost("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}validate {2}check outpost.yaml for errors, offline$/m);
    const unknown = await outpost("deploy");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^outpost: unknown command "deploy"/);
    assert.equal((await outpost()).code, 2);
  });

  test("runs as a real process through bin/outpost.js", () => {
    const ok = spawnSync(
      process.execPath,
      ["bin/outpost.js", "validate", "examples/outpost.yaml"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    assert.equal(ok.stderr, "");
    assert.equal(ok.stdout, "examples/outpost.yaml: valid\n");
    assert.equal(ok.status, 0);
    const bad = spawnSync(process.execPath, ["bin/outpost.js", "validate", threeMistakes], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout.split("\n").filter((line) => problemLine.test(line)).length, 3);
  });
});
