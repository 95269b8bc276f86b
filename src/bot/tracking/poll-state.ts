/**
 * What the poller remembers about a watch between polls, kept in the store's `pollState` (which
 * the store treats as opaque JSON): the resource's key in outpost.yaml, when the bot first looked,
 * where the log was read up to, since when a service is degraded, the last view rendered and the
 * outcome written with it — so that any replica can render the sticky comment and a fleet's
 * check run without asking Outpost again — and how far its end got on GitHub.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { MetricSeries } from "../../render/loss-chart.ts";
import type { JobView, ResourceView } from "../../render/resource-view.ts";
import type { JsonValue } from "../store/store.ts";
import type { Outcome } from "./outcome.ts";

export interface PollState {
  readonly key: string;
  /** The bot's clock when it started following the resource. */
  readonly firstSeenAt: number;
  /** The timestamp of the last log line read; the next read asks for lines after it. */
  readonly logCursor?: string;
  readonly degradedSince?: number;
  /**
   * What the namespace's job list said of the run when it was last rendered (status, progress,
   * runtime): while it says the same, the run's log is not read again.
   */
  readonly listed?: string;
  /** What GitHub shows (its check run, or its row in a fleet's): the last view written. */
  readonly view?: ResourceView;
  /** The outcome written with `view`. */
  readonly outcome?: Outcome;
  /** Outpost listed or returned the resource at least once (so its absence means "gone"). */
  readonly seen?: boolean;
  /** Its end is on GitHub (its check run, or its fleet's record): only its Deployment may remain. */
  readonly concluded?: boolean;
  /** It joined a fleet after it had a check run of its own, which was closed then. */
  readonly handedOff?: boolean;
}

const series = {
  type: "object",
  required: ["name", "axis", "points"],
  properties: {
    name: { type: "string" },
    axis: { type: "string" },
    points: {
      type: "array",
      items: { type: "array", minItems: 2, maxItems: 2, items: { type: "number" } },
    },
  },
} as const;

const schema = {
  type: "object",
  required: ["key", "firstSeenAt"],
  properties: {
    key: { type: "string" },
    firstSeenAt: { type: "number" },
    logCursor: { type: "string" },
    degradedSince: { type: "number" },
    listed: { type: "string" },
    seen: { type: "boolean" },
    concluded: { type: "boolean" },
    handedOff: { type: "boolean" },
    outcome: {
      type: "object",
      required: ["status"],
      properties: {
        status: { enum: ["queued", "in_progress", "completed"] },
        conclusion: { type: "string" },
        deployment: {
          type: "object",
          required: ["state", "description"],
          properties: { state: { type: "string" }, description: { type: "string" } },
        },
      },
    },
    view: {
      type: "object",
      required: ["kind", "namespace", "status", "logLines"],
      properties: {
        kind: { enum: ["job", "service"] },
        namespace: { type: "string" },
        status: { type: "string" },
        logLines: { type: "array", items: { type: "string" } },
        charts: { type: "array", items: series },
      },
      oneOf: [
        { properties: { kind: { const: "job" } }, required: ["key", "runName"] },
        { properties: { kind: { const: "service" } }, required: ["name"] },
      ],
    },
  },
} as const;

const ajv = new Ajv2020({ allErrors: false, strict: false });
const validate = ajv.compile<PollState>(schema);
/** The one chart of a state kept before several metrics were charted. */
const validSeries = ajv.compile<MetricSeries>(series);

/** The state of a watch, or undefined when none was kept (or it is unreadable: start afresh). */
export function readPollState(value: JsonValue | null): PollState | undefined {
  if (value === null || !validate(value)) return undefined;
  const state: PollState = value;
  const view = state.view;
  if (view?.kind !== "job" || !("series" in view)) return state;
  // A state kept before several metrics were charted: its loss is the first metric.
  const { series, ...rest } = view as JobView & { readonly series?: unknown };
  const charts = rest.charts ?? (validSeries(series) ? [series] : []);
  return { ...state, view: { ...rest, charts } };
}

export function pollStateJson(state: PollState): JsonValue {
  // A JSON round trip drops the undefined fields JsonValue cannot hold.
  return JSON.parse(JSON.stringify(state)) as JsonValue;
}
