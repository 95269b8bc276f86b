#!/usr/bin/env node
// `outpost-bot`: the GitHub App's server (docs/bot.md). Like bin/outpost.js, it runs the built
// JavaScript (lib/) in the npm package and the sources in a checkout on a Node that strips types.
import { existsSync } from "node:fs";

const sources = new URL("../src/bot/server.ts", import.meta.url);
const built = new URL("../lib/bot/server.js", import.meta.url);
// eslint-disable-next-line n/no-unsupported-features/node-builtins -- undefined where Node strips no types: what this asks
const stripsTypes = process.features.typescript;
const entry = stripsTypes && existsSync(sources) ? sources : built;
// The bot keeps its state with node:sqlite, which Node.js has without a flag since 22.13.
const sqlite = await import("node:sqlite").then(
  () => true,
  () => false,
);
if (!sqlite) {
  process.stderr.write(
    `outpost-bot: needs Node.js 22.13 or later (its state store uses node:sqlite); this is ${process.version}\n`,
  );
  process.exitCode = 1;
} else if (!existsSync(entry)) {
  process.stderr.write(
    "outpost-bot: no lib/ in this checkout: run `npm run build:package` first\n",
  );
  process.exitCode = 1;
} else {
  await import(entry.href);
}
