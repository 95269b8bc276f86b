/**
 * Where the CLI keeps a project's records: GitHub Deployments when given a repository and a
 * token (the same records the GitHub Action keeps), otherwise `.outpost/<config file>.json`
 * beside the config file. Either way the records are the project's: this config file (its path
 * from the repository root) in this environment.
 */
import { relative, resolve, sep } from "node:path";
import { GitHubDeploymentRecords } from "../records/deployment-records.ts";
import type { RecordStore } from "../records/applied-record.ts";
import type { ProjectIdentity } from "../records/identity.ts";
import {
  credentialRecordKey,
  dedicatedRecordKey,
  RecordKeyError,
  type RecordKey,
} from "../records/record-key.ts";
import { LocalRecords, legacyRecordsFileOf, recordsFileOf } from "../records/local-records.ts";
import type { Credentials } from "../outpost/credentials.ts";
import { UsageError } from "./cli-error.ts";
import { reportTransport } from "./connection.ts";
import type { CliIo } from "./command.ts";
import { repositoryRoot } from "./git.ts";

export interface RecordsValues {
  readonly "allow-insecure-http"?: boolean | undefined;
  readonly "state-file"?: string | undefined;
  readonly "github-token"?: string | undefined;
  readonly repository?: string | undefined;
  readonly "github-api-url"?: string | undefined;
}

export interface Records {
  readonly records: RecordStore;
  /** `owner/name` when the records are GitHub Deployments. */
  readonly repository: string | undefined;
  /** Credentials besides Outpost's that outputs must mask. */
  readonly secrets: readonly string[];
}

/** The project the records are of. */
export interface ProjectFacts {
  /** The config file, absolute. */
  readonly configFile: string;
  /** The repository's root folder (outside git, the config file's folder). */
  readonly root: string;
  /** The resources it declares (`service/<name>`, `job/<key>`): only theirs are taken from older records. */
  readonly declared: ReadonlySet<string>;
  /** The commit new records are made for. */
  readonly sha: string | undefined;
  /** The environment of the config file (`default` for a file without environments). */
  readonly environment: string;
}

/**
 * The folder a project's paths are relative to: the root of its git repository, as the GitHub
 * Action's checkout is, or outside git the config file's own folder.
 */
export async function projectRoot(configFile: string): Promise<string> {
  const folder = resolve(configFile, "..");
  return (await repositoryRoot(folder)) ?? folder;
}

export async function openRecords(
  values: RecordsValues,
  io: CliIo,
  project: ProjectFacts,
): Promise<Records> {
  const repository = values.repository ?? io.env["GITHUB_REPOSITORY"];
  const identity: ProjectIdentity = {
    config: relative(project.root, project.configFile).split(sep).join("/"),
    environment: project.environment,
  };
  if (repository === undefined) {
    const stateFile = values["state-file"];
    const records = new LocalRecords({
      path:
        stateFile === undefined ? recordsFileOf(project.configFile) : resolve(io.cwd, stateFile),
      identity,
      ...(stateFile === undefined
        ? { legacy: { path: legacyRecordsFileOf(project.configFile), declared: project.declared } }
        : {}),
    });
    return { records, repository: undefined, secrets: [] };
  }
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new UsageError(`--repository needs owner/name, got '${repository}'`);
  }
  const token = values["github-token"] ?? io.env["GITHUB_TOKEN"];
  if (token === undefined) {
    throw new UsageError(
      `records in ${repository}'s Deployments need a token: pass --github-token or set GITHUB_TOKEN`,
    );
  }
  if (project.sha === undefined) {
    throw new UsageError(
      "records on GitHub need the commit: run in a git repository or pass --sha",
    );
  }
  const baseUrl = values["github-api-url"] ?? io.env["GITHUB_API_URL"] ?? "https://api.github.com";
  reportTransport(
    values,
    io,
    values["github-api-url"] === undefined && io.env["GITHUB_API_URL"] !== undefined
      ? "GITHUB_API_URL"
      : "--github-api-url",
    baseUrl,
    "the GitHub token",
  );
  // Loaded only for GitHub records: local records need no GitHub client.
  const { createGitHubClient } = await import("../github/github-client.ts");
  const records = new GitHubDeploymentRecords({
    github: createGitHubClient(token, { baseUrl }),
    owner,
    repo,
    identity,
    declared: project.declared,
    sha: project.sha,
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
  });
  return { records, repository, secrets: [token] };
}

/** The records key: `OUTPOST_RECORDS_KEY` when set, else derived from the Outpost credential. */
export function readRecordKey(io: CliIo, credentials: Credentials): RecordKey {
  const dedicated = io.env["OUTPOST_RECORDS_KEY"];
  if (dedicated === undefined || dedicated === "") return credentialRecordKey(credentials);
  try {
    return dedicatedRecordKey(dedicated, "OUTPOST_RECORDS_KEY");
  } catch (error) {
    if (error instanceof RecordKeyError) throw new UsageError(error.message);
    throw error;
  }
}
