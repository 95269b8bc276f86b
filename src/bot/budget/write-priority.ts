/**
 * What a GitHub write is for, in the order the budget serves them: a failure first (someone
 * must act), then a conclusion (a check run or Deployment reaching its end, a command's answer),
 * then a state change (queued → running, a service ready, the sticky comment), then progress.
 * Lower classes may use only part of the budget, so higher ones always find room.
 */
export type WritePriority = "failure" | "conclusion" | "state" | "progress";

export const priorities: readonly WritePriority[] = ["failure", "conclusion", "state", "progress"];

/** The share of the minute's and the hour's budget writes of a class (and of higher ones) may fill. */
export const budgetShare: Readonly<Record<WritePriority, number>> = {
  failure: 1,
  conclusion: 1,
  state: 0.8,
  progress: 0.5,
};

/** 0 for the most urgent. */
export function priorityRank(priority: WritePriority): number {
  return priorities.indexOf(priority);
}
