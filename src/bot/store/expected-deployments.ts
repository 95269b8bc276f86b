/**
 * Deployments the bot is about to create for a command (`/outpost redeploy`, `/outpost run`),
 * and the pull request head where the command was given. GitHub's own `deployment` webhook for
 * such a Deployment may arrive before the command has finished: it finds the expectation here
 * and follows the resource on the pull request's head, not on the commit the Deployment names.
 */
import type { WatchKind } from "./store.ts";

export interface ExpectedDeploymentKey {
  readonly owner: string;
  readonly repo: string;
  readonly kind: WatchKind;
  readonly namespace: string;
  /** The resource's name in outpost.yaml. */
  readonly key: string;
  /** The commit the Deployment will name. */
  readonly sha: string;
}

export interface DeploymentTarget {
  /** Where its check run goes. */
  readonly headSha: string;
  readonly pullRequest: number;
}

export interface ExpectedDeployments {
  /** Expects a Deployment for `ttlMs` (store clock); a later expectation of the same key wins. */
  expect(key: ExpectedDeploymentKey, target: DeploymentTarget, ttlMs: number): Promise<void>;
  /** The target of an unexpired expectation, if any. */
  find(key: ExpectedDeploymentKey): Promise<DeploymentTarget | undefined>;
}
