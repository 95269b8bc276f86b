/** Durations, money and sizes as people read them in check runs and comments. */

/** `45s`, `12m 05s`, `6h 00m`, `2d 03h`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d}d ${two(h)}h`;
  if (h > 0) return `${h}h ${two(m)}m`;
  if (m > 0) return `${m}m ${two(s)}s`;
  return `${s}s`;
}

/** `$76.80`; Outpost sends money as decimal strings, which are shown as they are. */
export function formatMoney(amount: string | number): string {
  return typeof amount === "number" ? `$${amount.toFixed(2)}` : `$${amount}`;
}

/** `15.0 GB`, in powers of 1024 as storage is billed. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Four significant digits without exponent noise: `0.03120`, `1.834`, `1234`. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return String(Math.round(value));
  if (magnitude < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}
