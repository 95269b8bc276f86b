/**
 * Plan and apply end to end: the `outpost` CLI (in-process) against the emulator over HTTP, on
 * a fast emulated clock. Each test starts from an empty namespace.
 */
import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startFakeGitHub } from "../support/fake-github/fake-github.ts";
import { finetune, llama, project, sha2 } from "./project.ts";
import { parseJsonOutput } from "../support/json-outputs.ts";

suite("plan and apply against the emulator", { concurrency: true }, () => {
  test("creates from empty, then a second apply of the same file writes nothing", async (t) => {
    const p = await project(t);
    await p.write({ "llama-3-serving": llama() });
    const first = await p.outpost("apply", "--yes", "--json");
    assert.equal(first.code, 0, first.stderr);
    const result = parseJsonOutput("apply", first.stdout);
    assert.equal(result.results[0]?.status, "running");
    assert.deepEqual(p.writes(), { createService: 1 });
    const inspected = p.emulator.controls.inspect().services[0];
    assert.equal(inspected?.env["HF_TOKEN"], "hf_e2e_secret_value");

    const second = await p.outpost("apply", "--yes");
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Plan for acme: no changes/);
    assert.deepEqual(p.writes(), {});
    assert.doesNotMatch(first.stdout + second.stdout + first.stderr, /hf_e2e_secret_value/);
  });

  test("each mutable field is updated by one PUT carrying only that field", async (t) => {
    const p = await project(t);
    await p.write({ "llama-3-serving": llama() });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    p.writes();
    const changes: [string, unknown][] = [
      ["min_replicas", 3],
      ["max_replicas", 12],
      ["target_gpu_utilization", 55],
      ["branch", "release"],
      ["custom_domain", "llama.acme.com"],
    ];
    let service = llama();
    for (const [field, value] of changes) {
      service = { ...service, [field]: value };
      await p.write({ "llama-3-serving": service });
      const plan = parseJsonOutput("plan", (await p.outpost("plan", "--json")).stdout);
      assert.deepEqual(
        plan.changes.map((c) => [c.action, c.fields?.map((f) => [f.field, "to" in f ? f.to : f])]),
        [["update", [[field, value]]]],
        field,
      );
      const applied = await p.outpost("apply", "--yes");
      assert.equal(applied.code, 0, `${field}: ${applied.stderr}${applied.stdout}`);
      assert.deepEqual(p.writes(), { updateService: 1 }, field);
    }
    const live = await fetch(`${p.emulator.url}/acme/service/llama-3-serving`, {
      headers: { authorization: "Bearer dev-token" },
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
    assert.partialDeepStrictEqual(live, {
      min_replicas: 3,
      max_replicas: 12,
      target_gpu_utilization: 55,
      branch: "release",
      custom_domain: "llama.acme.com",
    });
  });

  test("an env change, which the API never returns, is found through the records: exactly one PUT", async (t) => {
    const p = await project(t);
    await p.write({ "llama-3-serving": llama() });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    p.writes();
    const changed = llama();
    changed["env"] = {
      MODEL_ID: "meta-llama/Meta-Llama-3.1-8B-Instruct",
      HF_TOKEN: "${{ secrets.HF_TOKEN }}",
    };
    await p.write({ "llama-3-serving": changed });
    const plan = await p.outpost("plan");
    assert.match(plan.stdout, /`?env`?: changed MODEL_ID \(values hidden\)/);
    const applied = await p.outpost("apply", "--yes");
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(p.writes(), { updateService: 1 });
    assert.equal(
      p.emulator.controls.inspect().services[0]?.env["MODEL_ID"],
      "meta-llama/Meta-Llama-3.1-8B-Instruct",
    );
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    assert.deepEqual(p.writes(), {}, "applying the same env again writes nothing");
  });

  test("a replacement is refused without permission, writing nothing, and done with it", async (t) => {
    const p = await project(t);
    await p.write({ "llama-3-serving": llama() });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    p.writes();
    await p.write({ "llama-3-serving": { ...llama(), gpu: "H100-80GB" } });
    const refused = await p.outpost("apply", "--yes");
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /replace \(not allowed\)\s+`?gpu`?: A100-80GB → H100-80GB/);
    assert.match(refused.stderr, /--allow-replace/);
    assert.deepEqual(p.writes(), {});
    const allowed = await p.outpost("apply", "--yes", "--allow-replace");
    assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
    assert.deepEqual(p.writes(), { deleteService: 1, createService: 1 });
  });

  test("services gone from the file are listed as orphans and deleted only with --prune", async (t) => {
    const p = await project(t);
    await p.write({
      "llama-3-serving": llama(),
      "embedding-api": { image: "ghcr.io/acme/embed:v2", gpu: "L4" },
    });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    p.writes();
    await p.write({ "llama-3-serving": llama() });
    const kept = await p.outpost("apply", "--yes");
    assert.equal(kept.code, 0);
    assert.match(kept.stdout, /service embedding-api\s+orphan\s+gone from outpost.yaml; kept/);
    assert.deepEqual(p.writes(), {});
    const pruned = await p.outpost("apply", "--yes", "--prune");
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual(p.writes(), { deleteService: 1 });
    const plan = await p.outpost("plan", "--prune");
    assert.doesNotMatch(plan.stdout, /embedding-api/, "the pruned service's record is gone");
  });

  test("a job is submitted once per commit, and again only when its inputs change", async (t) => {
    const p = await project(t);
    await mkdir(join(p.dir, "training"));
    await writeFile(join(p.dir, "training", "train.py"), "print('v1')\n");
    await p.write({}, { finetune: finetune() });
    assert.equal((await p.outpost("apply", "--yes")).code, 0);
    assert.deepEqual(p.writes(), { createJob: 1 });
    assert.equal(p.emulator.controls.inspect().jobs[0]?.name, "finetune-1111111");
    assert.equal((await p.outpost("apply", "--yes")).code, 0, "the same workflow run again");
    assert.deepEqual(p.writes(), {});

    const nextCommit = await p.outpost("plan", "--sha", sha2);
    assert.match(nextCommit.stdout, /job finetune\s+not due/);
    await writeFile(join(p.dir, "README.md"), "unrelated\n");
    assert.match((await p.outpost("plan", "--sha", sha2)).stdout, /not due/);
    await writeFile(join(p.dir, "training", "train.py"), "print('v2')\n");
    const due = await p.outpost("apply", "--yes", "--sha", sha2);
    assert.match(due.stdout, /submit finetune-2222222\s+files under its `?paths:`? changed/);
    assert.deepEqual(p.writes(), { createJob: 1 });
  });

  test("a failing service fails the run with its last log lines", async (t) => {
    const p = await project(t);
    p.emulator.controls.script.service("llama-3-serving", { fail: "CUDA error: out of memory" });
    await p.write({ "llama-3-serving": llama() });
    const applied = await p.outpost("apply", "--yes", "--json");
    assert.equal(applied.code, 1);
    const result = parseJsonOutput("apply", applied.stdout);
    assert.equal(result.ok, false);
    assert.equal(result.results[0]?.status, "failed");
    assert.ok(
      (result.results[0]?.log_tail ?? []).some((line) => /CUDA error: out of memory/.test(line)),
    );
    const text = await p.outpost("apply", "--yes");
    assert.match(text.stdout, /FAILED\s+service llama-3-serving/);
    assert.match(text.stdout, /Last log lines of service llama-3-serving:\n[\s\S]*CUDA error/);
  });

  test("an update sent while the service is still deploying rides out the 409", async (t) => {
    const p = await project(t);
    p.emulator.controls.script.service("llama-3-serving", { deploySeconds: 3000 });
    await p.write({ "llama-3-serving": llama() });
    assert.equal((await p.outpost("apply", "--yes", "--no-wait")).code, 0);
    await p.write({ "llama-3-serving": { ...llama(), max_replicas: 10 } });
    const applied = await p.outpost("apply", "--yes");
    assert.equal(applied.code, 0, applied.stderr + applied.stdout);
    const conflicts = p.emulator.stats
      .snapshot()
      .requests.filter((r) => r.operationId === "updateService" && r.status === 409);
    assert.ok(conflicts.length >= 1, "the emulator answered 409 at least once");
    assert.equal(
      p.emulator.stats
        .snapshot()
        .requests.filter((r) => r.operationId === "updateService" && r.status === 200).length,
      1,
    );
  });
});

suite("the CLI's records in GitHub Deployments", () => {
  test("apply records each resource as a Deployment, and the next plan reads them back", async (t) => {
    const p = await project(t);
    const github = await startFakeGitHub({ repositories: [{ fullName: "acme/app" }] });
    t.after(() => github.close());
    const token = github.state.issueActionsToken("acme/app");
    const viaGitHub = [
      "--repository",
      "acme/app",
      "--github-token",
      token,
      "--github-api-url",
      github.url,
    ];
    await p.write({ "llama-3-serving": llama() });
    const applied = await p.outpost("apply", "--yes", ...viaGitHub);
    assert.equal(applied.code, 0, applied.stderr);
    const deployments = github.state.repository("acme/app")?.deployments ?? [];
    assert.equal(deployments.length, 1);
    assert.equal(deployments[0]?.environment, "outpost/acme/llama-3-serving");
    p.writes();
    const again = await p.outpost("apply", "--yes", ...viaGitHub);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Plan for acme: no changes/);
    assert.deepEqual(p.writes(), {}, "the env recorded on GitHub matched: no write");
    assert.deepEqual(github.rejections, []);
    const everything = JSON.stringify(github.requests) + applied.stdout + applied.stderr;
    assert.doesNotMatch(everything, /hf_e2e_secret_value/);
    assert.ok(!applied.stdout.includes(token), "the GitHub token is masked");
  });
});
