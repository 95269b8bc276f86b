/**
 * The plan of a pull request's head commit, read-only: outpost.yaml read through GitHub,
 * validated (problems with their positions), its namespace checked against the operator's
 * grants (no Outpost call for a namespace not granted), resolved with the secrets the operator
 * gave (none for a fork), and diffed against Outpost and the repository's Deployment records by
 * the same engine the action runs.
 */
import { loadConfigText, validateConfigText, type ConfigText } from "../../config/load.ts";
import type { Problem } from "../../config/problems.ts";
import { GitTreeFiles } from "../../files/git-tree-files.ts";
import type { GitHubApi } from "../../github/github-api.ts";
import { botRecords } from "../bot-records.ts";
import { planChanges } from "../../plan/reconcile.ts";
import type { PlanCheckReport } from "../../render/plan-check.ts";
import { noRedaction, type Redact } from "../../render/redaction.ts";
import { failureMessage } from "../failure-message.ts";
import type { OutpostAccess } from "../outpost-access.ts";
import type { RepositoryRef } from "../repository.ts";
import {
  envKeysUsingUnknown,
  referencedNames,
  withoutUnknowableEnv,
} from "./unknown-references.ts";

export const configPath = "outpost.yaml";

export interface PlanTarget {
  readonly repository: RepositoryRef;
  readonly headSha: string;
  /** The head branch, for `${{ git.ref }}`. */
  readonly headRef: string;
  /** `owner/name` of the fork the pull request comes from. */
  readonly fork?: string;
}

export interface PlannedPullRequest {
  readonly report: PlanCheckReport;
  /** Every config problem, for annotations. */
  readonly problems: readonly Problem[];
  /** Redacts what the namespace's grant holds; nothing before the grant is known. */
  readonly redact: Redact;
}

/** A value standing for a reference the bot cannot resolve; never sent to Outpost. */
function standIn(context: string, name: string): string {
  return `outpost-bot-unknown-${context}-${name}`;
}

/** The plan of the commit's outpost.yaml (read by the caller). */
export async function planPullRequest(
  github: GitHubApi,
  access: OutpostAccess,
  target: PlanTarget,
  config: ConfigText,
): Promise<PlannedPullRequest> {
  const { repository, headSha } = target;
  if (!config.ok) {
    return {
      report: { outcome: "invalid", problems: config.problems },
      problems: config.problems,
      redact: noRedaction,
    };
  }
  const { text } = config;
  const validation = validateConfigText(configPath, text);
  const document = validation.document;
  if (document === undefined) {
    return {
      report: { outcome: "invalid", problems: validation.problems },
      problems: validation.problems,
      redact: noRedaction,
    };
  }
  const namespace = document.namespace;
  const granted = access.for(repository.owner, namespace);
  if (!granted.granted) {
    return {
      report: { outcome: "refused", namespace, reason: granted.reason },
      problems: validation.problems,
      redact: noRedaction,
    };
  }
  const { client, redact } = granted;
  const provided = target.fork === undefined ? granted.grant.secrets : {};
  const referenced = referencedNames(document);
  const unknown = {
    secrets: new Set([...referenced.secrets].filter((name) => !(name in provided))),
    env: referenced.env,
  };
  const secrets: Record<string, string> = { ...provided };
  for (const name of unknown.secrets) secrets[name] = standIn("secret", name);
  const env: Record<string, string> = {};
  for (const name of unknown.env) env[name] = standIn("env", name);
  const loaded = loadConfigText({
    path: configPath,
    text,
    secrets,
    env,
    git: { sha: headSha, ref: `refs/heads/${target.headRef}` },
  });
  const desired = loaded.config;
  if (desired === undefined) {
    return {
      report: { outcome: "invalid", problems: loaded.problems },
      problems: loaded.problems,
      redact,
    };
  }
  const warnings: string[] = [];
  try {
    const records = botRecords(github, repository, desired, headSha, (message) =>
      warnings.push(message),
    );
    const planned = await planChanges(desired, client, records, {
      files: new GitTreeFiles(github, { ...repository, sha: headSha }),
      recordKey: granted.grant.recordKey,
      commit: headSha,
    });
    const unknownKeys = envKeysUsingUnknown(document, unknown);
    const notes = [...warnings];
    const hidden = [...unknown.secrets, ...[...unknown.env].map((name) => `env.${name}`)];
    if (hidden.length > 0) {
      notes.push(
        `The bot does not know ${hidden.map((name) => `\`${name}\``).join(", ")}${
          target.fork === undefined ? "" : " (a fork's pull request gets no secrets)"
        }: env values set from them are not compared, and a job using them may show as due when only they could tell.`,
      );
    }
    return {
      report: {
        outcome: "planned",
        plan: withoutUnknowableEnv(planned.plan, unknownKeys),
        problems: loaded.problems,
        notes,
      },
      problems: loaded.problems,
      redact,
    };
  } catch (error) {
    return {
      report: {
        outcome: "failed",
        namespace,
        failure: redact(failureMessage(error)),
        problems: loaded.problems,
      },
      problems: loaded.problems,
      redact,
    };
  }
}
