/**
 * The contract between the transport and the emulated API: a handler takes the emulator's state
 * and a request already authenticated and validated against the description, and returns a
 * response as data. It knows nothing of HTTP, so the same handlers serve the HTTP server and
 * direct calls from tests.
 */
import type { EmulatorState } from "./state.ts";

export interface ApiRequest {
  readonly operationId: string;
  readonly namespace: string;
  /** The `name` path parameter, for operations on one resource. */
  readonly name: string;
  /** Query parameters, typed and with the description's defaults applied. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The JSON body, valid against the operation's request schema. */
  readonly body: unknown;
}

export interface ServerSentEvent {
  readonly event: string;
  readonly id?: string;
  readonly data: string;
}

/** A stream the transport polls: each pull gives the events since the last pull. */
export interface EventPull {
  (): { readonly events: readonly ServerSentEvent[]; readonly done: boolean };
}

export interface JsonResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ApiResponse = JsonResponse | { readonly status: 200; readonly events: EventPull };

export type Handler = (state: EmulatorState, request: ApiRequest) => ApiResponse;
