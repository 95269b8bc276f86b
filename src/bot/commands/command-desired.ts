/**
 * The desired state of the outpost.yaml a command acts on, resolved as the bot can: with the
 * secrets given (the operator's, for its grant), a stand-in for every other reference — never
 * sent to Outpost, and taken out of env comparisons (plan/unknown-references.ts) — and the pull
 * request's head for `${{ git.* }}`.
 */
import { loadConfigText } from "../../config/load.ts";
import type { DesiredState } from "../../config/desired-state.ts";
import { configPath } from "../plan/plan-pull-request.ts";
import { referencedNames, type UnknownReferences } from "../plan/unknown-references.ts";
import type { CommandConfig } from "./command-config.ts";
import type { CommandEnvironment } from "./command-environment.ts";

export type CommandDesired =
  | {
      readonly ok: true;
      readonly desired: DesiredState;
      /** The references resolved to stand-ins. */
      readonly unknown: UnknownReferences;
    }
  | { readonly ok: false; readonly message: string };

export function commandDesired(
  environment: CommandEnvironment,
  config: Extract<CommandConfig, { ok: true }>,
  provided: Readonly<Record<string, string>>,
): CommandDesired {
  const { pull } = environment;
  const referenced = referencedNames(config.document);
  const unknown: UnknownReferences = {
    secrets: new Set([...referenced.secrets].filter((name) => !(name in provided))),
    env: referenced.env,
  };
  const secrets: Record<string, string> = { ...provided };
  for (const name of unknown.secrets) secrets[name] = `outpost-bot-unknown-secret-${name}`;
  const env = Object.fromEntries(
    [...unknown.env].map((name) => [name, `outpost-bot-unknown-env-${name}`]),
  );
  const loaded = loadConfigText({
    path: configPath,
    text: config.text,
    secrets,
    env,
    git: { sha: pull.headSha, ref: `refs/heads/${pull.headRef}` },
  });
  if (loaded.config === undefined) {
    return { ok: false, message: `${configPath} cannot be resolved at this commit.` };
  }
  return { ok: true, desired: loaded.config, unknown };
}
