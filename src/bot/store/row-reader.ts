/**
 * Typed reads of one database row. SQLite and `pg` hand back the same columns in different
 * JavaScript types (a 64-bit integer is a number in one and a string in the other, a time a number
 * or a `Date`); this is the one place that knows both.
 */
import type { JsonValue } from "./store.ts";
import { StoreCorruptError } from "./store-errors.ts";

export type Row = Readonly<Record<string, unknown>>;

export class RowReader {
  private readonly row: Row;
  private readonly table: string;

  constructor(row: Row, table: string) {
    this.row = row;
    this.table = table;
  }

  private corrupt(column: string, expected: string): StoreCorruptError {
    return new StoreCorruptError(`${this.table}.${column} is not ${expected}`);
  }

  optionalText(column: string): string | null {
    const value = this.row[column];
    if (value === null) return null;
    if (typeof value !== "string") throw this.corrupt(column, "text");
    return value;
  }

  text(column: string): string {
    return this.required(column, this.optionalText(column));
  }

  /** One of `allowed`, as the CHECK constraints of both schemas require. */
  oneOf<const T extends string>(column: string, allowed: readonly T[]): T {
    const value = this.text(column);
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) throw this.corrupt(column, `one of ${allowed.join(", ")}`);
    return match;
  }

  /** GitHub's ids pass 2^31, so they are 64-bit columns; they stay below 2^53. */
  optionalInteger(column: string): number | null {
    const value = this.row[column];
    if (value === null) return null;
    const number =
      typeof value === "number"
        ? value
        : typeof value === "bigint" || (typeof value === "string" && /^-?\d+$/.test(value))
          ? Number(value)
          : Number.NaN;
    if (!Number.isSafeInteger(number)) throw this.corrupt(column, "a whole number");
    return number;
  }

  integer(column: string): number {
    return this.required(column, this.optionalInteger(column));
  }

  /** Milliseconds since the epoch, stored as such (SQLite) or as `timestamptz` (PostgreSQL). */
  optionalTime(column: string): number | null {
    const value = this.row[column];
    if (value instanceof Date) return value.getTime();
    return this.optionalInteger(column);
  }

  time(column: string): number {
    return this.required(column, this.optionalTime(column));
  }

  /** Stored as JSON text (SQLite) or `jsonb` read back as text (PostgreSQL). */
  json(column: string): JsonValue | null {
    const text = this.optionalText(column);
    if (text === null) return null;
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      throw this.corrupt(column, "JSON");
    }
  }

  private required<T>(column: string, value: T | null): T {
    if (value === null) throw this.corrupt(column, "set");
    return value;
  }
}
