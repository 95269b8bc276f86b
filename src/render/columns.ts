/** Rows of cells as aligned text columns (the last column is not padded). */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((row) =>
    row
      .map((c, i) => (i === row.length - 1 ? c : c + " ".repeat((widths[i] ?? 0) - [...c].length)))
      .join("  ")
      .trimEnd(),
  );
}
