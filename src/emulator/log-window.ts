/**
 * Log lines as the models produce them (epoch milliseconds) and the documented window over them:
 * `since` (exclusive), then the `tail` most recent, oldest first, and `has_more` when older lines
 * exist beyond the window.
 */
import type { LogLine } from "../outpost/types.ts";
import { toTimestamp } from "./clock.ts";

export interface TimedLine {
  readonly at: number;
  readonly message: string;
}

/**
 * Sorts lines by time (stable, so lines of one instant keep the order they were produced in) and
 * gives lines of the same instant distinct, increasing timestamps one millisecond apart, so that a
 * client resuming with `since=<last timestamp>` never skips a line.
 */
export function inOrder(lines: readonly TimedLine[]): TimedLine[] {
  const sorted = [...lines].sort((a, b) => a.at - b.at);
  let previous = -Infinity;
  return sorted.map((line) => {
    const at = line.at > previous ? line.at : previous + 1;
    previous = at;
    return at === line.at ? line : { at, message: line.message };
  });
}

export interface LogWindow {
  readonly lines: TimedLine[];
  readonly hasMore: boolean;
}

/** `lines` must be in order (see `inOrder`). */
export function logWindow(
  lines: readonly TimedLine[],
  query: { readonly tail: number; readonly since?: number | undefined },
): LogWindow {
  const since = query.since;
  const after = since === undefined ? lines : lines.filter((line) => line.at > since);
  const window = after.slice(Math.max(0, after.length - query.tail));
  return { lines: window, hasMore: after.length > window.length };
}

export function toLogLine(line: TimedLine): LogLine {
  return { timestamp: toTimestamp(line.at), message: line.message };
}
