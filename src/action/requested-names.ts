/**
 * Inputs that name things in outpost.yaml (`namespace`, `redeploy`, `jobs`) are checked against
 * the loaded file, so that a typo fails the step with a suggestion instead of doing nothing.
 */
import type { DesiredState } from "../config/desired-state.ts";
import { didYouMean } from "../config/did-you-mean.ts";
import { InputError } from "./input-error.ts";

export interface RequestedNames {
  readonly configPath: string;
  readonly namespace: string | undefined;
  readonly redeploy: readonly string[];
  readonly jobs: readonly string[];
}

function checkNames(
  input: string,
  what: string,
  requested: readonly string[],
  declared: readonly string[],
  configPath: string,
): void {
  const unknown = requested.filter((name) => !declared.includes(name));
  if (unknown.length === 0) return;
  const hints = unknown.map((name) => {
    const suggestion = didYouMean(name, declared);
    return suggestion === undefined
      ? `\`${name}\``
      : `\`${name}\` (did you mean \`${suggestion}\`?)`;
  });
  const known = declared.length === 0 ? "none" : declared.map((n) => `\`${n}\``).join(", ");
  throw new InputError(
    input,
    `\`${input}\` names ${hints.join(", ")}, not ${what} of ${configPath} (it declares ${known}).`,
  );
}

export function checkRequestedNames(requested: RequestedNames, desired: DesiredState): void {
  if (requested.namespace !== undefined && requested.namespace !== desired.namespace) {
    throw new InputError(
      "namespace",
      `${requested.configPath} deploys to the namespace \`${desired.namespace}\`, but the ` +
        `\`namespace\` input expects \`${requested.namespace}\`. The file decides where it ` +
        "deploys; the input only guards against applying a file to the wrong namespace.",
    );
  }
  checkNames(
    "redeploy",
    "a service",
    requested.redeploy,
    desired.services.map((s) => s.name),
    requested.configPath,
  );
  checkNames(
    "jobs",
    "a job",
    requested.jobs,
    desired.jobs.map((j) => j.key),
    requested.configPath,
  );
}
