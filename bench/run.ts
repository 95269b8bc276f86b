/**
 * `npm run bench`: every benchmark, one after the other on this machine, then one table on
 * standard output and every figure and sample in bench/results.json. The exit code is 1 when a
 * figure misses the bound the project promises (docs/performance.md says which and why).
 */
import { writeFile } from "node:fs/promises";
import { cpus, totalmem, type as osType, release } from "node:os";
import { measureActionStart } from "./action-start.ts";
import { measureFanOut } from "./apply-fan-out.ts";
import { measureBotEconomy } from "./bot-economy.ts";
import { measureBotFleet } from "./bot-fleet.ts";
import { measureConfig } from "./config-load.ts";
import { measureLogFollow } from "./log-follow.ts";
import { toTable, withinBound, type Section } from "./report.ts";

const mebibyte = 1024 * 1024;

function progress(name: string): void {
  process.stderr.write(`bench: ${name}…\n`);
}

export async function run(): Promise<boolean> {
  const started = performance.now();
  const sections: Section[] = [];

  progress("apply fan-out and no-op re-apply");
  const fanOut = await measureFanOut();
  sections.push(...fanOut.sections);
  progress("config");
  sections.push(await measureConfig());
  progress("action start");
  sections.push(await measureActionStart());
  progress("bot economy");
  const bot = await measureBotEconomy();
  sections.push(bot.section);
  progress("bot fleet");
  const botFleet = await measureBotFleet();
  sections.push(botFleet.section);
  progress("log follow");
  sections.push(await measureLogFollow());
  sections.push({
    name: "Peak memory (RSS)",
    setup: "maxRSS of the client process of each run, the runner and the emulator excluded",
    figures: [
      {
        label: "apply fan-out (CLI process, all its runs)",
        value: fanOut.maxRssBytes / mebibyte,
        unit: "MiB",
      },
      {
        label: "of which the CLI loaded, before any run",
        value: fanOut.baselineRssBytes / mebibyte,
        unit: "MiB",
      },
      { label: "bot economy (bot process)", value: bot.maxRssBytes / mebibyte, unit: "MiB" },
      { label: "bot fleet (bot process)", value: botFleet.maxRssBytes / mebibyte, unit: "MiB" },
    ],
  });

  const durationMs = performance.now() - started;
  const ok = sections.every((section) => section.figures.every(withinBound));
  const setups = sections.map((section) => `  ${section.name}: ${section.setup}`).join("\n");
  process.stdout.write(
    `${toTable(sections)}\n\nSet-up:\n${setups}\n\nTook ${(durationMs / 1000).toFixed(0)} s; every figure and sample in bench/results.json.\n`,
  );
  const cpu = cpus();
  const results = {
    generatedAt: new Date().toISOString(),
    durationMs: Math.round(durationMs),
    ok,
    machine: {
      node: process.version,
      os: `${osType()} ${release()}`,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "unknown",
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
    },
    sections,
  };
  await writeFile(
    new URL("results.json", import.meta.url),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  return ok;
}

if (import.meta.main) {
  try {
    if (!(await run())) {
      process.stderr.write("bench: some figures missed their bounds (MISSED above)\n");
      process.exitCode = 1;
    }
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
