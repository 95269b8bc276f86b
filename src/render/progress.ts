/**
 * Job progress as Outpost reports it (`Epoch 2/3 - Step 4200/6300`), read into numbers, and drawn
 * as a bar. Shared by the terminal display and the bot's check runs.
 */
export interface Progress {
  /** 0..1, when the text carries a step or epoch count. */
  readonly fraction: number | undefined;
  readonly text: string;
}

/** Reads the last `a/b` pair of the text (steps beat epochs) as a fraction. */
export function parseProgress(text: string | null | undefined): Progress {
  if (!text) return { fraction: undefined, text: "" };
  const pairs = [...text.matchAll(/(\d+)\s*\/\s*(\d+)/g)];
  const step = /step\s*(\d+)\s*\/\s*(\d+)/i.exec(text) ?? pairs.at(-1);
  const done = Number(step?.[1]);
  const total = Number(step?.[2]);
  if (!step || !Number.isFinite(done) || !(total > 0)) return { fraction: undefined, text };
  return { fraction: Math.min(1, Math.max(0, done / total)), text };
}

/** `█████░░░░░ 50%` */
export function progressBar(fraction: number, width = 20): string {
  const filled = Math.round(fraction * width);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)} ${Math.floor(fraction * 100)}%`;
}
