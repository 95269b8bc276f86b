/**
 * The repository's own workflows, as users of an action expect them (actions/checkout,
 * deploy-cloudrun): tests and the dist check on every push and pull request with least
 * permissions, the action running itself (`uses: ./`) against the emulator, and a release that
 * publishes CHANGELOG.md's notes and moves `v1`. Every workflow, the examples' too, passes
 * actionlint (which `npm test` also runs).
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { suite, test } from "node:test";
import { parse } from "yaml";
import { lintWorkflow, workflowFiles } from "../../scripts/lint-workflows.ts";
import { releaseNotes, ReleaseNotesError } from "../../scripts/release-notes.ts";

const root = join(import.meta.dirname, "../..");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
}
interface Job {
  readonly permissions?: Readonly<Record<string, string>>;
  readonly services?: Readonly<Record<string, unknown>>;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

async function workflow(name: string): Promise<Workflow> {
  return parse(await readFile(join(root, ".github/workflows", name), "utf8")) as Workflow;
}

const runs = (job: Job | undefined): string =>
  (job?.steps ?? []).map((s) => s.run ?? "").join("\n");

suite("the repository's workflows", () => {
  test("actionlint finds nothing in any of them, the examples' included", async () => {
    const files = await workflowFiles();
    assert.ok(
      files.includes(".github/workflows/ci.yml") &&
        files.includes("examples/workflows/outpost.yml"),
    );
    for (const file of files) {
      assert.deepEqual(
        await lintWorkflow(await readFile(join(root, file), "utf8"), file),
        [],
        file,
      );
    }
  });

  test("actionlint reports a broken workflow, so the check can fail", async () => {
    const broken =
      "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/setup-node@v4\n        with:\n          node-versio: 24\n";
    const problems = await lintWorkflow(broken, "broken.yml");
    assert.ok(
      problems.some((p) => p.startsWith("broken.yml:6:") && /untrusted/.test(p)),
      problems.join("\n"),
    );
    assert.ok(
      problems.some((p) => p.startsWith("broken.yml:9:") && /node-versio/.test(p)),
      problems.join("\n"),
    );
  });

  test("CI: npm ci and npm test on push and pull request, reading only, with the dist check", async () => {
    const ci = await workflow("ci.yml");
    assert.ok("push" in ci.on && "pull_request" in ci.on);
    assert.deepEqual(ci.permissions, { contents: "read" });
    assert.match(runs(ci.jobs["test"]), /^npm ci\nnpm test$/m);
    assert.ok(
      ci.jobs["test"]?.services?.["postgres"] !== undefined,
      "the PostgreSQL store is tested",
    );
    assert.match(runs(ci.jobs["check-dist"]), /npm run build/);
    assert.match(runs(ci.jobs["package"]), /test\/package\/install\.test\.ts/);
  });

  test("the self-test starts the emulator and runs the action itself against it", async () => {
    const job = (await workflow("ci.yml")).jobs["self-test"];
    const steps = job?.steps ?? [];
    const start = steps.findIndex((s) => /npm run emulator/.test(s.run ?? ""));
    const action = steps.findIndex((s) => s.uses === "./");
    assert.ok(start >= 0 && action > start, "the emulator starts before `uses: ./`");
    assert.equal(steps[action]?.with?.["api-url"], "http://127.0.0.1:8787");
    assert.deepEqual(job?.permissions, { contents: "read", deployments: "read" });
  });

  test("a v1.x.y tag checks dist, publishes CHANGELOG's notes and moves v1", async () => {
    const release = await workflow("release.yml");
    assert.deepEqual(release.on, { push: { tags: ["v1.*.*"] } });
    const script = runs(release.jobs["release"]);
    assert.match(script, /npm run check:dist/);
    assert.match(script, /scripts\/release-notes\.ts "\$GITHUB_REF_NAME"/);
    assert.match(script, /gh release create .*--notes-file/);
    assert.match(
      script,
      /git tag --force v1 "\$GITHUB_SHA"\ngit push --force origin refs\/tags\/v1/,
    );
    assert.deepEqual(release.permissions, { contents: "read" });
    assert.deepEqual(release.jobs["release"]?.permissions, { contents: "write" });
  });
});

suite("release notes from CHANGELOG.md", () => {
  const changelog =
    "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2026-12-01\n\n### Added\n\n- JSON outputs.\n\n## [1.1.0] - 2026-11-01\n\n- older\n";

  test("the tag's section, without its heading or the next one", () => {
    assert.equal(releaseNotes(changelog, "v1.2.0", "1.2.0"), "### Added\n\n- JSON outputs.\n");
    assert.equal(releaseNotes(changelog, "v1.1.0", "1.1.0"), "- older\n");
  });

  test("no release without notes, for a tag package.json disagrees with, or a tag that is not vX.Y.Z", () => {
    assert.throws(() => releaseNotes(changelog, "v1.3.0", "1.3.0"), ReleaseNotesError);
    assert.throws(() => releaseNotes(changelog, "v1.2.0", "1.1.0"), /set "version": "1.2.0"/);
    assert.throws(() => releaseNotes(changelog, "v1", "1.2.0"), /not a release tag/);
    assert.throws(
      () => releaseNotes("## [1.2.0] - 2026-12-01\n\n## [1.1.0]\n", "v1.2.0", "1.2.0"),
      /empty/,
    );
  });

  test("CHANGELOG.md has a section for what is not released yet", async () => {
    const text = await readFile(join(root, "CHANGELOG.md"), "utf8");
    assert.match(text, /^## \[Unreleased\]$/m);
  });
});
