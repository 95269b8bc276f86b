import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { glob, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestContext } from "node:test";
import { CheckoutFiles } from "../../src/files/checkout-files.ts";
import { RepositoryFilesError } from "../../src/files/file-source.ts";
import { formatByteSize } from "../../src/files/byte-size.ts";
import {
  jobInputBudget,
  jobInputDigests,
  jobInputsDigest,
  selectJobInputs,
} from "../../src/files/job-inputs.ts";
import { legacyJobInputDigests, legacyJobInputsDigest } from "../../src/files/legacy-job-inputs.ts";

type Layout = Readonly<Record<string, string | { readonly symlink: string }>>;

async function checkout(t: TestContext, layout: Layout): Promise<string> {
  const top = await mkdtemp(join(tmpdir(), "outpost-inputs-"));
  t.after(() => rm(top, { recursive: true, force: true }));
  const root = join(top, "repo");
  await mkdir(root);
  for (const [path, content] of Object.entries(layout)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    if (typeof content === "string") await writeFile(file, content);
    else await symlink(content.symlink, file);
  }
  return root;
}

const job = (paths: readonly string[]) => ({ key: "train", paths });

test("a job's input digest changes with the content of matching files only", async (t) => {
  const root = await checkout(t, { "train/train.py": "print(1)\n", "README.md": "docs\n" });
  const digest = () => jobInputsDigest(new CheckoutFiles(root), job(["train/**"]));
  const first = await digest();
  await writeFile(join(root, "README.md"), "other docs\n");
  assert.equal(await digest(), first, "unrelated file changed");
  await writeFile(join(root, "train", "train.py"), "print(2)\n");
  assert.notEqual(await digest(), first, "matching file changed");
  await writeFile(join(root, "train", "train.py"), "print(1)\n");
  assert.equal(await digest(), first, "content restored");
  await writeFile(join(root, "train", "extra.py"), "");
  assert.notEqual(await digest(), first, "file added");
});

test("only jobs with paths get a digest", async (t) => {
  const root = await checkout(t, {});
  const digests = await jobInputDigests(new CheckoutFiles(root), [
    { key: "a", paths: ["**/*.py"] },
    { key: "b", paths: [] },
  ]);
  assert.deepEqual([...digests.keys()], ["a"]);
});

test("a link is digested as its target path, never followed: a file outside cannot make the job due", async (t) => {
  const root = await checkout(t, { "train/train.py": "print(1)\n" });
  const outside = join(dirname(root), "outside.txt");
  await writeFile(outside, "version 1\n");
  await symlink(outside, join(root, "train", "data.txt"));
  const digest = () => jobInputsDigest(new CheckoutFiles(root), job(["train/**"]));
  const first = await digest();
  await writeFile(outside, "version 2, a different size\n");
  assert.equal(await digest(), first);
  await rm(join(root, "train", "data.txt"));
  await symlink("train.py", join(root, "train", "data.txt"));
  assert.notEqual(await digest(), first, "the link's target changed");
});

test("FIFOs, devices behind links, `.git` and nested repositories are never read", async (t) => {
  const root = await checkout(t, {
    "train/train.py": "print(1)\n",
    "train/zeros": { symlink: "/dev/zero" },
    ".git/config": "[core]\n",
    "train/vendor/lib/.git": "gitdir: ../../../.git/modules/lib\n",
    "train/vendor/lib/code.py": "x = 1\n",
  });
  execFileSync("mkfifo", [join(root, "train", "pipe")]);
  const files = new CheckoutFiles(root);
  const entries = await selectJobInputs(files, job(["**", ".git/**"]));
  assert.deepEqual(
    entries.map((entry) => [entry.path, entry.kind, entry.size]),
    [
      ["train/train.py", "file", 9],
      ["train/zeros", "link", 9],
    ],
  );
  // Digesting finishes: the link is its text, the FIFO is no entry.
  assert.match(await jobInputsDigest(files, job(["**"])), /^[0-9a-f]{64}$/);
});

test("blob ids are Git's own: `git ls-files -s` agrees, for files and links", async (t) => {
  const root = await checkout(t, {
    "train/train.py": "print('héllo')\n",
    "train/empty.txt": "",
    "train/crlf.txt": "a\r\nb\r\n",
    "train/link": { symlink: "train.py" },
  });
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "core.autocrlf=false", ...args], { cwd: root, encoding: "utf8" });
  git("init", "-q");
  git("add", "-A");
  const staged = new Map(
    git("ls-files", "-s")
      .trim()
      .split("\n")
      .map((line) => {
        const [mode = "", sha = "", , path = ""] = line.split(/\s+/);
        return [path, { mode, sha }];
      }),
  );
  const files = new CheckoutFiles(root);
  const entries = await selectJobInputs(files, job(["train/**"]));
  assert.equal(entries.length, 4);
  for (const entry of entries) {
    const expected = staged.get(entry.path);
    assert.ok(expected, entry.path);
    assert.equal(await files.blobId(entry), expected.sha, entry.path);
    assert.equal(entry.kind === "link" ? "120000" : "100644", expected.mode, entry.path);
  }
});

test("a job over its budget of files or bytes fails, naming the job and the budget", async (t) => {
  const root = await checkout(t, {
    "train/a.py": "a".repeat(600),
    "train/b.py": "b".repeat(600),
    "train/c.py": "c".repeat(600),
  });
  const files = new CheckoutFiles(root);
  await assert.rejects(
    jobInputsDigest(files, job(["train/*"]), { maxFiles: 2, maxBytes: 1 << 20 }),
    (error: unknown) =>
      error instanceof RepositoryFilesError &&
      /^job `train`: its `paths:` select 3 files in the checkout .*, over the budget of 2 files a job; narrow the globs$/.test(
        error.message,
      ),
  );
  await assert.rejects(
    jobInputsDigest(files, job(["train/*"]), { maxFiles: 10, maxBytes: 1024 }),
    /^RepositoryFilesError: job `train`: the 3 files its `paths:` select in the checkout .* hold 1.8 KiB, over the budget of 1 KiB a job/,
  );
  assert.match(
    await jobInputsDigest(files, job(["train/a.py"]), { maxFiles: 1, maxBytes: 600 }),
    /^[0-9a-f]{64}$/,
  );
});

/**
 * The digest as the code before Git blob ids made it, kept here as the reference legacy records
 * were written with: Node's fs.glob over the checkout, each match read (links followed), folders
 * skipped.
 */
async function digestBeforeBlobIds(root: string, patterns: readonly string[]): Promise<string> {
  const files = new Set<string>();
  for await (const file of glob([...patterns], {
    cwd: root,
    exclude: (f) => f === ".git" || f.startsWith(".git/"),
  })) {
    files.add(file.split("\\").join("/"));
  }
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    let content: Buffer;
    try {
      content = await readFile(`${root}/${file}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EISDIR") continue;
      throw error;
    }
    hash
      .update(file)
      .update("\0")
      .update(createHash("sha256").update(content).digest())
      .update("\0");
  }
  return hash.digest("hex");
}

test("the legacy digest equals what records before Git blob ids hold", async (t) => {
  const root = await checkout(t, {
    "training/train.py": "print('train')\n",
    "training/.hidden.py": "hidden\n",
    "training/.cache/x.py": "cached\n",
    "training/data/prompts.jsonl": '{"p": 1}\n',
    "training/latest.jsonl": { symlink: "data/prompts.jsonl" },
    "training/shared": { symlink: "../configs" },
    "configs/llama.yaml": "lr: 2e-5\n",
    "configs/.env": "X=1\n",
    "tools/util.py": "pass\n",
    "README.md": "# models\n",
  });
  const files = new CheckoutFiles(root);
  for (const paths of [
    ["training/**"],
    ["./training/**"],
    ["**/*.py"],
    ["training/*", "configs/*.yaml"],
    ["**"],
    ["configs/.env", "README.md"],
    ["nothing/**"],
  ]) {
    assert.equal(
      await legacyJobInputsDigest(files, job(paths)),
      await digestBeforeBlobIds(root, paths),
      JSON.stringify(paths),
    );
  }
  const both = await legacyJobInputDigests(files, [job(["training/**"]), { key: "b", paths: [] }]);
  assert.deepEqual([...both.keys()], ["train"]);
  assert.notEqual(
    await legacyJobInputsDigest(files, job(["training/**"])),
    await jobInputsDigest(files, job(["training/**"])),
    "the two algorithms must not be mistaken for each other",
  );
});

test("the legacy digest never reads out of the repository either", async (t) => {
  const root = await checkout(t, { "train/train.py": "print(1)\n" });
  const outside = join(dirname(root), "outside.txt");
  await writeFile(outside, "version 1\n");
  await symlink(outside, join(root, "train", "data.txt"));
  const files = new CheckoutFiles(root);
  const first = await legacyJobInputsDigest(files, job(["train/**"]));
  await writeFile(outside, "version 2\n");
  assert.equal(await legacyJobInputsDigest(new CheckoutFiles(root), job(["train/**"])), first);
});

test("a file that changes between listing and reading is an error, never a partial digest", async (t) => {
  const root = await checkout(t, { "train/data.txt": "0123456789" });
  for (const content of ["0123456789 and more", "0123"]) {
    const files = new CheckoutFiles(root);
    const [entry] = await selectJobInputs(files, job(["train/*"]));
    assert.ok(entry);
    await writeFile(join(root, "train", "data.txt"), content);
    await assert.rejects(
      files.blobId(entry),
      /^RepositoryFilesError: cannot read train\/data\.txt in the checkout .*: it (grew|changed) while it was read$/,
    );
    await writeFile(join(root, "train", "data.txt"), "0123456789");
  }
});

test("the schema states the budget the code enforces", async () => {
  const schema = JSON.parse(
    await readFile(new URL("../../outpost.schema.json", import.meta.url), "utf8"),
  ) as { $defs: { job: { properties: { paths: { description: string } } } } };
  const description = schema.$defs.job.properties.paths.description;
  const files = jobInputBudget.maxFiles.toLocaleString("en");
  const bytes = formatByteSize(jobInputBudget.maxBytes);
  assert.ok(
    description.includes(`at most ${files} files holding ${bytes} together`),
    `${files} files and ${bytes} in: ${description}`,
  );
});
