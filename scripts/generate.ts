/**
 * Writes every generated file of the project, or with `--check` fails when one is stale.
 * Generated files are committed so that users and editors see them; `npm test` runs the check.
 */
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { generators } from "./generate/registry.ts";

const root = resolve(import.meta.dirname, "..");
const check = process.argv.includes("--check");

const stale: string[] = [];
for (const generator of generators) {
  for (const file of await generator.generate()) {
    const target = resolve(root, file.path);
    const current = await readFile(target, "utf8").catch(() => undefined);
    if (current === file.content) continue;
    if (check) {
      stale.push(`${file.path} (from ${generator.name})`);
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.content);
      console.log(`wrote ${file.path}`);
    }
  }
}

if (stale.length > 0) {
  console.error(
    `Generated files are stale; run \`npm run generate\` and commit:\n  ${stale.join("\n  ")}`,
  );
  process.exitCode = 1;
}
