/**
 * What the poller remembers about a watch between polls, kept in the store's `pollState` (which
 * the store treats as opaque JSON): the resource's key in outpost.yaml, when the bot first looked,
 * where the log was read up to, since when a service is degraded, and the last view rendered —
 * so that any replica can render the sticky comment without asking Outpost again.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ResourceView } from "../../render/resource-view.ts";
import type { JsonValue } from "../store/store.ts";

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
  readonly view?: ResourceView;
}

const schema = {
  type: "object",
  required: ["key", "firstSeenAt"],
  properties: {
    key: { type: "string" },
    firstSeenAt: { type: "number" },
    logCursor: { type: "string" },
    degradedSince: { type: "number" },
    listed: { type: "string" },
    view: {
      type: "object",
      required: ["kind", "namespace", "status", "logLines"],
      properties: {
        kind: { enum: ["job", "service"] },
        namespace: { type: "string" },
        status: { type: "string" },
        logLines: { type: "array", items: { type: "string" } },
        series: {
          type: "object",
          required: ["name", "axis", "points"],
          properties: {
            name: { type: "string" },
            axis: { type: "string" },
            points: {
              type: "array",
              items: {
                type: "array",
                minItems: 2,
                maxItems: 2,
                items: { type: "number" },
              },
            },
          },
        },
      },
      oneOf: [
        { properties: { kind: { const: "job" } }, required: ["key", "runName"] },
        { properties: { kind: { const: "service" } }, required: ["name"] },
      ],
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: false, strict: false }).compile<PollState>(schema);

/** The state of a watch, or undefined when none was kept (or it is unreadable: start afresh). */
export function readPollState(value: JsonValue | null): PollState | undefined {
  return value !== null && validate(value) ? value : undefined;
}

export function pollStateJson(state: PollState): JsonValue {
  // A JSON round trip drops the undefined fields JsonValue cannot hold.
  return JSON.parse(JSON.stringify(state)) as JsonValue;
}
