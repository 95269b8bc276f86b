/**
 * Fewer points that keep a curve's shape. `largestTriangles` is Steinarsson's
 * Largest-Triangle-Three-Buckets (LTTB): the first and the last point stay, and each bucket in
 * between keeps the point that makes the largest triangle with the point kept before it and the
 * average of the next bucket — spikes and turns survive, flat stretches thin out.
 * `evenlySpaced` is the same choice made in buckets of equal width along x, each kept point
 * placed at its bucket's centre: what a chart whose x axis has evenly spaced slots (Mermaid's
 * `xychart`) needs to show a curve at its true x.
 */

export type Point = readonly [x: number, y: number];

function area(a: Point, b: Point, c: Point): number {
  return Math.abs((a[0] - c[0]) * (b[1] - a[1]) - (a[0] - b[0]) * (c[1] - a[1])) / 2;
}

function average(points: readonly Point[]): Point | undefined {
  if (points.length === 0) return undefined;
  let x = 0;
  let y = 0;
  for (const [px, py] of points) {
    x += px;
    y += py;
  }
  return [x / points.length, y / points.length];
}

/** The point of `bucket` making the largest triangle with `previous` and `next`. */
function pick(bucket: readonly Point[], previous: Point, next: Point): Point | undefined {
  let best: Point | undefined;
  let bestArea = -1;
  for (const point of bucket) {
    const size = area(previous, point, next);
    if (size > bestArea) {
      bestArea = size;
      best = point;
    }
  }
  return best;
}

/** At most `count` of the points (in order, x increasing), first and last kept. */
export function largestTriangles(points: readonly Point[], count: number): Point[] {
  const first = points[0];
  const last = points.at(-1);
  if (points.length <= count || count < 3 || first === undefined || last === undefined) {
    return [...points];
  }
  const kept: Point[] = [first];
  // The points between the first and the last, in count − 2 buckets of (nearly) equal size.
  const size = (points.length - 2) / (count - 2);
  let previous = first;
  for (let i = 0; i < count - 2; i++) {
    const bucket = points.slice(1 + Math.floor(i * size), 1 + Math.floor((i + 1) * size));
    const nextBucket =
      i === count - 3
        ? [last]
        : points.slice(1 + Math.floor((i + 1) * size), 1 + Math.floor((i + 2) * size));
    const chosen = pick(bucket, previous, average(nextBucket) ?? last);
    if (chosen === undefined) continue;
    kept.push(chosen);
    previous = chosen;
  }
  kept.push(last);
  return kept;
}

/** The curve's value at `x`, on the straight line between the points around it. */
function interpolate(points: readonly Point[], x: number): number {
  let low = 0;
  let high = points.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((points[middle]?.[0] ?? 0) <= x) low = middle;
    else high = middle;
  }
  const a = points[low];
  const b = points[high];
  if (a === undefined || b === undefined) return a?.[1] ?? b?.[1] ?? 0;
  if (b[0] === a[0]) return b[1];
  return a[1] + ((b[1] - a[1]) * (x - a[0])) / (b[0] - a[0]);
}

/**
 * `slots` values at evenly spaced x from the first point's to the last's: the first and the last
 * are the first and last points' own values; each slot between shows the point of its stretch of
 * x chosen as LTTB chooses (or, for a stretch without points, the line between its neighbours).
 */
export function evenlySpaced(points: readonly Point[], slots: number): number[] {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return [];
  if (points.length === 1 || slots < 2 || last[0] === first[0]) return [first[1]];
  const step = (last[0] - first[0]) / (slots - 1);
  const centre = (i: number) => first[0] + i * step;
  // Each point goes to its nearest slot.
  const buckets: Point[][] = Array.from({ length: slots }, () => []);
  for (const point of points) {
    const slot = Math.min(slots - 1, Math.max(0, Math.round((point[0] - first[0]) / step)));
    buckets[slot]?.push(point);
  }
  const values: number[] = [first[1]];
  let previous: Point = first;
  for (let i = 1; i < slots - 1; i++) {
    const bucket = buckets[i] ?? [];
    const following = average(buckets[i + 1] ?? []) ?? [
      centre(i + 1),
      interpolate(points, centre(i + 1)),
    ];
    const chosen = pick(bucket, previous, following);
    const value = chosen?.[1] ?? interpolate(points, centre(i));
    values.push(value);
    previous = [centre(i), value];
  }
  values.push(last[1]);
  return values;
}
