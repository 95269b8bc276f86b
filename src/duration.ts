/** Durations as people write them in workflows and on the command line: `15m`, `1h30m`, `90s`, `500ms`, `3d`. */

const units: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/** Milliseconds, or undefined when `text` is not a duration (a bare number has no unit: refused). */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase().replaceAll(" ", "");
  if (value === "") return undefined;
  let total = 0;
  part.lastIndex = 0;
  while (part.lastIndex < value.length) {
    const start = part.lastIndex;
    const match = part.exec(value);
    if (match === null || match.index !== start) return undefined;
    const [, amount, unit] = match;
    total += Number(amount) * (units[unit ?? ""] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** `1h 30m`, `45s`, `1.2s`: for messages about a duration. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  // Whole seconds from ten on, rounded down: 59.9 s is not yet "60s".
  if (ms < 10_000) return `${(ms / 1_000).toFixed(1)}s`;
  if (ms < 60_000) return `${Math.floor(ms / 1_000)}s`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return [
    hours > 0 ? `${hours}h` : "",
    minutes > 0 ? `${minutes}m` : "",
    seconds > 0 ? `${seconds}s` : "",
  ]
    .filter(Boolean)
    .join(" ");
}
