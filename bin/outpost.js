#!/usr/bin/env node
// `outpost`. The npm package ships no TypeScript: it runs the JavaScript built from src/ (lib/,
// made by `npm pack`). A checkout on a Node that strips types (24) runs its sources directly.
import { existsSync } from "node:fs";

const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
const sources = new URL("../src/cli/main.ts", import.meta.url);
const built = new URL("../lib/cli/main.js", import.meta.url);
// eslint-disable-next-line n/no-unsupported-features/node-builtins -- undefined where Node strips no types: what this asks
const stripsTypes = process.features.typescript;
const entry = stripsTypes && existsSync(sources) ? sources : built;
if (major < 20 || (major === 20 && minor < 19) || major === 21) {
  process.stderr.write(
    `outpost: needs Node.js 20 (20.19 or later) or 22 and later; this is ${process.version}\n`,
  );
  process.exitCode = 1;
} else if (!existsSync(entry)) {
  process.stderr.write("outpost: no lib/ in this checkout: run `npm run build:package` first\n");
  process.exitCode = 1;
} else {
  const { main } = await import(entry.href);
  await main();
}
