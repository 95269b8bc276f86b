/**
 * GitHub's size limits on what the bot writes, and fitting output into them. A check run's
 * summary and text and a comment's body may hold 65,535 characters; the bot never lets GitHub
 * refuse a write for size. What gives way is the log: lines are dropped from its middle (the
 * first lines say how a run started, the last how it is going), never the status around it.
 */

/** The most characters GitHub accepts in a check run's summary or text, or a comment body. */
export const maxBodyLength = 65_535;

/** A check run's title; GitHub does not document a limit, so the bot keeps titles short. */
export const maxTitleLength = 200;

/** A longer log line is cut: one runaway line must not push every other out. */
export const maxLogLineLength = 2_000;

/** Of the lines kept, the share taken from the start of the log. */
const headShare = 0.25;

export function clipLine(line: string, max = maxLogLineLength): string {
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** Text cut at `max` characters, marked as cut; for the rare output with nothing left to drop. */
export function clipText(text: string, max = maxBodyLength): string {
  const marker = "\n\n… (cut to fit GitHub's size limit)";
  return text.length <= max ? text : `${text.slice(0, max - marker.length)}${marker}`;
}

/** `keep` of the lines: a quarter from the start, the rest from the end, and a marker between. */
export function middleOut(lines: readonly string[], keep: number): string[] {
  if (keep >= lines.length) return [...lines];
  const head = Math.floor(keep * headShare);
  const tail = keep - head;
  const omitted = lines.length - keep;
  return [
    ...lines.slice(0, head),
    `… ${omitted} line${omitted === 1 ? "" : "s"} omitted …`,
    ...lines.slice(lines.length - tail),
  ];
}

/**
 * The rendering with as many log lines as fit in `max` characters. `render` is called with the
 * lines to show (a marker in place of those dropped); it must grow with the number of lines.
 */
export function fitLogLines(
  lines: readonly string[],
  render: (lines: readonly string[]) => string,
  max = maxBodyLength,
): string {
  const clipped = lines.map((line) => clipLine(line));
  const all = render(clipped);
  if (all.length <= max) return all;
  let low = 0;
  let high = clipped.length - 1;
  let best = render(middleOut(clipped, 0));
  if (best.length > max) return clipText(best, max);
  while (low <= high) {
    const keep = Math.floor((low + high) / 2);
    const candidate = render(middleOut(clipped, keep));
    if (candidate.length <= max) {
      best = candidate;
      low = keep + 1;
    } else {
      high = keep - 1;
    }
  }
  return best;
}
