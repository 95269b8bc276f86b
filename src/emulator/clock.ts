/**
 * Emulated time. Every state of the emulator is derived from `now()`, so a time scale (a six-hour
 * job in six seconds at 3600×) and a manual clock (time moves only when a test says so) are exact:
 * nothing runs on timers, so nothing races.
 */

export interface Clock {
  /** Emulated milliseconds since the Unix epoch; never decreases. */
  now(): number;
  /** Emulated milliseconds per real millisecond; 0 for a manual clock. */
  readonly timeScale: number;
  readonly manual: boolean;
  /** Changes the pace from now on, without a jump (a real clock only). */
  setTimeScale(scale: number): void;
  /** Moves emulated time forward; works on both kinds of clock. */
  advance(milliseconds: number): void;
}

export interface ClockOptions {
  /** Emulated time at start, in epoch milliseconds; default the real time. */
  readonly start?: number;
  /** Default 1 (emulated time runs like real time). Ignored by a manual clock. */
  readonly timeScale?: number;
  /** A manual clock stands still until `advance()`. */
  readonly manual?: boolean;
  /** Real monotonic milliseconds; injectable for the clock's own tests. */
  readonly realNow?: () => number;
}

export class ClockError extends Error {
  readonly code = "invalid_clock";
}

function checkScale(scale: number): number {
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new ClockError(`The time scale must be a positive number, got ${scale}.`);
  }
  return scale;
}

export function createClock(options: ClockOptions = {}): Clock {
  const realNow = options.realNow ?? (() => performance.now());
  const manual = options.manual ?? false;
  let scale = manual ? 0 : checkScale(options.timeScale ?? 1);
  let anchorReal = realNow();
  let anchorEmulated = options.start ?? Date.now();
  const now = (): number =>
    Math.floor(anchorEmulated + (manual ? 0 : (realNow() - anchorReal) * scale));
  return {
    now,
    get timeScale() {
      return scale;
    },
    manual,
    setTimeScale(next) {
      if (manual) throw new ClockError("A manual clock has no time scale; use advance().");
      const at = now();
      scale = checkScale(next);
      anchorReal = realNow();
      anchorEmulated = at;
    },
    advance(milliseconds) {
      if (!Number.isFinite(milliseconds) || milliseconds < 0) {
        throw new ClockError(`The clock only moves forward, got ${milliseconds} ms.`);
      }
      anchorEmulated += milliseconds;
    },
  };
}

/**
 * ISO 8601 in UTC as the seed pages write it (`2026-03-18T10:00:00Z`), with milliseconds only
 * when the instant has some, so that close log lines keep distinct, ordered timestamps.
 */
export function toTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

export const second = 1000;
