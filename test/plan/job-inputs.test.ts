import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { digestJobInputs, jobInputDigests } from "../../src/plan/job-inputs.ts";

test("a job's input digest changes with the content of matching files only", async () => {
  const root = await mkdtemp(join(tmpdir(), "outpost-inputs-"));
  await mkdir(join(root, "train"), { recursive: true });
  await writeFile(join(root, "train", "train.py"), "print(1)\n");
  await writeFile(join(root, "README.md"), "docs\n");
  const first = await digestJobInputs(root, ["train/**"]);
  await writeFile(join(root, "README.md"), "other docs\n");
  assert.equal(await digestJobInputs(root, ["train/**"]), first, "unrelated file changed");
  await writeFile(join(root, "train", "train.py"), "print(2)\n");
  assert.notEqual(await digestJobInputs(root, ["train/**"]), first, "matching file changed");
  await writeFile(join(root, "train", "train.py"), "print(1)\n");
  assert.equal(await digestJobInputs(root, ["train/**"]), first, "content restored");
  await writeFile(join(root, "train", "extra.py"), "");
  assert.notEqual(await digestJobInputs(root, ["train/**"]), first, "file added");
});

test("only jobs with paths get a digest", async () => {
  const root = await mkdtemp(join(tmpdir(), "outpost-inputs-"));
  const digests = await jobInputDigests(root, [
    { key: "a", paths: ["**/*.py"] },
    { key: "b", paths: [] },
  ]);
  assert.deepEqual([...digests.keys()], ["a"]);
});
