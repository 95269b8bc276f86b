/**
 * What a GitHub write is for, in the order the budget serves them: a failure first (someone
 * must act), then a conclusion (a check run reaching its end, the end of a resource with a check
 * run of its own on its Deployment, a command's answer), then a state change (queued → running,
 * a service ready, the sticky comment), then a record (the end of a fleet member on its
 * Deployment: the fleet's check run shows it already), then progress.
 *
 * Each class may fill only part of the minute's and the hour's budget — with the classes above
 * it — so higher ones always find room: a thousand Deployment ends never hold back the fleet's
 * check run, and progress never holds back an end.
 *
 * | Class | Share of the budget it may fill |
 * | --- | --- |
 * | failure, conclusion | all of it |
 * | state | 80 % |
 * | record | 70 % |
 * | progress | 50 % |
 */
export type WritePriority = "failure" | "conclusion" | "state" | "record" | "progress";

export const priorities: readonly WritePriority[] = [
  "failure",
  "conclusion",
  "state",
  "record",
  "progress",
];

/** The share of the minute's and the hour's budget writes of a class (and of higher ones) may fill. */
export const budgetShare: Readonly<Record<WritePriority, number>> = {
  failure: 1,
  conclusion: 1,
  state: 0.8,
  record: 0.7,
  progress: 0.5,
};

/** 0 for the most urgent. */
export function priorityRank(priority: WritePriority): number {
  return priorities.indexOf(priority);
}
