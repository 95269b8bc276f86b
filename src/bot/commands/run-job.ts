/**
 * `/outpost run <job>`: submits one job of outpost.yaml as defined at the pull request's head
 * commit, through the same plan and apply engine as the action and the CLI (`planChanges` with
 * the job asked for, `applyChanges` of its one change), recorded in a GitHub Deployment like the
 * action's, and followed on the pull request's head.
 *
 * Where its secrets come from: the bot never has the repository's Actions secrets. It resolves
 * `${{ secrets.NAME }}` from the values the operator gave the namespace's grant, and refuses a
 * job that needs one it was not given (or any `${{ env.NAME }}`), naming them, so nothing is
 * submitted with a value missing. Such jobs run from the workflow instead (the action's `jobs`
 * input). On a fork's pull request this runs the fork's definition, and only the head the pull
 * request had when the command was written (pinned-head.ts): only a maintainer's command (write
 * access, checked before) gets here.
 */
import type { OutpostConfig } from "../../config/schema.generated.ts";
import { GitTreeFiles } from "../../files/git-tree-files.ts";
import { botRecords } from "../bot-records.ts";
import type { JobChange } from "../../plan/plan.ts";
import { applyChanges, planChanges } from "../../plan/reconcile.ts";
import { failureMessage } from "../failure-message.ts";
import { referencedNames } from "../plan/unknown-references.ts";
import { commandConfig, notDeclared } from "./command-config.ts";
import { commandDesired } from "./command-desired.ts";
import type { CommandEnvironment } from "./command-environment.ts";
import { failed, type CommandResult } from "./command-result.ts";
import { followCommanded, type CommandedFollow } from "./follow-commanded.ts";
import { pinnedHeadRefusal } from "./pinned-head.ts";

/** The references the job itself needs: its own fields and the defaults merged into it. */
function jobReferences(document: OutpostConfig, key: string) {
  const job = document.jobs?.[key];
  return referencedNames({
    version: document.version,
    namespace: document.namespace,
    ...(document.defaults === undefined ? {} : { defaults: document.defaults }),
    jobs: job === undefined ? {} : { [key]: job },
  });
}

export async function runJob(environment: CommandEnvironment, key: string): Promise<CommandResult> {
  const { github, repository, pull } = environment;
  const config = await commandConfig(environment);
  if (!config.ok) return failed(config.message);
  const { document, access } = config;
  if (document.jobs?.[key] === undefined) {
    return failed(notDeclared("job", key, Object.keys(document.jobs ?? {})));
  }
  const pinned = await pinnedHeadRefusal(environment, `/outpost run ${key}`);
  if (pinned !== undefined) return pinned;
  const secrets = access.grant.secrets;
  const needed = jobReferences(document, key);
  const missing = [
    ...[...needed.secrets].filter((name) => !(name in secrets)).map((name) => `secrets.${name}`),
    ...[...needed.env].map((name) => `env.${name}`),
  ];
  if (missing.length > 0) {
    return failed(
      `The bot cannot submit \`${key}\`: it needs ${missing.map((m) => `\`${m}\``).join(", ")}, which the operator did not give the bot for \`${document.namespace}\`. Ask the operator to add ${missing.length === 1 ? "it" : "them"} to the grant of \`${repository.owner}\`, or run the job from your workflow (the action's \`jobs\` input), which has your repository's secrets.`,
    );
  }
  // Other resources' secrets play no part in submitting this job: stand-ins let the file resolve.
  const resolved = commandDesired(environment, config, secrets);
  if (!resolved.ok) return failed(resolved.message);
  const { desired } = resolved;
  const warnings: string[] = [];
  const records = botRecords(github, repository, desired, pull.headSha, (message) =>
    warnings.push(message),
  );
  let runName: string;
  let follow: CommandedFollow | undefined;
  try {
    const planned = await planChanges(desired, access.client, records, {
      files: new GitTreeFiles(github, { ...repository, sha: pull.headSha }),
      runJobs: [key],
      recordKey: access.grant.recordKey,
      commit: pull.headSha,
      // One run per command: a redelivered comment submits nothing twice.
      request: `comment:${environment.commentId}`,
    });
    const change = planned.plan.changes.find(
      (c): c is Extract<JobChange, { action: "submit" | "attach" }> =>
        c.kind === "job" && c.key === key && (c.action === "submit" || c.action === "attach"),
    );
    if (change === undefined) return failed(`Outpost has nothing to submit for \`${key}\`.`);
    runName = change.runName;
    follow = await followCommanded(environment, {
      kind: "job",
      namespace: desired.namespace,
      key,
      sha: pull.headSha,
    });
    const result = await applyChanges(
      { ...planned, plan: { ...planned.plan, changes: [change] } },
      access.client,
      records,
      { wait: false, waitForJobs: false, commit: pull.headSha },
    );
    const outcome = result.results[0];
    if (outcome === undefined || !outcome.ok) {
      return failed(
        access.redact(`Submitting \`${key}\` failed: ${outcome?.message ?? "no result"}`),
      );
    }
  } catch (error) {
    return failed(access.redact(`Submitting \`${key}\` failed: ${failureMessage(error)}`));
  }
  const commit = `\`${pull.headSha.slice(0, 7)}\``;
  const source =
    pull.fork === undefined
      ? `from ${commit}`
      : `from ${commit}, the head of the fork \`${pull.fork}\` when you commented,`;
  if (follow === undefined || !(await follow.start(runName))) {
    return {
      ok: true,
      message: `Submitted \`${key}\` ${source} as run \`${runName}\`, but GitHub kept no Deployment for it, so the bot cannot follow it.${warnings.length > 0 ? ` ${warnings.join(" ")}` : ""}`,
    };
  }
  return {
    ok: true,
    message: `Submitted \`${key}\` ${source} as run \`${runName}\` in \`${desired.namespace}\`; its check run **Outpost job ${runName}** follows it.`,
  };
}
