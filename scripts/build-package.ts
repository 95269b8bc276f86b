/**
 * Builds the npm package's JavaScript, `lib/`: every module of `src/` emitted as JavaScript at
 * the same relative place (so `../../outpost.schema.json` and `../package.json` still name the
 * package's own files), with the data files that modules read beside them (`openapi.yaml`).
 * `lib/` is not committed: `npm pack` and `npm publish` build it first (`prepack`).
 */
import { cp, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { emitJavaScript, root, sourcesUnder } from "./emit-javascript.ts";

const lib = join(root, "lib");
const staging = join(root, "build/package");

/** Files under src/ that modules read at run time: everything that is not TypeScript. */
async function dataFiles(): Promise<string[]> {
  const entries = await readdir(join(root, "src"), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name).slice(join(root, "src").length + 1));
}

const started = Date.now();
await rm(staging, { recursive: true, force: true });
emitJavaScript(sourcesUnder("src"), staging);
await rm(lib, { recursive: true, force: true });
await rename(join(staging, "src"), lib);
await rm(staging, { recursive: true, force: true });
const data = await dataFiles();
for (const file of data) await cp(join(root, "src", file), join(lib, file));
console.log(
  `wrote lib/ (JavaScript of src/, with ${data.join(", ")}) in ${((Date.now() - started) / 1000).toFixed(1)}s`,
);
