/**
 * The HTTP control surface, for tests that run the emulator in another process (e.g. the
 * bundled action as a child process). It lives under `/_emulator/`, which no Outpost path can be
 * (`_emulator` would be a namespace, and namespaces have no such sub-path), needs no
 * credentials (the emulator listens on 127.0.0.1 only), and is not counted in the stats.
 * Bodies use the in-process names (controls.ts), e.g. `{"timeScale": 600}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ClockError, toTimestamp } from "./clock.ts";
import type { EmulatorControls } from "./controls.ts";
import { FaultError, type FaultKind, type OneShotFault } from "./faults.ts";
import { ScenarioError } from "./scenario.ts";
import type { Stats } from "./stats.ts";

export const controlPrefix = "/_emulator";

class ControlError extends Error {
  readonly code = "invalid_control";
}

type Body = Record<string, unknown>;

function asObject(value: unknown): Body {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ControlError("The body must be a JSON object.");
  }
  return value as Body;
}

type FieldType = "number" | "string" | "string|true" | "number|true" | "string[]";

/** Checks the listed fields' types; any other field is an error (a typo in a test). */
function checkFields(body: Body, types: Readonly<Record<string, FieldType>>): void {
  for (const [key, value] of Object.entries(body)) {
    const type = types[key];
    if (type === undefined) throw new ControlError(`Unknown field '${key}'.`);
    const ok =
      type === "string[]"
        ? Array.isArray(value) && value.every((v) => typeof v === "string")
        : type.split("|").some((t) => (t === "true" ? value === true : typeof value === t));
    if (!ok) throw new ControlError(`Field '${key}' must be ${type.replace("|", " or ")}.`);
  }
}

function required(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "")
    throw new ControlError(`Field '${key}' is required.`);
  return value;
}

const jobScriptFields = {
  pattern: "string",
  failAtStep: "number",
  failAttempts: "number",
  failMessage: "string",
  exitCode: "number",
  durationSeconds: "number",
  queueSeconds: "number",
} as const;

const serviceScriptFields = {
  pattern: "string",
  fail: "string|true",
  degrade: "number|true",
  deploySeconds: "number",
  load: "number",
} as const;

const faultFields = {
  latencyMs: "number",
  errorRate: "number",
  rateLimitRate: "number",
  retryAfterSeconds: "number",
  conflictRate: "number",
  dropRate: "number",
  dropAfterRate: "number",
  operations: "string[]",
  seed: "number",
} as const;

function without(body: Body, key: string): Body {
  const { [key]: _removed, ...rest } = body;
  return rest;
}

type Route = (body: Body) => unknown;

function routes(controls: EmulatorControls, stats: Stats): Record<string, Route> {
  const clock = () => ({
    now: toTimestamp(controls.now().getTime()),
    timeScale: controls.timeScale,
  });
  return {
    "GET /": clock,
    "POST /clock": (body) => {
      checkFields(body, { timeScale: "number", advanceMs: "number" });
      if (typeof body["timeScale"] === "number") controls.setTimeScale(body["timeScale"]);
      if (typeof body["advanceMs"] === "number") controls.advance(body["advanceMs"]);
      return clock();
    },
    "POST /scripts/jobs": (body) => {
      checkFields(body, jobScriptFields);
      controls.script.job(required(body, "pattern"), without(body, "pattern"));
      return { ok: true };
    },
    "POST /scripts/services": (body) => {
      checkFields(body, serviceScriptFields);
      controls.script.service(required(body, "pattern"), without(body, "pattern"));
      return { ok: true };
    },
    "DELETE /scripts": () => {
      controls.script.clear();
      return { ok: true };
    },
    "GET /faults": () => controls.faults.settings,
    "PUT /faults": (body) => {
      checkFields(body, faultFields);
      controls.faults.set(body);
      return controls.faults.settings;
    },
    "DELETE /faults": () => {
      controls.faults.clear();
      return { ok: true };
    },
    "POST /faults/inject": (body) => {
      checkFields(body, {
        kind: "string",
        operation: "string",
        times: "number",
        retryAfterSeconds: "number",
      });
      controls.faults.inject({
        ...(body as Omit<OneShotFault, "kind">),
        kind: required(body, "kind") as FaultKind,
      });
      return { ok: true };
    },
    "GET /stats": () => stats.snapshot(),
    "DELETE /stats": () => {
      stats.reset();
      return { ok: true };
    },
    "POST /commits": (body) => {
      checkFields(body, { repo: "string", branch: "string", sha: "string" });
      const sha = typeof body["sha"] === "string" ? body["sha"] : undefined;
      if (sha !== undefined && !/^[0-9a-f]{40}$/.test(sha)) {
        throw new ControlError("Field 'sha' must be 40 lowercase hex digits.");
      }
      const branch = typeof body["branch"] === "string" ? body["branch"] : "main";
      return { sha: controls.pushCommit(required(body, "repo"), branch, sha) };
    },
    "GET /resources": () => {
      // Over HTTP, env shows its keys only: values may be secrets.
      const { services, jobs } = controls.inspect();
      const keysOnly = <T extends { env: Record<string, string> }>({ env, ...rest }: T) => ({
        ...rest,
        envKeys: Object.keys(env).sort(),
      });
      return { services: services.map(keysOnly), jobs: jobs.map(keysOnly) };
    },
    "POST /reset": () => {
      controls.reset();
      return { ok: true };
    },
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of request) text += String(chunk);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ControlError("The body is not valid JSON.");
  }
}

export function createControlRoutes(controls: EmulatorControls, stats: Stats) {
  const table = routes(controls, stats);
  return async function handleControl(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> {
    const path = url.pathname.slice(controlPrefix.length) || "/";
    const route = table[`${request.method ?? "GET"} ${path}`];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (!route) {
      send(404, {
        error: {
          code: "not_found",
          message: `No control at ${request.method ?? "GET"} ${url.pathname}.`,
        },
      });
      return;
    }
    try {
      send(200, route(asObject(await readJson(request))));
    } catch (error) {
      if (
        error instanceof ControlError ||
        error instanceof ScenarioError ||
        error instanceof FaultError ||
        error instanceof ClockError
      ) {
        send(400, { error: { code: error.code, message: error.message } });
        return;
      }
      throw error;
    }
  };
}
