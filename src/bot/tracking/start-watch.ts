/**
 * Starting to follow a resource: a watch in the store, keyed by its Deployment, so a redelivered
 * webhook or a command and the webhook of the Deployment it created start one watch, not two.
 * The poller that holds the watch's lease creates its check run, so no two replicas ever do.
 */
import type { BotContext } from "../bot-context.ts";
import type { RepositoryRef } from "../repository.ts";
import type { Watch } from "../store/store.ts";
import { pollStateJson } from "./poll-state.ts";

export interface WatchStart {
  readonly repository: RepositoryRef;
  readonly installationId: number;
  readonly namespace: string;
  readonly kind: "service" | "job";
  /** The name in outpost.yaml. */
  readonly key: string;
  readonly outpostName: string;
  readonly deploymentId: number;
  readonly headSha: string;
  readonly pullRequest?: number;
  readonly outpostId?: string;
}

export async function startWatch(
  context: BotContext,
  start: WatchStart,
): Promise<{ readonly watch: Watch; readonly created: boolean }> {
  const { watch, created } = await context.store.upsertWatch({
    owner: start.repository.owner,
    repo: start.repository.repo,
    namespace: start.namespace,
    kind: start.kind,
    outpostName: start.outpostName,
    deploymentId: start.deploymentId,
    installationId: start.installationId,
    headSha: start.headSha,
    ...(start.pullRequest === undefined ? {} : { pullRequest: start.pullRequest }),
    ...(start.outpostId === undefined ? {} : { outpostId: start.outpostId }),
  });
  if (!created) return { watch, created };
  const updated = await context.store.updateWatch(watch.id, {
    pollState: pollStateJson({ key: start.key, firstSeenAt: context.now() }),
  });
  context.log.info(
    {
      repository: `${start.repository.owner}/${start.repository.repo}`,
      kind: start.kind,
      outpostName: start.outpostName,
      watch: watch.id,
    },
    "following",
  );
  return { watch: updated, created };
}
