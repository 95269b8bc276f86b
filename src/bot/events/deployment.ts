/**
 * A Deployment created: the action's hand-off. An Outpost payload (see docs/github-records.md)
 * names the namespace, kind, key and Outpost name; the bot starts following the resource within
 * the namespaces the operator granted to the repository's owner, on the commit's pull request —
 * or, for a Deployment a command of the bot is creating, on the pull request head where the
 * command was given. Other Deployments (other tools, newer payload versions) are left alone.
 */
import { parseDeploymentPayload } from "../../records/deployment-payload.ts";
import type { GitHubApi } from "../../github/github-api.ts";
import type { BotContext } from "../bot-context.ts";
import { createCheckRun } from "../check-runs.ts";
import { pullRequestOfCommit } from "../pull-requests.ts";
import { fullName } from "../repository.ts";
import { startWatch } from "../tracking/start-watch.ts";
import { checkRunName } from "../tracking/write-watch.ts";
import { repositoryOf, type InstallationPayload, type RepositoryPayload } from "./payload.ts";

export interface DeploymentEvent {
  readonly deployment: { readonly id: number; readonly sha: string; readonly payload: unknown };
  readonly repository: RepositoryPayload;
  readonly installation?: InstallationPayload | undefined;
}

export type DeploymentHandling = "following" | "already-following" | "ignored" | "refused";

export async function onDeployment(
  context: BotContext,
  github: GitHubApi,
  event: DeploymentEvent,
): Promise<DeploymentHandling> {
  const repository = repositoryOf(event.repository);
  const parsed = parseDeploymentPayload(event.deployment.payload);
  if (parsed.type === "invalid") {
    context.log.warn(
      {
        repository: fullName(repository),
        deployment: event.deployment.id,
        problems: parsed.problems,
      },
      "an Outpost deployment payload is invalid; not following it",
    );
  }
  if (parsed.type !== "outpost" || event.installation === undefined) return "ignored";
  const payload = parsed.payload;
  if (payload.repository.toLowerCase() !== fullName(repository).toLowerCase()) {
    context.log.warn(
      { repository: fullName(repository), payloadRepository: payload.repository },
      "an Outpost deployment names another repository; not following it",
    );
    return "ignored";
  }
  const access = context.access.for(repository.owner, payload.namespace);
  if (!access.granted) {
    // Said where the user looks, once: the check run of the resource it would have followed.
    await createCheckRun(
      github,
      repository,
      checkRunName({ kind: payload.kind, outpostName: payload.outpostName }),
      event.deployment.sha,
      {
        status: "completed",
        conclusion: "failure",
        output: {
          title: `Namespace ${payload.namespace} is not available to this repository`,
          summary: access.reason,
        },
      },
    );
    return "refused";
  }
  // A command's own Deployment is followed where the command was given (its pull request's
  // head), not on the commit it names: the command told the store to expect it.
  const expected = await context.store.expectedDeployments.find({
    ...repository,
    kind: payload.kind,
    namespace: payload.namespace,
    key: payload.key,
    sha: event.deployment.sha,
  });
  const pullRequest =
    expected?.pullRequest ?? (await pullRequestOfCommit(github, repository, event.deployment.sha));
  const { created } = await startWatch(context, {
    repository,
    installationId: event.installation.id,
    namespace: payload.namespace,
    kind: payload.kind,
    key: payload.key,
    outpostName: payload.outpostName,
    deploymentId: event.deployment.id,
    headSha: expected?.headSha ?? event.deployment.sha,
    ...(pullRequest === undefined ? {} : { pullRequest }),
    ...(payload.outpostId === undefined ? {} : { outpostId: payload.outpostId }),
  });
  return created ? "following" : "already-following";
}
