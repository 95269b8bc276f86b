/**
 * Starts an emulator for a test (manual clock at the seed pages' date, fixed seed, responses
 * validated against the description) and talks to it over real HTTP with `fetch`. After the
 * test it checks that no answer drifted from the description, then closes it.
 */
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/emulator.ts";
import { seedExamples } from "../support/seed-examples.ts";

export const seedTime = "2026-03-18T10:00:00Z";
export const devAuth = "Bearer dev-token";

export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface CallOptions {
  readonly body?: unknown;
  /** The whole `Authorization` header; `null` sends none. Default the dev token. */
  readonly auth?: string | null;
  /** Sent as is (for invalid JSON). */
  readonly rawBody?: string;
}

export interface Api {
  readonly emulator: Emulator;
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options?: CallOptions,
  ): Promise<Answer<T>>;
  /** Moves the manual clock forward by emulated seconds. */
  advance(seconds: number): void;
}

export async function startApi(t: TestContext, options: EmulatorOptions = {}): Promise<Api> {
  const emulator = await startEmulator({
    manualClock: true,
    startTime: seedTime,
    seed: 42,
    validateResponses: true,
    ...options,
  });
  t.after(async () => {
    await emulator.close();
    assert.deepEqual(emulator.drift, [], "answers drifted from the description");
  });
  return {
    emulator,
    async call<T>(method: string, path: string, call: CallOptions = {}): Promise<Answer<T>> {
      const auth = call.auth === undefined ? devAuth : call.auth;
      const body =
        call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: {
          ...(auth === null ? {} : { authorization: auth }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text === "" ? undefined : JSON.parse(text)) as T,
      };
    },
    advance(seconds) {
      emulator.controls.advance(seconds * 1000);
    },
  };
}

/** A create request body of the seed pages' examples, by the name it creates. */
function seedBody(name: string): Readonly<Record<string, unknown>> {
  const found = seedExamples().requests.find(
    (request) =>
      request.method === "POST" &&
      typeof request.body === "object" &&
      request.body !== null &&
      (request.body as { name?: unknown }).name === name,
  );
  if (!found) throw new Error(`No seed example creates ${name}`);
  return found.body as Record<string, unknown>;
}

/** The seed pages' examples: two services (a repo; an image that scales to zero), two jobs. */
export const llamaService = seedBody("llama-3-serving");
export const embeddingService = seedBody("embedding-api");
export const finetuneJob = seedBody("finetune-llama-3-r1");
export const embeddingsJob = seedBody("batch-embeddings");

export const servicesPath = (ns = "acme") => `/auth/v1/seed/${ns}/services`;
export const jobsPath = (ns = "acme") => `/auth/v1/seed/${ns}/jobs`;
