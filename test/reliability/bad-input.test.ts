/**
 * Bad input: every file of the invalid-config corpus, a file over the size limit, and property-
 * based mutations of the valid corpus and the example (fast-check, fixed seed): characters
 * deleted, inserted and swapped, lines duplicated, re-indented and cut, values replaced by any
 * JSON value or a tricky one, keys dropped, misspelt or added.
 *
 * Whatever the file, `validateConfig`/`loadConfig` return problems instead of throwing, each
 * problem points inside the file (line and column ≥ 1, on a line that exists), and the CLI
 * (`validate`, `plan`, `apply`) exits 1 with `file:line:column: error:` lines, no stack trace,
 * and not one request to the live emulator it was pointed at.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, suite, test } from "node:test";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { loadConfigText, validateConfigText } from "../../src/config/load.ts";
import { parseLimits } from "../../src/config/parse.ts";
import { hasErrors, type Problem } from "../../src/config/problems.ts";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.ts";
import { hasStackTrace, outpost, projectDir } from "./cli.ts";

const corpus = join(import.meta.dirname, "../config/corpus");
const corpusFiles = (folder: string) =>
  readdirSync(join(corpus, folder))
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(corpus, folder, name), "utf8") }));

const validSources = [
  ...corpusFiles("valid"),
  {
    name: "examples/outpost.yaml",
    text: readFileSync(join(import.meta.dirname, "../../examples/outpost.yaml"), "utf8"),
  },
];

/** Every secret and variable the valid files refer to, so that only the mutation can break them. */
const context = {
  secrets: { HF_TOKEN: "hf-x", API_TOKEN: "api-x", WANDB_API_KEY: "wandb-x" },
  env: { STAGE: "prod" },
  git: { sha: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2", ref: "refs/heads/main" },
};

/** The problem is placed inside `text`: a line that exists and a column on it (or just past it). */
function assertPositioned(problem: Problem, text: string, file: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  const where = `${problem.line}:${problem.column} ${problem.message}`;
  assert.equal(problem.file, file, where);
  assert.ok(problem.message.trim().length > 0, where);
  assert.ok(Number.isInteger(problem.line) && problem.line >= 1, where);
  assert.ok(Number.isInteger(problem.column) && problem.column >= 1, where);
  assert.ok(problem.line <= lines.length, `${where}: past the last line ${lines.length}`);
  const length = lines[problem.line - 1]?.length ?? 0;
  assert.ok(problem.column <= length + 1, `${where}: past the end of its line (${length})`);
}

/** Checks the core's answer for `text`; returns whether it has errors. */
function checkCore(text: string, resolve: Partial<typeof context> = context): boolean {
  const file = "outpost.yaml";
  const validated = validateConfigText(file, text);
  const loaded = loadConfigText({ path: file, text, ...resolve });
  for (const problem of [...validated.problems, ...loaded.problems]) {
    assertPositioned(problem, text, file);
  }
  assert.equal(hasErrors(validated.problems), validated.document === undefined);
  assert.equal(hasErrors(loaded.problems), loaded.config === undefined);
  return hasErrors(loaded.problems);
}

// Mutations -----------------------------------------------------------------------------------

type Mutation = (text: string) => string;

const tricky = fc.constantFrom<unknown>(
  "",
  " ",
  "${{",
  "${{ secrets.NOT_SET }}",
  "${{ env }}",
  "$${{ x }}",
  "A100-80GB ",
  "x".repeat(300),
  "名前",
  "\u0000",
  -1,
  0,
  1.5,
  2 ** 53,
  Infinity,
  true,
  null,
  [],
  {},
  [1, [2, [3]]],
);

const yamlTokens = fc.constantFrom(
  ":",
  ": ",
  "- ",
  "{",
  "}",
  "[",
  "]",
  "&a ",
  "*a",
  "!!str ",
  "!custom ",
  "<<: *a",
  "\t",
  "'",
  '"',
  "# ",
  "\n",
  "\n  ",
  "---\n",
  "${{ ",
  "|\n",
  ">-\n",
  "? ",
  "%YAML 1.1\n",
);

const at = (text: string, fraction: number) => Math.floor(fraction * text.length);
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const textMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fraction, fc.integer({ min: 1, max: 40 })).map(
    ([start, length]): Mutation =>
      (text) =>
        text.slice(0, at(text, start)) + text.slice(at(text, start) + length),
  ),
  fc.tuple(fraction, fc.oneof(yamlTokens, fc.string({ maxLength: 8 }))).map(
    ([position, inserted]): Mutation =>
      (text) =>
        text.slice(0, at(text, position)) + inserted + text.slice(at(text, position)),
  ),
  fraction.map(
    (position): Mutation =>
      (text) =>
        text.slice(0, at(text, position)),
  ),
  fc
    .tuple(fraction, fraction, fc.constantFrom("dup", "swap", "indent", "dedent"))
    .map(([first, second, kind]): Mutation => (text) => {
      const lines = text.split("\n");
      const i = Math.floor(first * lines.length);
      const j = Math.floor(second * lines.length);
      const line = lines[i] ?? "";
      if (kind === "dup") lines.splice(i, 0, line);
      if (kind === "swap") [lines[i], lines[j]] = [lines[j] ?? "", line];
      if (kind === "indent") lines[i] = `  ${line}`;
      if (kind === "dedent") lines[i] = line.replace(/^ {1,2}/, "");
      return lines.join("\n");
    }),
);

/** Every path to a value in `data`, the root excluded. */
function pathsOf(data: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof data !== "object" || data === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(data)
    ? data.map((item, index) => [index, item])
    : Object.entries(data);
  return entries.flatMap(([key, value]) => [[...prefix, key], ...pathsOf(value, [...prefix, key])]);
}

/** `data` with the value at `path` replaced by `change(old)`, or removed when it returns undefined. */
function edit(
  data: unknown,
  path: readonly (string | number)[],
  change: (old: unknown) => unknown,
): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return change(data);
  if (typeof data !== "object" || data === null) return data;
  const copy: Record<string | number, unknown> | unknown[] = Array.isArray(data)
    ? [...(data as unknown[])]
    : { ...(data as Record<string, unknown>) };
  const next = edit((copy as Record<string | number, unknown>)[head], rest, change);
  if (next === undefined && rest.length === 0) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
  } else {
    (copy as Record<string | number, unknown>)[head] = next;
  }
  return copy;
}

function misspell(key: string, position: number): string {
  if (key.length < 2) return `${key}x`;
  const i = Math.min(key.length - 2, Math.floor(position * (key.length - 1)));
  return key.slice(0, i) + (key[i + 1] ?? "") + (key[i] ?? "") + key.slice(i + 2);
}

/** A change to the parsed document, written back as YAML. */
const valueMutation: fc.Arbitrary<Mutation> = fc
  .tuple(
    fraction,
    fc.oneof(
      fc.record({ kind: fc.constant("replace" as const), value: fc.oneof(tricky, fc.jsonValue()) }),
      fc.record({ kind: fc.constant("delete" as const) }),
      fc.record({
        kind: fc.constant("add" as const),
        key: fc.string({ minLength: 1, maxLength: 12 }),
        value: fc.jsonValue(),
      }),
      fc.record({ kind: fc.constant("misspell" as const), position: fraction }),
    ),
  )
  .map(([which, change]): Mutation => (text) => {
    let data: unknown;
    try {
      data = parse(text);
    } catch {
      return text; // an earlier mutation broke the YAML: nothing to change by value
    }
    const paths = pathsOf(data);
    const path = paths[Math.floor(which * paths.length)] ?? [];
    let changed: unknown;
    switch (change.kind) {
      case "replace":
        changed = edit(data, path, () => change.value);
        break;
      case "delete":
        changed = edit(data, path, () => undefined);
        break;
      case "add":
        changed = edit(data, path.slice(0, -1), (parent) =>
          typeof parent === "object" && parent !== null && !Array.isArray(parent)
            ? { ...parent, [change.key]: change.value }
            : parent,
        );
        break;
      case "misspell": {
        const key = path.at(-1);
        changed =
          typeof key === "string"
            ? edit(data, path.slice(0, -1), (parent) =>
                Object.fromEntries(
                  Object.entries(parent as Record<string, unknown>).map(([k, v]) => [
                    k === key ? misspell(k, change.position) : k,
                    v,
                  ]),
                ),
              )
            : data;
        break;
      }
    }
    // Deleting the root leaves nothing: an empty file.
    return changed === undefined ? "" : stringify(changed);
  });

/** A valid source and one to three mutations applied to it in turn. */
const mutatedFile = fc
  .tuple(
    fc.constantFrom(...validSources),
    fc.array(
      fc.oneof({ arbitrary: textMutation, weight: 3 }, { arbitrary: valueMutation, weight: 2 }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
  )
  .map(([source, mutations]) => ({
    source: source.name,
    text: mutations.reduce((text, mutate) => mutate(text), source.text),
  }));

const runs = { seed: 20260731, numRuns: 200 } as const;

// Tests ---------------------------------------------------------------------------------------

suite("bad input never crashes, always says where, and never calls the API", () => {
  let emulator: Emulator;
  before(async () => {
    emulator = await startEmulator({ seed: 1 });
  });
  after(async () => {
    await emulator.close();
  });

  /**
   * Runs plan and apply on `text` (and validate, unless the file is wrong only once resolved,
   * which validate does not do); each must fail cleanly, positioned, offline.
   */
  async function assertRefusedByCli(dir: string, text: string): Promise<void> {
    await writeFile(join(dir, "outpost.yaml"), text);
    const env = { OUTPOST_API_URL: emulator.url, OUTPOST_TOKEN: "dev-token" };
    const invalidUnresolved = hasErrors(validateConfigText("outpost.yaml", text).problems);
    const commands = [["plan"], ["apply", "--yes"], ...(invalidUnresolved ? [["validate"]] : [])];
    for (const argv of commands) {
      const run = await outpost(argv, { cwd: dir, env });
      const shown = `outpost ${argv.join(" ")}:\n${text}\n--- stderr\n${run.stderr}`;
      assert.equal(run.crashed, false, shown);
      assert.equal(run.code, 1, shown);
      assert.ok(!hasStackTrace(run.stderr + run.stdout), shown);
      const output = argv[0] === "validate" ? run.stdout + run.stderr : run.stderr;
      assert.match(output, /^outpost\.yaml:\d+:\d+: error: /m, shown);
    }
    assert.equal(emulator.stats.snapshot().total, 0, "a request reached the API");
  }

  test("every file of the invalid corpus", async (t) => {
    const dir = await projectDir(t, {});
    for (const { name, text } of corpusFiles("invalid")) {
      // As the CLI sees it here: no secret, no variable, no git repository.
      assert.ok(checkCore(text, {}), `${name} has no error`);
      await t.test(name, () => assertRefusedByCli(dir, text));
    }
  });

  test("a file over the size limit is refused unread, at 1:1", async (t) => {
    const text = `version: 1\nnamespace: acme\n# ${"x".repeat(parseLimits.maxBytes)}\n`;
    const problems = validateConfigText("outpost.yaml", text).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, p.line, p.column]),
      [["file-too-large", 1, 1]],
    );
    await assertRefusedByCli(await projectDir(t, {}), text);
  });

  test("mutated valid files: the core never throws and places every problem in the file", () => {
    let invalid = 0;
    fc.assert(
      fc.property(mutatedFile, ({ text }) => {
        if (checkCore(text)) invalid++;
      }),
      runs,
    );
    // Mutations that all leave files valid would prove nothing.
    assert.ok(invalid > runs.numRuns / 3, `only ${invalid} of ${runs.numRuns} mutants invalid`);
  });

  test("mutated files with errors: the CLI fails cleanly with positions and no API call", async (t) => {
    const dir = await projectDir(t, {});
    await fc.assert(
      fc.asyncProperty(mutatedFile, async ({ text }) => {
        const file = "outpost.yaml";
        if (!hasErrors(validateConfigText(file, text).problems)) return;
        await assertRefusedByCli(dir, text);
      }),
      { ...runs, numRuns: 100 },
    );
  });
});
