/**
 * The bot's container, checked against the repository, since these machines cannot pull a base
 * image to build it: multi-stage, production dependencies only, not root, a health check on
 * /healthz, every path it copies exists and reaches the build context, its command is the
 * package's documented entry, and the build context never holds the bot's state, keys or
 * secrets.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { suite, test } from "node:test";

const root = join(import.meta.dirname, "../..");

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}
interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly instructions: Instruction[];
}

/** Dockerfile instructions by stage; continuation lines joined, comments dropped. */
function stages(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, " ").split("\n");
  const result: Stage[] = [];
  for (const line of lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"))) {
    const [keyword = "", ...rest] = line.split(/\s+/);
    const args = rest.join(" ");
    if (keyword.toUpperCase() === "FROM") {
      const [image = "", as, name] = args.split(/\s+/);
      result.push({
        from: image,
        name: as?.toUpperCase() === "AS" ? name : undefined,
        instructions: [],
      });
    } else {
      result.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return result;
}

/** COPY's options, sources and destination. */
function copyOf(args: string): {
  from: string | undefined;
  sources: string[];
  destination: string;
} {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith("--from="))?.slice("--from=".length);
  const paths = words.filter((w) => !w.startsWith("--"));
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? "" };
}

/** Whether .dockerignore keeps `path` out of the build context (Docker's rules: last match wins). */
function ignored(patterns: readonly string[], path: string): boolean {
  let result = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\/+|\/+$/g, "");
    const regex = new RegExp(
      `^${pattern
        .split("**")
        .map((part) =>
          part
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, "[^/]*")
            .replace(/\?/g, "[^/]"),
        )
        .join(".*")}(/.*)?$`,
    );
    if (regex.test(path)) result = !negated;
  }
  return result;
}

suite("the bot's container", () => {
  test("builds in two stages and runs the documented entry as a non-root user with a health check", async () => {
    const dockerfile = stages(await readFile(join(root, "Dockerfile"), "utf8"));
    assert.ok(dockerfile.length >= 2, "multi-stage");
    const runtime = dockerfile.at(-1);
    assert.ok(runtime !== undefined);
    const last = (keyword: string) =>
      runtime.instructions.filter((i) => i.keyword === keyword).at(-1);
    const user = last("USER")?.args;
    assert.ok(user !== undefined && user !== "root" && user !== "0", `runs as ${user ?? "root"}`);
    assert.match(last("HEALTHCHECK")?.args ?? "", /\/healthz/);
    const installs = runtime.instructions.filter(
      (i) => i.keyword === "RUN" && /npm (ci|install)/.test(i.args),
    );
    assert.ok(
      installs.length > 0 && installs.every((i) => /--omit=dev/.test(i.args)),
      "production dependencies only",
    );

    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    const entry = manifest.bin["outpost-bot"];
    assert.equal(last("CMD")?.args, JSON.stringify(["node", entry]).replaceAll(",", ", "));
    assert.equal(manifest.scripts["bot"], `node ${entry}`, "npm run bot runs the same entry");
    const guide = await readFile(join(root, "docs/bot.md"), "utf8");
    assert.match(guide, /docker build -t outpost-bot \./);
    assert.doesNotMatch(guide, /COPY \. \./, "the guide uses the repository's Dockerfile");
  });

  test("every path it copies exists, reaches the build context, or is built in an earlier stage", async () => {
    const dockerfile = stages(await readFile(join(root, "Dockerfile"), "utf8"));
    const patterns = (await readFile(join(root, ".dockerignore"), "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    for (const stage of dockerfile) {
      for (const instruction of stage.instructions.filter((i) => i.keyword === "COPY")) {
        const { from, sources } = copyOf(instruction.args);
        for (const source of sources) {
          if (from === undefined) {
            assert.ok(existsSync(join(root, source)), `${source} exists`);
            assert.ok(
              !ignored(patterns, source.replace(/\/$/, "")),
              `${source} is in the build context`,
            );
            continue;
          }
          // From an earlier stage: built there by a script of the repository.
          const built = dockerfile.find((s) => s.name === from);
          assert.ok(built !== undefined, `stage ${from}`);
          assert.equal(source, "/app/lib");
          assert.ok(
            built.instructions.some(
              (i) => i.keyword === "RUN" && i.args === "node scripts/build-package.ts",
            ),
            "the build stage builds lib/",
          );
        }
      }
    }
  });

  test("the build context holds no state, key, secret, dependency or test", async () => {
    const patterns = (await readFile(join(root, ".dockerignore"), "utf8"))
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    for (const path of [
      ".outpost-bot/state.db",
      "src/.outpost-bot/state.db",
      ".outpost/state.json",
      "outpost-app.2026-11-23.private-key.pem",
      "src/bot/key.pem",
      ".env",
      ".env.production",
      "node_modules/probot/package.json",
      "test/bot/server.test.ts",
      ".git/config",
      "dist/index.js",
    ]) {
      assert.ok(ignored(patterns, path), `${path} stays out of the image`);
    }
  });
});
