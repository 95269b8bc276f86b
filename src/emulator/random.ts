/**
 * Seeded randomness. Ids, fault decisions and the wobble of metrics all come from here, so a run
 * with the same seed and the same requests is the same run.
 */

/** A 32-bit hash of a string (FNV-1a), used to seed per-resource noise. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast and good enough for emulation (not for secrets). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A stable value in [-1, 1] for a key: the same key always gives the same value. Metrics use
 * `noise(`${id}/rps/${minute}`)` so that they move with emulated time but not between reads.
 */
export function noise(key: string): number {
  return createRandom(hash32(key))() * 2 - 1;
}

/** Lowercase hex digits from a random source. */
export function hexDigits(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}
