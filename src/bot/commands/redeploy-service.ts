/**
 * `/outpost redeploy <service>`: a rolling redeployment of a service this repository deployed,
 * planned and applied by the same engine as the action and the CLI (`planChanges` with the
 * service asked to redeploy, `applyChanges` of that one change). Its last applied record, from
 * the repository's Deployments, proves the repository owns it; a service it never deployed is
 * refused, and so is one that the pull request changes — a redeploy rolls out what is applied,
 * and the change is applied by merging. It is recorded as a new Deployment of the applied spec
 * (at the commit it was applied from) and followed on the pull request's head, where it was
 * asked for, whatever order GitHub's webhooks arrive in.
 */
import { GitTreeFiles } from "../../files/git-tree-files.ts";
import type { ServiceChange } from "../../plan/plan.ts";
import { applyChanges, planChanges } from "../../plan/reconcile.ts";
import { describeChange } from "../../render/describe.ts";
import { botRecords } from "../bot-records.ts";
import { failureMessage } from "../failure-message.ts";
import { envKeysUsingUnknown, withoutUnknowableEnv } from "../plan/unknown-references.ts";
import { commandConfig, notDeclared } from "./command-config.ts";
import { commandDesired } from "./command-desired.ts";
import type { CommandEnvironment } from "./command-environment.ts";
import { failed, type CommandResult } from "./command-result.ts";
import { followCommanded } from "./follow-commanded.ts";
import { FollowedRecords } from "./followed-records.ts";

export async function redeployService(
  environment: CommandEnvironment,
  name: string,
): Promise<CommandResult> {
  const { github, repository, pull } = environment;
  const config = await commandConfig(environment);
  if (!config.ok) return failed(config.message);
  const { document, access } = config;
  if (document.services?.[name] === undefined) {
    return failed(notDeclared("service", name, Object.keys(document.services ?? {})));
  }
  const resolved = commandDesired(
    environment,
    config,
    pull.fork === undefined ? access.grant.secrets : {},
  );
  if (!resolved.ok) return failed(resolved.message);
  const { desired, unknown } = resolved;
  const namespace = desired.namespace;
  const fail = (error: unknown) =>
    failed(access.redact(`Redeploying \`${name}\` failed: ${failureMessage(error)}`));
  try {
    const reader = botRecords(github, repository, desired, pull.headSha);
    const planned = await planChanges(desired, access.client, reader, {
      files: new GitTreeFiles(github, { ...repository, sha: pull.headSha }),
      recordKey: access.grant.recordKey,
      commit: pull.headSha,
      redeploy: [name],
    });
    const applied = planned.records.latest.find((r) => r.kind === "service" && r.key === name);
    if (applied === undefined) {
      return failed(
        `This repository has not deployed \`${name}\` in \`${namespace}\` (no applied record in its Deployments), so the bot does not redeploy it. Deploy it by merging, then redeploy.`,
      );
    }
    const plan = withoutUnknowableEnv(planned.plan, envKeysUsingUnknown(document, unknown), {
      redeploy: [name],
    });
    const change = plan.changes.find(
      (c): c is ServiceChange => c.kind === "service" && c.name === name,
    );
    if (change === undefined || change.action !== "redeploy") {
      const what = change === undefined ? "" : ` (${describeChange(change).details})`;
      return failed(
        `\`${name}\` as this pull request defines it is not what is running${what}. A redeploy rolls out what is applied, not a change: merge the change to apply it, or redeploy from a pull request that does not change \`${name}\`.`,
      );
    }
    // The commit the spec was applied from: the new Deployment records the same spec there.
    const commit = applied.commit ?? pull.headSha;
    const watch = await followCommanded(environment, {
      kind: "service",
      namespace,
      key: name,
      sha: commit,
    });
    const records = new FollowedRecords(botRecords(github, repository, desired, commit), applied);
    const result = await applyChanges(
      { ...planned, plan: { ...plan, changes: [change] } },
      access.client,
      records,
      { wait: false, commit },
    );
    const outcome = result.results[0];
    if (outcome === undefined || !outcome.ok) {
      return failed(
        access.redact(`Redeploying \`${name}\` failed: ${outcome?.message ?? "no result"}`),
      );
    }
    await watch.start(applied.outpostName);
    return {
      ok: true,
      message: `Redeploying \`${name}\` in \`${namespace}\`; its check run **Outpost service ${applied.outpostName}** follows the rollout on \`${pull.headSha.slice(0, 7)}\`.`,
    };
  } catch (error) {
    return fail(error);
  }
}
