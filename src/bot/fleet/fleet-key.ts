/**
 * A fleet: the resources of one kind on one commit, once there are more of them than the
 * operator's `fleetThreshold`. They share one aggregate check run instead of one each, so that a
 * thousand jobs fit GitHub's write limits and every end shows within minutes.
 */
import type { BotStore, Watch, WatchKind } from "../store/store.ts";

export interface FleetKey {
  readonly owner: string;
  readonly repo: string;
  readonly headSha: string;
  readonly kind: WatchKind;
}

export function fleetKeyOf(watch: Pick<Watch, "owner" | "repo" | "headSha" | "kind">): FleetKey {
  return { owner: watch.owner, repo: watch.repo, headSha: watch.headSha, kind: watch.kind };
}

export function fleetId(key: FleetKey): string {
  return `${key.owner}/${key.repo}@${key.headSha}:${key.kind}`.toLowerCase();
}

/** Whether the commit's resources of that kind are a fleet; counted once per cycle per key. */
export class FleetMembership {
  readonly #store: BotStore;
  readonly #threshold: number;
  readonly #known = new Map<string, Promise<boolean>>();

  constructor(store: BotStore, threshold: number) {
    this.#store = store;
    this.#threshold = threshold;
  }

  isFleet(key: FleetKey): Promise<boolean> {
    const id = fleetId(key);
    let answer = this.#known.get(id);
    if (answer === undefined) {
      answer = this.#store
        .countWatches({ owner: key.owner, repo: key.repo, headSha: key.headSha, kind: key.kind })
        .then((count) => count > this.#threshold);
      this.#known.set(id, answer);
    }
    return answer;
  }
}
