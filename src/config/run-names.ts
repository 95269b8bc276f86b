import {
  gitValue,
  parseTemplate,
  renderTemplate,
  type GitInfo,
  type Rendered,
} from "./interpolate.ts";
import { outpostSchema } from "./schema.ts";

/** The run name of a job without `run_name`: one run per job and commit. */
export const defaultRunName = "${{ job.name }}-${{ git.short_sha }}";

/** The references a run name may use. Secrets and environment values would be published in the name; refs hold `/`. */
export const runNameReferences: readonly string[] = ["job.name", "git.sha", "git.short_sha"];

/** Stands in for the commit at validation time, when none is known. */
export const placeholderGit: GitInfo = { sha: "0".repeat(40), ref: "refs/heads/main" };

const validName = new RegExp(outpostSchema.$defs?.["name"]?.pattern ?? "^[A-Za-z0-9_-]+$");

/** The run name template of a job: its `run_name`, or the default. */
export function runNameTemplate(runName: unknown): string {
  return typeof runName === "string" ? runName : defaultRunName;
}

/** Renders a run name template for the job `job` at commit `git`; without a commit, `git.*` is missing. */
export function renderRunName(template: string, job: string, git: GitInfo | undefined): Rendered {
  return renderTemplate(parseTemplate(template), (reference) => {
    if (!runNameReferences.includes(`${reference.context}.${reference.name}`)) return undefined;
    const value =
      reference.context === "job"
        ? job
        : git === undefined
          ? undefined
          : gitValue(git, reference.name);
    return value === undefined ? undefined : { value, secret: false };
  });
}

/** Why `name` cannot be an Outpost name (`it contains " "`), or undefined when it can. */
export function invalidNameReason(name: string): string | undefined {
  if (name === "") return "it is empty";
  if (validName.test(name)) return undefined;
  const invalid = new Set([...name].filter((character) => !validName.test(character)));
  return `it contains ${[...invalid].map((character) => JSON.stringify(character)).join(", ")}`;
}
