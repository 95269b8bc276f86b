/**
 * `/outpost redeploy <service>`: a rolling redeployment of a service this repository deployed
 * (its last applied record, from the repository's Deployments, proves that), recorded as a new
 * Deployment of the same applied spec and followed like an apply's rollout. A service the
 * repository never deployed is refused: a pull request cannot act on another project's service.
 */
import { botRecords } from "../bot-records.ts";
import { failureMessage } from "../failure-message.ts";
import { startWatch } from "../tracking/start-watch.ts";
import { commandConfig, notDeclared } from "./command-config.ts";
import type { CommandEnvironment } from "./command-environment.ts";
import { failed, type CommandResult } from "./command-result.ts";
import { newestDeployment } from "./deployment-lookup.ts";

export async function redeployService(
  environment: CommandEnvironment,
  name: string,
): Promise<CommandResult> {
  const { context, github, repository, pull } = environment;
  const config = await commandConfig(environment);
  if (!config.ok) return failed(config.message);
  const { document, access } = config;
  if (document.services?.[name] === undefined) {
    return failed(notDeclared("service", name, Object.keys(document.services ?? {})));
  }
  const namespace = document.namespace;
  const declared = {
    services: Object.keys(document.services ?? {}).map((key) => ({ name: key })),
    jobs: Object.keys(document.jobs ?? {}).map((key) => ({ key })),
  };
  const reader = botRecords(github, repository, declared, pull.headSha);
  try {
    const record = (await reader.read(namespace, undefined)).latest.find(
      (r) => r.kind === "service" && r.key === name,
    );
    if (record === undefined) {
      return failed(
        `This repository has not deployed \`${name}\` in \`${namespace}\` (no applied record in its Deployments), so the bot does not redeploy it. Deploy it by merging, then redeploy.`,
      );
    }
    // The Deployment records the same applied spec, at the commit it was applied from.
    const commit = record.commit ?? pull.headSha;
    const records = botRecords(github, repository, declared, commit);
    const { state: _state, identity: _identity, ...draft } = record;
    const pending = await records.begin({
      ...draft,
      appliedAt: new Date(context.now()).toISOString(),
    });
    try {
      await access.client.redeployService(namespace, record.outpostName);
    } catch (error) {
      const message = access.redact(failureMessage(error));
      await pending.failed(message, "refused");
      return failed(`Redeploying \`${name}\` failed: ${message}`);
    }
    await pending.written({ outpostId: record.outpostId });
    const deploymentId = await newestDeployment(
      github,
      repository,
      { kind: "service", namespace, key: name },
      commit,
    );
    if (deploymentId !== undefined) {
      await startWatch(context, {
        repository,
        installationId: environment.installationId,
        namespace,
        kind: "service",
        key: name,
        outpostName: record.outpostName,
        deploymentId,
        headSha: pull.headSha,
        pullRequest: pull.number,
      });
      environment.wake();
    }
    return {
      ok: true,
      message: `Redeploying \`${name}\` in \`${namespace}\`; its check run **Outpost service ${record.outpostName}** follows the rollout.`,
    };
  } catch (error) {
    return failed(access.redact(`Redeploying \`${name}\` failed: ${failureMessage(error)}`));
  }
}
