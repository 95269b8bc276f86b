/**
 * What the client reports while it works, for a CLI that shows retries, a bot that logs them and
 * tests or benchmarks that count calls. Events never carry credentials or request bodies.
 */
import type { OutpostErrorCode } from "./errors.ts";
import type { Failure } from "./retry-policy.ts";

export type OutpostClientEvent =
  /** An HTTP request is about to be sent. `attempt` counts the tries of one client call, from 1. */
  | {
      readonly type: "request";
      readonly operation: string;
      readonly method: string;
      /** Path and query, without the base URL. */
      readonly path: string;
      readonly attempt: number;
    }
  /** It was answered (`status`), or failed without an answer (`error`). */
  | {
      readonly type: "response";
      readonly operation: string;
      readonly method: string;
      readonly path: string;
      readonly attempt: number;
      readonly status: number | undefined;
      readonly error: OutpostErrorCode | undefined;
      readonly durationMs: number;
    }
  /** A failed attempt will be tried again after `delayMs`. */
  | {
      readonly type: "retry";
      readonly operation: string;
      /** The attempt about to be made. */
      readonly nextAttempt: number;
      readonly delayMs: number;
      readonly reason: Failure["kind"];
    }
  /** The client stops retrying and throws the last failure. */
  | {
      readonly type: "give-up";
      readonly operation: string;
      readonly attempts: number;
      readonly reason: string;
    }
  /**
   * A write whose answer was lost turned out to have taken effect (found by reading the
   * resource back); the call returns what the server shows instead of repeating the write.
   */
  | {
      readonly type: "recovered";
      readonly operation: string;
      readonly name: string;
      readonly detail: string;
    }
  /** Following logs, the connection was lost and will be resumed after the last line seen. */
  | {
      readonly type: "log-stream-resume";
      readonly name: string;
      readonly since: string | undefined;
      readonly delayMs: number;
      readonly reason: string;
    }
  /** Lines were lost for good: more lines than one read may return passed while disconnected. */
  | { readonly type: "log-lines-missed"; readonly name: string; readonly since: string };

export type OutpostEventListener = (event: OutpostClientEvent) => void;
