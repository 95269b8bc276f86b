/**
 * outpost.yaml in an editor: yaml-language-server (what VS Code's YAML extension, JetBrains' and
 * Neovim's LSP clients run), started as a process and spoken to over LSP, with
 * outpost.schema.json. What a user sees — hovers, completions, the messages under a mistake —
 * is asserted as they would read it.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, suite, test } from "node:test";
import { outpostSchema, schemaUrl } from "../../src/config/schema.ts";
import { startYamlEditor, type YamlEditor } from "../support/yaml-language-server.ts";

const root = join(import.meta.dirname, "../..");
let editor: YamlEditor;

/** The position just after `text`'s first occurrence of `marker` (0-based line and character). */
function at(text: string, marker: string, offset = 0): [number, number] {
  const index = text.indexOf(marker);
  assert.ok(index >= 0, `no ${marker}`);
  const before = text.slice(0, index + offset);
  const lines = before.split("\n");
  return [lines.length - 1, (lines.at(-1) ?? "").length];
}

const file = `version: 1
namespace: acme
services:
  llama-serving:
    repo: acme/inference-engine
    gpu: A100-80GB
jobs:
  finetune:
    command: python train.py
    image: ghcr.io/acme/train:v1
    gpu: A100-80GB
`;

suite(
  "outpost.schema.json in an editor (yaml-language-server over LSP)",
  { concurrency: false },
  () => {
    before(async () => {
      editor = await startYamlEditor(join(root, "outpost.schema.json"));
    });
    after(() => editor.close());

    test("hovering a service's or a job's name describes the resource, as Markdown", async () => {
      const { uri, diagnostics } = await editor.open("hover.yaml", file);
      assert.deepEqual(diagnostics, []);
      const service = await editor.hover(uri, ...at(file, "llama-serving", 2));
      assert.match(
        service,
        /^#### Service\n\nA production service, deployed from a repository \(`repo`\)/,
      );
      const job = await editor.hover(uri, ...at(file, "finetune", 2));
      assert.match(job, /^#### Job\n\nA batch job: runs `command` to completion/);
      for (const text of [service, job]) {
        assert.doesNotMatch(text, /Exactly one of/);
        assert.doesNotMatch(text, /\\`/, "backticks are Markdown, not escaped text");
      }
    });

    test("hovering a key shows its own title, its description and its default", async () => {
      const { uri } = await editor.open("keys.yaml", file);
      const version = await editor.hover(uri, ...at(file, "version", 2));
      assert.match(version, /^#### Format version\n\nVersion of the outpost\.yaml format/);
      const gpu = await editor.hover(uri, ...at(file, "gpu: A100", 1));
      assert.match(gpu, /^#### GPU type\n\n/);
      assert.match(gpu, /`A100-40GB`/);
      assert.doesNotMatch(version + gpu, /OutpostConfig|\\`/);
    });

    test("completion offers each key once, at the top level and in a service", async () => {
      const top = "version: 1\n\n";
      const { uri } = await editor.open("top.yaml", top);
      const labels = (await editor.completion(uri, 1, 0)).map((item) => item.label);
      for (const key of ["namespace", "defaults", "services", "jobs"]) {
        assert.equal(
          labels.filter((label) => label === key).length,
          1,
          `${key} in ${labels.join(", ")}`,
        );
      }
      const inService = "version: 1\nnamespace: acme\nservices:\n  api:\n    image: x\n    \n";
      const { uri: serviceUri } = await editor.open("service.yaml", inService);
      const fields = (await editor.completion(serviceUri, 5, 4)).map((item) => item.label);
      assert.ok(fields.includes("min_replicas") && fields.includes("gpu"), fields.join(", "));
      assert.deepEqual(fields, [...new Set(fields)], "no key twice");
    });

    test("repo and image together, or neither, say what to do", async () => {
      const both = file.replace(
        "    gpu: A100-80GB\njobs",
        "    image: ghcr.io/acme/llama:v1\n    gpu: A100-80GB\njobs",
      );
      const { diagnostics } = await editor.open("both.yaml", both);
      assert.deepEqual(
        diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.message]),
        [
          [
            5,
            4,
            "Set either `repo` (deploy from a repository) or `image` (a container image), not both.",
          ],
        ],
      );
      const neither = file.replace("    image: ghcr.io/acme/train:v1\n", "");
      const { diagnostics: missing } = await editor.open("neither.yaml", neither);
      assert.deepEqual(
        missing.map((d) => [d.range.start.line, d.message]),
        [
          [
            7,
            "Set `repo` (a repository to deploy from, `owner/name`) or `image` (a container image).",
          ],
        ],
      );
    });

    test("the example file has no problem at all", async () => {
      const example = await readFile(join(root, "examples/outpost.yaml"), "utf8");
      // Its first line names the published schema; here the file's schema is the local one.
      const { diagnostics } = await editor.open(
        "example.yaml",
        example.replace(/^# yaml-language-server:.*\n/, ""),
      );
      assert.deepEqual(diagnostics, []);
    });
  },
);

suite("outpost.schema.json for editors", () => {
  test("a human title, an $id the project controls, and Markdown beside every description", () => {
    assert.equal(outpostSchema.title, "Outpost GitOps configuration (outpost.yaml)");
    assert.match(
      schemaUrl,
      /^https:\/\/raw\.githubusercontent\.com\/outpost-run\/outpost-gitops\/v1\//,
    );
    const missing: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      if (typeof record["description"] === "string") {
        const markdown = record["markdownDescription"];
        if (typeof markdown !== "string" || !markdown.startsWith(record["description"]))
          missing.push(at);
      }
      for (const [key, child] of Object.entries(record)) {
        if (key !== "examples" && key !== "default") walk(child, `${at}/${key}`);
      }
    };
    walk(outpostSchema, "#");
    assert.deepEqual(missing, []);
  });

  test("every modeline names the published schema; the SchemaStore entry matches outpost.yaml and outpost.yml", async () => {
    for (const path of ["README.md", "examples/outpost.yaml", "docs/outpost-yaml.md"]) {
      const text = await readFile(join(root, path), "utf8");
      const urls = [...text.matchAll(/yaml-language-server: \$schema=(\S+)/g)].map((m) => m[1]);
      assert.ok(urls.length > 0, path);
      for (const url of urls) {
        if (!url?.startsWith("./node_modules/")) assert.equal(url, schemaUrl, path);
      }
    }
    const entry = JSON.parse(
      await readFile(join(root, "docs/schemastore-catalog-entry.json"), "utf8"),
    ) as {
      fileMatch: string[];
      url: string;
    };
    assert.deepEqual(entry.fileMatch, ["outpost.yaml", "outpost.yml"]);
    assert.equal(entry.url, schemaUrl);
    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
      files: string[];
    };
    assert.ok(manifest.files.includes("outpost.schema.json"), "the schema is in the npm package");
  });
});
