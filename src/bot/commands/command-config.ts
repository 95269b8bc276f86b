/**
 * The outpost.yaml a command acts on: the pull request's head commit's, valid, naming a namespace
 * the operator granted to the repository's owner. Otherwise the reason, for the reply.
 */
import { validateConfigText, type ValidationResult } from "../../config/load.ts";
import { formatProblem } from "../../config/problems.ts";
import type { OutpostConfig } from "../../config/schema.generated.ts";
import type { Access } from "../outpost-access.ts";
import { configPath } from "../plan/plan-pull-request.ts";
import { readRepositoryConfig } from "../repository-config.ts";
import type { CommandEnvironment } from "./command-environment.ts";

export type CommandConfig =
  | {
      readonly ok: true;
      readonly text: string;
      readonly document: OutpostConfig;
      readonly access: Extract<Access, { granted: true }>;
    }
  | { readonly ok: false; readonly message: string };

export async function commandConfig(environment: CommandEnvironment): Promise<CommandConfig> {
  const { context, github, repository, pull } = environment;
  const config = await readRepositoryConfig(github, repository, configPath, pull.headSha);
  if (config === undefined) {
    return {
      ok: false,
      message: `The head commit \`${pull.headSha.slice(0, 7)}\` has no ${configPath}.`,
    };
  }
  const validation: ValidationResult = config.ok
    ? validateConfigText(configPath, config.text)
    : { problems: config.problems };
  if (!config.ok || validation.document === undefined) {
    const errors = validation.problems.filter((problem) => problem.severity === "error");
    const first = errors[0];
    return {
      ok: false,
      message: `${configPath} has ${errors.length} error${errors.length === 1 ? "" : "s"} (see the "Outpost plan" check)${first === undefined ? "" : `; the first: ${formatProblem(first)}`}.`,
    };
  }
  const access = context.access.for(repository.owner, validation.document.namespace);
  if (!access.granted) return { ok: false, message: access.reason };
  return { ok: true, text: config.text, document: validation.document, access };
}

/** `did you mean` for a name not in outpost.yaml: the list of names there. */
export function notDeclared(kind: string, name: string, names: readonly string[]): string {
  const list = names.length === 0 ? "none" : names.map((n) => `\`${n}\``).join(", ");
  return `${configPath} declares no ${kind} \`${name}\` (its ${kind}s: ${list}).`;
}
