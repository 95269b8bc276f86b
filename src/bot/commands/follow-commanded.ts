/**
 * Following what a command applied on the pull request it was given on. The command's Deployment
 * makes GitHub send a `deployment` webhook of its own, which may be handled before the command
 * ends (the inbox's workers run side by side): so before the Deployment exists, the store is
 * told to expect it, and whichever comes first — the webhook or the command's own `startWatch`
 * — follows it on the pull request's head, listed in its sticky comment.
 */
import type { WatchKind } from "../store/store.ts";
import { startWatch } from "../tracking/start-watch.ts";
import type { CommandEnvironment } from "./command-environment.ts";
import { newestDeployment } from "./deployment-lookup.ts";

/** How long the expectation lasts: longer than any command takes. */
const expectationMs = 30 * 60_000;

export interface CommandedResource {
  readonly kind: WatchKind;
  readonly namespace: string;
  /** Its name in outpost.yaml. */
  readonly key: string;
  /** The commit its Deployment names. */
  readonly sha: string;
}

export interface CommandedFollow {
  /** Starts the watch (unless the webhook did); false when GitHub kept no Deployment. */
  start(outpostName: string): Promise<boolean>;
}

export async function followCommanded(
  environment: CommandEnvironment,
  resource: CommandedResource,
): Promise<CommandedFollow> {
  const { context, github, repository, pull } = environment;
  const target = { headSha: pull.headSha, pullRequest: pull.number };
  await context.store.expectedDeployments.expect(
    { ...repository, ...resource },
    target,
    expectationMs,
  );
  return {
    async start(outpostName) {
      const deploymentId = await newestDeployment(github, repository, resource, resource.sha);
      if (deploymentId === undefined) return false;
      await startWatch(context, {
        repository,
        installationId: environment.installationId,
        namespace: resource.namespace,
        kind: resource.kind,
        key: resource.key,
        outpostName,
        deploymentId,
        ...target,
      });
      environment.wake();
      return true;
    },
  };
}
