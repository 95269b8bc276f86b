/**
 * What plan and apply work on: the resolved outpost.yaml, its directory, and where applied
 * records are kept. Config problems are printed here, as `validate` prints them.
 */
import { dirname, resolve } from "node:path";
import type { DesiredState } from "../config/desired-state.ts";
import { loadConfig } from "../config/load.ts";
import { formatProblem, hasErrors } from "../config/problems.ts";
import { declaredResources } from "../records/applied-record.ts";
import { openRecords, projectRoot, type Records, type RecordsValues } from "./records.ts";
import { ConfigInvalid, UsageError } from "./cli-error.ts";
import type { CliIo } from "./command.ts";
import { readGit } from "./git.ts";
import { readSecrets } from "./secrets-file.ts";

export interface WorkspaceValues extends RecordsValues {
  readonly config?: string | undefined;
  readonly "secrets-file"?: string | undefined;
  readonly sha?: string | undefined;
  readonly ref?: string | undefined;
  readonly namespace?: string | undefined;
  readonly environment?: string | undefined;
}

export interface Workspace extends Records {
  readonly desired: DesiredState;
  /** The repository's root (outside git, the folder of outpost.yaml): jobs' `paths:` are relative to it. */
  readonly root: string;
  readonly commit: string | undefined;
}

export async function openWorkspace(values: WorkspaceValues, io: CliIo): Promise<Workspace> {
  const path = values.config ?? "outpost.yaml";
  const configFile = resolve(io.cwd, path);
  const root = await projectRoot(configFile);
  const git = await readGit(dirname(configFile), { sha: values.sha, ref: values.ref });
  const { problems, config } = await loadConfig({
    path,
    cwd: io.cwd,
    secrets: await readSecrets(io.cwd, values["secrets-file"], io.env),
    env: io.env,
    ...(git === undefined ? {} : { git }),
    environment: values.environment,
  });
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  if (config === undefined || hasErrors(problems)) {
    throw new ConfigInvalid(`${path} has errors; nothing was sent to Outpost`, problems);
  }
  if (values.namespace !== undefined && values.namespace !== config.namespace) {
    throw new UsageError(
      `${path} is for namespace '${config.namespace}', but --namespace says '${values.namespace}'`,
    );
  }
  const records = await openRecords(values, io, {
    configFile,
    root,
    declared: declaredResources({
      services: config.services.map((service) => service.name),
      jobs: config.jobs.map((job) => job.key),
    }),
    sha: git?.sha,
    environment: config.environment,
  });
  return { desired: config, root, commit: git?.sha, ...records };
}
