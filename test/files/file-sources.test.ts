/**
 * The two file sources — a checkout on disk and a commit's Git tree read through (the fake)
 * GitHub — select the same entries and digest them alike for the same files, whatever form the
 * glob takes; and the Git tree costs one request, whatever the number of files.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test, type TestContext } from "node:test";
import { getOctokit } from "@actions/github";
import { CheckoutFiles } from "../../src/files/checkout-files.ts";
import type { FileSource } from "../../src/files/file-source.ts";
import { GitTreeFiles } from "../../src/files/git-tree-files.ts";
import { jobInputsDigest, selectJobInputs } from "../../src/files/job-inputs.ts";
import { startFakeGitHub, type FakeGitHub } from "../support/fake-github/fake-github.ts";
import type { FileSeed } from "../support/fake-github/state.ts";

const repo = "acme/models";
const sha = "c0ffee".padEnd(40, "0");

const files: Readonly<Record<string, FileSeed>> = {
  "training/train.py": "print('train')\n",
  "training/data/prompts.jsonl": '{"prompt": "héllo"}\n',
  "training/weights.bin": new Uint8Array([0, 1, 2, 0xff, 0xfe, 0x80]),
  "training/.cache/stale.py": "skipped: a dot folder\n",
  "training/latest.jsonl": { symlink: "data/prompts.jsonl" },
  "training/escape": { symlink: "../../../../etc/passwd" },
  "tools/util.py": "def util(): pass\n",
  "src/app/main.py": "print('app')\n",
  "README.md": "# models\n",
};

async function startSources(
  t: TestContext,
): Promise<{ sources: FileSource[]; github: FakeGitHub }> {
  const github = await startFakeGitHub({ repositories: [{ fullName: repo }] });
  const root = await mkdtemp(join(tmpdir(), "outpost-sources-"));
  t.after(async () => {
    await github.close();
    await rm(root, { recursive: true, force: true });
    assert.deepEqual(github.rejections, [], "the fake GitHub refused requests");
    assert.deepEqual(github.responseProblems, [], "the fake GitHub answered off its description");
  });
  github.state.addFiles(repo, sha, files);
  for (const [path, seed] of Object.entries(files)) {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    if (typeof seed === "object" && "symlink" in seed) await symlink(seed.symlink, file);
    else await writeFile(file, seed);
  }
  const octokit = getOctokit(github.state.issueActionsToken(repo), { baseUrl: github.url });
  const tree = new GitTreeFiles(octokit, { owner: "acme", repo: "models", sha });
  return { sources: [new CheckoutFiles(root), tree], github };
}

const selections: Readonly<Record<string, readonly string[]>> = {
  "./training/**": [
    "training/data/prompts.jsonl",
    "training/escape",
    "training/latest.jsonl",
    "training/train.py",
    "training/weights.bin",
  ],
  "**/*.py": ["src/app/main.py", "tools/util.py", "training/train.py"],
  "training/*": [
    "training/escape",
    "training/latest.jsonl",
    "training/train.py",
    "training/weights.bin",
  ],
  "{README.md,training/.cache/*}": ["README.md", "training/.cache/stale.py"],
};

test("`./training/**`, `training/**` and `**/*.py` select and digest alike in a checkout and a Git tree", async (t) => {
  const { sources, github } = await startSources(t);
  const [checkout, tree] = sources;
  assert.ok(checkout && tree);
  const digests = new Set<string>();
  for (const [glob, expected] of Object.entries(selections)) {
    const job = { key: "train", paths: [glob] };
    for (const source of sources) {
      const selected = await selectJobInputs(source, job);
      assert.deepEqual(
        selected.map((entry) => entry.path),
        expected,
        `${glob} in ${source.name}`,
      );
    }
    const fromCheckout = await selectJobInputs(checkout, job);
    assert.deepEqual(await selectJobInputs(tree, job), fromCheckout, `${glob}: kinds and sizes`);
    for (const entry of fromCheckout) {
      assert.equal(await tree.blobId(entry), await checkout.blobId(entry), entry.path);
    }
    const digest = await jobInputsDigest(checkout, job);
    assert.equal(await jobInputsDigest(tree, job), digest, glob);
    digests.add(digest);
  }
  assert.equal(digests.size, Object.keys(selections).length, "different selections, same digest");
  // `./` and `.\` change nothing.
  for (const glob of ["training/**", ".\\training\\**", "././training/**"]) {
    const job = { key: "train", paths: [glob] };
    for (const source of sources) {
      assert.equal(
        await jobInputsDigest(source, job),
        await jobInputsDigest(checkout, { key: "train", paths: ["./training/**"] }),
        `${glob} in ${source.name}`,
      );
    }
  }
  const treeRequests = github.requests.filter((r) => r.operationId === "git/get-tree");
  assert.equal(treeRequests.length, 1, "one request for the whole tree");
  assert.equal(github.requests.length, 1, "no file is downloaded");
});

test("the Git tree's budget is checked from the sizes GitHub states, before anything else", async (t) => {
  const { sources } = await startSources(t);
  for (const source of sources) {
    await assert.rejects(
      jobInputsDigest(
        source,
        { key: "finetune", paths: ["**/*.py"] },
        { maxFiles: 2, maxBytes: 1 << 20 },
      ),
      new RegExp(
        `^RepositoryFilesError: job \`finetune\`: its \`paths:\` select 3 files in ${source.name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}, over the budget of 2 files a job`,
      ),
    );
  }
});

test("a truncated or malformed tree is an error, never an empty selection", async () => {
  const answers: readonly unknown[] = [
    { sha, url: "u", tree: [], truncated: true },
    { sha, url: "u", tree: [{ path: "a.py", mode: "100644", type: "blob" }], truncated: false },
    { sha, url: "u", truncated: false },
    null,
  ];
  for (const data of answers) {
    const github = { request: () => Promise.resolve({ status: 200, headers: {}, data }) };
    const tree = new GitTreeFiles(github, { owner: "acme", repo: "models", sha });
    await assert.rejects(
      jobInputsDigest(tree, { key: "train", paths: ["**"] }),
      /^RepositoryFilesError: job `train`: (acme\/models at c0ffee0 has more files than GitHub lists at once|GitHub's tree of acme\/models at c0ffee0 cannot be used)/,
      JSON.stringify(data),
    );
  }
});
