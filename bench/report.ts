/**
 * What a benchmark reports: named figures with their unit and, where the project makes a promise
 * about them, the bound they are held to. The runner prints them as one table and writes them to
 * bench/results.json; a figure outside its bound fails the run.
 */

export type Unit =
  "ms" | "µs" | "min" | "×" | "calls" | "writes" | "jobs" | "MiB" | "KiB" | "requests";

export interface Bound {
  readonly max?: number;
  readonly min?: number;
}

export interface Figure {
  readonly label: string;
  readonly value: number;
  readonly unit: Unit;
  readonly bound?: Bound;
  /** How it was obtained, when the label does not say (e.g. "median of 5"). */
  readonly note?: string;
}

export interface Section {
  readonly name: string;
  /** The set-up, in one line: sizes, latency, concurrency, repeats. */
  readonly setup: string;
  readonly figures: readonly Figure[];
  /** Every sample behind the figures, for results.json. */
  readonly samples?: Readonly<Record<string, readonly number[]>>;
}

export function withinBound(figure: Figure): boolean {
  const { bound, value } = figure;
  if (bound === undefined) return true;
  return (
    (bound.max === undefined || value <= bound.max) &&
    (bound.min === undefined || value >= bound.min)
  );
}

function formatValue(value: number, unit: Unit): string {
  const digits = unit === "×" ? 2 : Math.abs(value) >= 100 || Number.isInteger(value) ? 0 : 1;
  const text = value.toFixed(digits);
  return unit === "×" ? `${text}×` : `${text} ${unit}`;
}

function formatBound(bound: Bound | undefined, unit: Unit): string {
  if (bound === undefined) return "";
  const parts: string[] = [];
  if (bound.min !== undefined) parts.push(`≥ ${formatValue(bound.min, unit)}`);
  if (bound.max !== undefined) parts.push(`≤ ${formatValue(bound.max, unit)}`);
  return parts.join(", ");
}

/** The sections as a plain-text table, one row per figure. */
export function toTable(sections: readonly Section[]): string {
  const rows: string[][] = [["Benchmark", "Figure", "Value", "Bound", ""]];
  for (const section of sections) {
    section.figures.forEach((figure, index) => {
      rows.push([
        index === 0 ? section.name : "",
        figure.note === undefined ? figure.label : `${figure.label} (${figure.note})`,
        formatValue(figure.value, figure.unit),
        formatBound(figure.bound, figure.unit),
        figure.bound === undefined ? "" : withinBound(figure) ? "ok" : "MISSED",
      ]);
    });
  }
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) =>
        column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  const [header, ...body] = rows;
  return [line(header ?? []), rule, ...body.map(line)].join("\n");
}
