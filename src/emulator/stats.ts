/**
 * What the emulator was asked: counts per operation and per method, and a log of requests
 * (method, path, status, the fault injected) with no credentials in it. Tests assert on it, e.g.
 * "re-applying an unchanged file makes zero write calls". Control requests are not counted.
 */
import type { FaultKind } from "./faults.ts";

export interface RequestRecord {
  /** Emulated time of arrival. */
  readonly at: string;
  readonly method: string;
  /** Path and query string. */
  readonly path: string;
  /** Undefined when the request matched no operation. */
  readonly operationId: string | undefined;
  /** The status answered, or `"dropped"` when the connection was destroyed instead. */
  readonly status: number | "dropped";
  readonly fault: FaultKind | undefined;
  readonly requestId: string;
}

export interface StatsSnapshot {
  readonly total: number;
  /** Requests to operations other than GET (creates, updates, redeploys, cancels, deletes). */
  readonly writes: number;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly byMethod: Readonly<Record<string, number>>;
  readonly requests: readonly RequestRecord[];
}

export interface EmulatorStats {
  snapshot(): StatsSnapshot;
  /** How many requests went to an operation id (or to a method, e.g. `"PUT"`). */
  count(operationIdOrMethod: string): number;
  reset(): void;
}

/** Requests kept in the log; counts are kept for all of them. */
const logLimit = 10_000;

export class Stats implements EmulatorStats {
  #requests: RequestRecord[] = [];
  #byOperation = new Map<string, number>();
  #byMethod = new Map<string, number>();
  #total = 0;
  #writes = 0;

  record(request: RequestRecord): void {
    this.#total += 1;
    if (request.operationId !== undefined) {
      this.#byOperation.set(
        request.operationId,
        (this.#byOperation.get(request.operationId) ?? 0) + 1,
      );
      if (request.method !== "GET") this.#writes += 1;
    }
    this.#byMethod.set(request.method, (this.#byMethod.get(request.method) ?? 0) + 1);
    this.#requests.push(request);
    if (this.#requests.length > logLimit) this.#requests.shift();
  }

  snapshot(): StatsSnapshot {
    return {
      total: this.#total,
      writes: this.#writes,
      byOperation: Object.fromEntries(this.#byOperation),
      byMethod: Object.fromEntries(this.#byMethod),
      requests: [...this.#requests],
    };
  }

  count(operationIdOrMethod: string): number {
    return (
      this.#byOperation.get(operationIdOrMethod) ?? this.#byMethod.get(operationIdOrMethod) ?? 0
    );
  }

  reset(): void {
    this.#requests = [];
    this.#byOperation.clear();
    this.#byMethod.clear();
    this.#total = 0;
    this.#writes = 0;
  }
}
