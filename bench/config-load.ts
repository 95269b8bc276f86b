/**
 * Config: loading a 2,000-resource outpost.yaml (1,000 services, 1,000 jobs, every one with a
 * secret in its env) as every front end does — YAML parsed with positions, checked against the
 * schema and the semantic rules, defaults merged, references resolved — compared in the same run
 * with the least any loader that names lines and columns must do: `yaml.parseDocument` with a
 * `LineCounter` on the same text. ajv on the parsed data is shown beside, for scale.
 */
import { LineCounter, parse, parseDocument } from "yaml";
import { loadConfigText } from "../src/config/load.ts";
import { parseConfig } from "../src/config/parse.ts";
import { outpostSchema } from "../src/config/schema.ts";
import { createAjv } from "../src/config/validate.ts";
import { fleet, fleetSha, fleetYaml, type FleetSize } from "./fleet.ts";
import type { Section } from "./report.ts";
import { median, repeat, type Repeats } from "./samples.ts";

export interface ConfigSettings extends FleetSize {
  readonly repeats: Repeats;
  /** ajv is fast: each of its samples is the mean of this many validations. */
  readonly ajvBatch: number;
}

export const configDefaults: ConfigSettings = {
  services: 1000,
  jobs: 1000,
  repeats: { warmUp: 3, timed: 15 },
  ajvBatch: 20,
};

const secretName = "API_TOKEN";

export async function measureConfig(settings: ConfigSettings = configDefaults): Promise<Section> {
  const text = fleetYaml(fleet(settings, secretName));
  const data: unknown = parse(text);
  const validate = createAjv().compile(outpostSchema);
  const context = {
    path: "outpost.yaml",
    text,
    secrets: { [secretName]: "canary-value-not-used" },
    git: { sha: fleetSha, ref: "refs/heads/main" },
  };
  const resources = settings.services + settings.jobs;

  const runs = await repeat(settings.repeats, () => {
    let started = performance.now();
    const loaded = loadConfigText(context);
    const loadMs = performance.now() - started;
    if (loaded.config === undefined) {
      throw new Error(`the benchmark's config does not load: ${loaded.problems[0]?.message ?? ""}`);
    }
    started = performance.now();
    const parsed = parseConfig(context.path, text);
    const parseMs = performance.now() - started;
    if (!parsed.ok) throw new Error("the benchmark's config does not parse");
    started = performance.now();
    const floor = parseDocument(text, { lineCounter: new LineCounter() });
    const floorMs = performance.now() - started;
    if (floor.errors.length > 0) throw new Error("yaml rejects the benchmark's config");
    started = performance.now();
    for (let index = 0; index < settings.ajvBatch; index++) {
      if (!validate(data)) throw new Error("ajv rejects the benchmark's config");
    }
    const ajvMs = (performance.now() - started) / settings.ajvBatch;
    return Promise.resolve({ loadMs, parseMs, floorMs, ajvMs, ratio: loadMs / floorMs });
  });

  const loadMs = median(runs.map((r) => r.loadMs));
  return {
    name: "Config",
    setup: `${settings.services} services + ${settings.jobs} jobs, ${Math.round(text.length / 1024)} KiB; median of ${runs.length} after ${settings.repeats.warmUp} warm-up`,
    figures: [
      { label: "load, validate and resolve", value: loadMs, unit: "ms" },
      { label: "per resource", value: (loadMs / resources) * 1000, unit: "µs" },
      {
        label: "of which YAML parse with positions",
        value: median(runs.map((r) => r.parseMs)),
        unit: "ms",
      },
      {
        label: "floor: yaml.parseDocument with a LineCounter",
        value: median(runs.map((r) => r.floorMs)),
        unit: "ms",
      },
      {
        label: "ratio to floor",
        value: median(runs.map((r) => r.ratio)),
        unit: "×",
        bound: { max: 1.5 },
      },
      {
        label: "for scale: ajv on the parsed data",
        value: median(runs.map((r) => r.ajvMs)),
        unit: "ms",
      },
    ],
    samples: {
      loadMs: runs.map((r) => r.loadMs),
      parseMs: runs.map((r) => r.parseMs),
      floorMs: runs.map((r) => r.floorMs),
      ajvMs: runs.map((r) => r.ajvMs),
    },
  };
}
