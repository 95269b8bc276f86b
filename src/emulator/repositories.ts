/**
 * The emulated Git hosting behind `repo` deployments: the head commit of each branch. A branch's
 * head is stable until a test pushes to it, so a redeploy without a push keeps its commit, as on
 * the real platform ("the latest commit on the configured branch").
 */
import { createRandom, hash32, hexDigits } from "./random.ts";

export interface Repositories {
  /** The branch's current head commit sha (40 hex digits). */
  head(repo: string, branch: string): string;
  /** Moves the branch to a new commit (given, or made up) and returns it. */
  push(repo: string, branch: string, sha?: string): string;
  reset(): void;
}

export function createRepositories(seed: number): Repositories {
  const pushes = new Map<string, string>();
  const key = (repo: string, branch: string) => `${repo}@${branch}`;
  const madeUp = (repo: string, branch: string, generation: number) =>
    hexDigits(createRandom(hash32(`${seed}/${repo}/${branch}/${generation}`)), 40);
  let generation = 0;
  return {
    head: (repo, branch) => pushes.get(key(repo, branch)) ?? madeUp(repo, branch, 0),
    push(repo, branch, sha) {
      const next = sha ?? madeUp(repo, branch, ++generation);
      pushes.set(key(repo, branch), next);
      return next;
    },
    reset() {
      pushes.clear();
    },
  };
}
