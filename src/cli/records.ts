/**
 * Where the CLI keeps applied records: GitHub Deployments when given a repository and a token
 * (the same records the GitHub Action keeps), otherwise a local state file.
 */
import { resolve } from "node:path";
import { getOctokit } from "@actions/github";
import { GitHubDeploymentRecords } from "../records/deployment-records.ts";
import type { AppliedRecords } from "../records/applied-record.ts";
import { LocalStateFile } from "../records/local-records.ts";
import { UsageError } from "./cli-error.ts";
import type { CliIo } from "./command.ts";

export interface RecordsValues {
  readonly "state-file"?: string | undefined;
  readonly "github-token"?: string | undefined;
  readonly repository?: string | undefined;
  readonly "github-api-url"?: string | undefined;
}

export interface Records {
  readonly records: AppliedRecords;
  /** Where the records are, for people: a file path, or `owner/name (GitHub Deployments)`. */
  readonly recordsAt: string;
  /** `owner/name` when the records are GitHub Deployments: only its records count as owned. */
  readonly repository: string | undefined;
  /** Credentials besides Outpost's that outputs must mask. */
  readonly secrets: readonly string[];
}

/** `root` is outpost.yaml's directory; `sha` the commit new records are made for. */
export function openRecords(
  values: RecordsValues,
  io: CliIo,
  root: string,
  sha: string | undefined,
): Records {
  const repository = values.repository ?? io.env["GITHUB_REPOSITORY"];
  if (repository === undefined) {
    const path = resolve(io.cwd, values["state-file"] ?? resolve(root, ".outpost/state.json"));
    return {
      records: new LocalStateFile(path),
      recordsAt: path,
      repository: undefined,
      secrets: [],
    };
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
  if (sha === undefined) {
    throw new UsageError(
      "records on GitHub need the commit: run in a git repository or pass --sha",
    );
  }
  const baseUrl = values["github-api-url"] ?? io.env["GITHUB_API_URL"] ?? "https://api.github.com";
  const records = new GitHubDeploymentRecords({
    github: getOctokit(token, { baseUrl }),
    owner,
    repo,
    sha,
    onWarning: (message) => io.stderr.write(`warning: ${message}\n`),
  });
  return { records, recordsAt: `${repository} (GitHub Deployments)`, repository, secrets: [token] };
}
