/**
 * The npm package as a user gets it: packed, installed the ways the README says (globally, and
 * run once with npx) and into a project of its own, then `outpost validate` and `outpost plan`
 * run from an unrelated folder against the emulator — under the Node the tests run on and under
 * every other Node on the machine's PATH (its own Node 20 here). npm installs from a registry on
 * 127.0.0.1 that serves the lockfile's packages from npm's cache: nothing reaches the network.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import {
  access,
  constants,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { suite, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../../src/emulator/emulator.ts";
import { startLocalRegistry } from "../support/local-registry.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  [field: string]: unknown;
};

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, [...args], { ...options, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The executables called `name` on PATH, first one first. */
async function onPath(name: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of (process.env["PATH"] ?? "").split(delimiter)) {
    const candidate = join(folder, name);
    try {
      await access(candidate, constants.X_OK);
      found.push(candidate);
    } catch {
      // not here
    }
  }
  return found;
}

/** This Node and every other Node on PATH, one per version: the machine's own among them. */
async function nodes(): Promise<{ version: string; bin: string }[]> {
  const byVersion = new Map<string, string>([[process.version, process.execPath]]);
  for (const candidate of await onPath("node")) {
    const real = await realpath(candidate);
    const ran = await run(real, ["--version"], { cwd: root, env: {} });
    const version = ran.stdout.trim();
    if (ran.code === 0 && !byVersion.has(version)) byVersion.set(version, real);
  }
  return [...byVersion].map(([version, bin]) => ({ version, bin }));
}

/** The lines of README's shell blocks that install or run the package by its name. */
async function readmeLines(): Promise<string[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? "");
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line.includes(manifest.name));
}

const outpostYaml = (namespace: string) => `version: 1
namespace: ${namespace}
services:
  api:
    image: ghcr.io/acme/api:v1
    gpu: L4
jobs:
  train:
    command: python train.py
    image: ghcr.io/acme/train:v1
    gpu: L4
    paths: ["training/**"]
`;
const sha = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed";

suite("the npm package", { timeout: 180_000 }, () => {
  test("the docs never tell users to run a bare `npx outpost`", async () => {
    const docs = (await readdir(join(root, "docs"))).filter((name) => name.endsWith(".md"));
    for (const file of ["README.md", ...docs.map((name) => `docs/${name}`)]) {
      const text = await readFile(join(root, file), "utf8");
      assert.ok(!/\bnpx outpost\b/.test(text), `${file} says \`npx outpost\``);
    }
  });

  test("installs from its tarball and runs validate and plan on every Node", async (t) => {
    assert.match(manifest.name, /^@[a-z0-9-]+\/[a-z0-9-]+$/, "a scoped name the project owns");
    assert.notEqual(manifest["private"], true);

    const scratch = await mkdtemp(join(tmpdir(), "outpost-package-"));
    t.after(() => rm(scratch, { recursive: true, force: true }));
    const [npm] = await onPath("npm");
    assert.ok(npm !== undefined, "npm is on PATH");
    const nodeFolder = dirname(process.execPath);
    const hostEnv = {
      PATH: `${nodeFolder}${delimiter}${process.env["PATH"] ?? ""}`,
      HOME: scratch,
    };

    // npm pack builds lib/ first (prepack), as `npm publish` does.
    const packed = join(scratch, "packed");
    await mkdir(packed);
    const pack = await run(npm, ["pack", "--pack-destination", packed], {
      cwd: root,
      env: hostEnv,
    });
    assert.equal(pack.code, 0, pack.stderr);
    const [tarballName = ""] = await readdir(packed);
    assert.ok(tarballName.endsWith(".tgz"), `npm pack wrote ${tarballName}`);
    const tarball = join(packed, tarballName);

    const listing = await run("tar", ["-tzf", tarball], { cwd: scratch, env: hostEnv });
    const files = listing.stdout
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
    for (const file of [
      "bin/outpost.js",
      "bin/outpost-bot.js",
      "lib/cli/main.js",
      "lib/outpost/openapi.yaml",
      "outpost.schema.json",
      "docs/json/plan.schema.json",
      "examples/outpost.yaml",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
    ]) {
      assert.ok(files.includes(file), `the package holds ${file}`);
    }
    const unwanted = files.filter((f) => /^(src|test|bench|scripts|dist)\/|\.ts$/.test(f));
    assert.deepEqual(unwanted, [], "no sources, tests, benchmarks or the action's bundle");

    const registry = await startLocalRegistry({
      lockfile: join(root, "package-lock.json"),
      npmCache: (
        await run(npm, ["config", "get", "cache"], {
          cwd: root,
          env: { ...hostEnv, HOME: process.env["HOME"] ?? "" },
        })
      ).stdout.trim(),
      production: true,
      tarballs: [{ file: tarball, manifest }],
    });
    t.after(() => registry.close());
    const emulator = await startEmulator({ timeScale: 600, seed: 3 });
    t.after(() => emulator.close());

    const globalPrefix = join(scratch, "global");
    const npmEnv = {
      ...hostEnv,
      npm_config_registry: registry.url,
      npm_config_cache: join(scratch, "npm-cache"),
      npm_config_prefix: globalPrefix,
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
      npm_config_yes: "true",
    };

    const planArgs = (namespace: string) => [
      "plan",
      "--api-url",
      emulator.url,
      "--token",
      "dev-token",
      "--sha",
      sha,
      "--namespace",
      namespace,
    ];

    // The README's lines, as written: a global install, and a one-off run with npx; and an
    // install into a project of its own, from the tarball.
    const lines = await readmeLines();
    const install = lines.find((line) => line.startsWith("npm install --global "));
    const once = lines.find((line) => line.startsWith("npx "));
    assert.ok(install !== undefined && once !== undefined, `README's lines: ${lines.join(" | ")}`);
    const local = join(scratch, "tools");
    await mkdir(local);
    await writeFile(join(local, "package.json"), '{ "name": "tools", "private": true }\n');
    const installs = await Promise.all([
      run(npm, install.split(/\s+/).slice(1), { cwd: scratch, env: npmEnv }),
      run(npm, ["install", tarball], { cwd: local, env: npmEnv }),
    ]);
    for (const installed of installs) assert.equal(installed.code, 0, installed.stderr);

    for (const [index, node] of (await nodes()).entries()) {
      await t.test(`on Node ${node.version}`, async () => {
        const env = {
          ...npmEnv,
          PATH: [dirname(node.bin), join(globalPrefix, "bin"), process.env["PATH"] ?? ""].join(
            delimiter,
          ),
        };
        // A user's repository, away from anything installed.
        const namespace = `acme-${index}`;
        const project = join(scratch, `repo-${index}`);
        await mkdir(join(project, "training"), { recursive: true });
        await writeFile(join(project, "outpost.yaml"), outpostYaml(namespace));
        await writeFile(join(project, "training", "train.py"), "print('train')\n");

        const validate = await run("outpost", ["validate"], { cwd: project, env });
        assert.equal(validate.stderr, "");
        assert.equal(validate.stdout, "outpost.yaml: valid\n");
        assert.equal(validate.code, 0);

        const plan = await run("outpost", planArgs(namespace), { cwd: project, env });
        assert.equal(plan.code, 0, plan.stderr);
        assert.match(
          plan.stdout,
          new RegExp(`^Plan for ${namespace}: 1 to create, 1 job to submit$`, "m"),
        );

        const json = await run("outpost", [...planArgs(namespace), "--json"], {
          cwd: project,
          env,
        });
        assert.equal(json.code, 0, json.stderr);
        assert.equal((JSON.parse(json.stdout) as { namespace: string }).namespace, namespace);

        const [, ...connection] = planArgs(namespace);
        const apply = await run("outpost", ["apply", "--yes", "--no-wait", ...connection], {
          cwd: project,
          env,
        });
        assert.equal(apply.code, 0, apply.stderr);
        const status = await run("outpost", ["status", ...connection.slice(0, 4)], {
          cwd: project,
          env,
        });
        assert.match(status.stdout, /\bapi\b/, status.stderr);

        const fromProject = await run(
          join(local, "node_modules", ".bin", "outpost"),
          ["validate"],
          {
            cwd: project,
            env,
          },
        );
        assert.equal(fromProject.stdout, "outpost.yaml: valid\n", fromProject.stderr);

        const [, ...onceArgs] = once.split(/\s+/);
        const npx = await run("npx", onceArgs, { cwd: project, env });
        assert.equal(npx.stdout, "outpost.yaml: valid\n", npx.stderr);
        const byTarball = await run("npx", ["--package", tarball, "outpost", "validate"], {
          cwd: project,
          env,
        });
        assert.equal(byTarball.stdout, "outpost.yaml: valid\n", byTarball.stderr);

        // The bot needs node:sqlite: on a Node without it, one line says which Node it needs.
        const bot = await run("outpost-bot", [], { cwd: project, env: { ...env, APP_ID: "" } });
        assert.equal(bot.code, 1);
        const sqlite = await run(
          node.bin,
          ["-e", 'import("node:sqlite").then(() => {}, () => process.exit(1))'],
          { cwd: project, env },
        );
        if (sqlite.code === 0) {
          assert.match(bot.stderr, /^The Outpost bot is not configured:\n/);
        } else {
          assert.equal(
            bot.stderr,
            `outpost-bot: needs Node.js 22.13 or later (its state store uses node:sqlite); this is ${node.version}\n`,
          );
        }
      });
    }
  });
});
