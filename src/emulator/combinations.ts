/**
 * Invalid combinations of otherwise valid fields, answered with 422 as both seed pages list
 * ("invalid configuration combination", "invalid GPU/CPU/memory combination"). The pages name no
 * rule, so the emulator's are few and documented in docs/emulator.md.
 */
import { unprocessable } from "./api-error.ts";
import type { Machine } from "./pricing.ts";

/** Memory per vCPU above which no machine shape exists. */
const maxGbPerVcpu = 8;

export function checkMachine(machine: Machine): void {
  if (machine.gpu === "none" && machine.gpu_count > 1) {
    throw unprocessable(`gpu_count ${machine.gpu_count} needs a GPU type; 'gpu' is 'none'.`);
  }
  if (machine.memory_gb > machine.cpu * maxGbPerVcpu) {
    throw unprocessable(
      `memory_gb ${machine.memory_gb} is more than ${maxGbPerVcpu} GB per vCPU for cpu ${machine.cpu}; raise 'cpu' or lower 'memory_gb'.`,
    );
  }
}

/** `branch` only means something for `repo`. */
export function checkSource(source: {
  readonly image?: string | undefined;
  readonly branch?: string | undefined;
}): void {
  if (source.image !== undefined && source.branch !== undefined) {
    throw unprocessable("'branch' applies only to 'repo'; an 'image' has no branch.");
  }
}

export function checkReplicas(replicas: { readonly min: number; readonly max: number }): void {
  if (replicas.min > replicas.max) {
    throw unprocessable(
      `min_replicas (${replicas.min}) must not be greater than max_replicas (${replicas.max}).`,
    );
  }
}
