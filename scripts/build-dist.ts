/**
 * Builds the GitHub Action's bundle, `dist/` (committed: the runner runs `dist/index.js` with no
 * `node_modules`), or with `--check` fails when the committed one differs from a fresh build.
 *
 * Two steps, because ncc's own TypeScript loader type-checks the whole project (slow, and broken
 * by any unfinished file elsewhere): TypeScript emits the action's import graph as ESM JavaScript
 * (relative `.ts` imports rewritten, no type-check: `npm run typecheck` does that), then ncc
 * bundles it with every dependency and their licenses. The JavaScript goes to a fixed folder
 * because its path appears in the bundle's module comments: a random one would make every build
 * differ.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { bundleLicenses } from "./bundle-licenses.ts";
import { emitJavaScript, root } from "./emit-javascript.ts";

interface NccAsset {
  readonly source: string | Uint8Array;
}
type Ncc = (
  input: string,
  options: Readonly<Record<string, unknown>>,
) => Promise<{ code: string; assets: Readonly<Record<string, NccAsset>> }>;

const entry = join(root, "src/action/index.ts");
const emitted = join(root, "build/action");
const dist = join(root, "dist");
const check = process.argv.includes("--check");

async function emittedFiles(): Promise<string[]> {
  const entries = await readdir(emitted, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The bundle's files by name: `index.js`, `licenses.txt`, `package.json`. */
async function bundle(): Promise<Map<string, string>> {
  await rm(emitted, { recursive: true, force: true });
  emitJavaScript([entry], emitted);
  const ncc = createRequire(import.meta.url)("@vercel/ncc") as Ncc;
  const { code, assets } = await ncc(join(emitted, "src/action/index.js"), {
    cache: false,
    minify: true,
    sourceMap: false,
    quiet: true,
  });
  const licenses = await bundleLicenses(await emittedFiles());
  await rm(emitted, { recursive: true, force: true });
  const files = new Map([
    ["index.js", code],
    ["licenses.txt", licenses],
  ]);
  for (const [name, asset] of Object.entries(assets)) {
    files.set(
      name,
      typeof asset.source === "string" ? asset.source : Buffer.from(asset.source).toString("utf8"),
    );
  }
  return files;
}

async function committed(): Promise<Map<string, string>> {
  const names = await readdir(dist).catch(() => []);
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(join(dist, name), "utf8"));
  return files;
}

const started = Date.now();
const built = await bundle();
if (check) {
  const current = await committed();
  const stale = [...new Set([...built.keys(), ...current.keys()])]
    .filter((name) => built.get(name) !== current.get(name))
    .sort();
  if (stale.length > 0) {
    console.error(
      `dist/ is stale (${stale.join(", ")} differ from a fresh build); run \`npm run build\` and commit dist/.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`dist/ is up to date (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  }
} else {
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  for (const [name, content] of built) await writeFile(join(dist, name), content);
  console.log(
    `wrote dist/ (${[...built.keys()].join(", ")}) in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
}
