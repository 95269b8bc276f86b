/**
 * Prices, in whole cents per hour so that sums stay exact. The seed pages fix three points
 * (A100-80GB ×1 at 3.20/h, A100-80GB ×4 at 12.80/h, L4 ×1 at 0.80/h): a GPU machine costs its
 * GPUs, linearly in their count, whatever its CPU and memory. The other GPU prices and the
 * CPU-only rates are the emulator's own plausible choices.
 */
import type { Gpu } from "../outpost/types.ts";

const centsPerGpuHour: Record<Exclude<Gpu, "none">, number> = {
  "A100-40GB": 240,
  "A100-80GB": 320,
  "H100-80GB": 480,
  L4: 80,
  T4: 50,
};

const centsPerVcpuHour = 4;
const centsPerGbHour = 0.5;

export interface Machine {
  readonly gpu: Gpu;
  readonly gpu_count: number;
  readonly cpu: number;
  readonly memory_gb: number;
}

export function centsPerHour(machine: Machine): number {
  if (machine.gpu === "none") {
    return Math.round(machine.cpu * centsPerVcpuHour + machine.memory_gb * centsPerGbHour);
  }
  return centsPerGpuHour[machine.gpu] * machine.gpu_count;
}

/** Cents for a run of this many milliseconds, rounded to the cent. */
export function costCents(perHour: number, milliseconds: number): number {
  return Math.round((perHour * milliseconds) / 3_600_000);
}

/** The documented money format: dollars with two decimals, e.g. `"3.20"`. */
export function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}
