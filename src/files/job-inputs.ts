/**
 * The digest of the files a job depends on (its `paths:` globs), which tells a plan whether they
 * changed since the job's last submission. Computed from the files themselves, not from a git
 * diff, so it needs no history: a shallow checkout works, and so does a Git tree read through
 * GitHub's API. It is the SHA-256 of a header and, for each selected entry in path order,
 * `path \0 blob-id \0`, the blob id being Git's (the SHA-1 of `blob <size>\0<content>`): a checkout
 * computes it from the content, a Git tree states it, so the same files give the same digest on
 * the runner and in the bot, and the bot downloads no file at all.
 *
 * Each job has a budget of files and bytes; a selection over it is an error naming the job.
 */
import { createHash } from "node:crypto";
import { formatByteSize } from "./byte-size.ts";
import { RepositoryFilesError, type FileSource, type RepositoryEntry } from "./file-source.ts";
import { PathMatcher } from "./path-matcher.ts";

export interface InputBudget {
  /** The most files a job's `paths:` may select. */
  readonly maxFiles: number;
  /** The most bytes those files may hold together. */
  readonly maxBytes: number;
}

/** Generous for source and configs; data sets belong in Git LFS or outside the repository. */
export const jobInputBudget: InputBudget = { maxFiles: 10_000, maxBytes: 256 * 1024 * 1024 };

/** What a digest is made for: a job's key (for messages) and its globs. */
export interface JobPaths {
  readonly key: string;
  readonly paths: readonly string[];
}

/** Marks the digests of this algorithm, so no other (see legacy-job-inputs.ts) can equal one. */
const header = "outpost job inputs: git blob ids\0";

/** The entries a job's `paths:` select in `source`, checked against the budget. */
export async function selectJobInputs(
  source: FileSource,
  job: JobPaths,
  budget: InputBudget = jobInputBudget,
): Promise<readonly RepositoryEntry[]> {
  const entries = await forJob(job, () => source.entries(new PathMatcher(job.paths)));
  if (entries.length > budget.maxFiles) {
    throw new RepositoryFilesError(
      `job \`${job.key}\`: its \`paths:\` select ${entries.length} files in ${source.name}, over the budget of ${budget.maxFiles} files a job; narrow the globs`,
    );
  }
  const bytes = entries.reduce((total, entry) => total + entry.size, 0);
  if (bytes > budget.maxBytes) {
    throw new RepositoryFilesError(
      `job \`${job.key}\`: the ${entries.length} files its \`paths:\` select in ${source.name} hold ${formatByteSize(bytes)}, over the budget of ${formatByteSize(budget.maxBytes)} a job; narrow the globs (keep data sets in Git LFS or outside the repository)`,
    );
  }
  return entries;
}

/** The digest of the files `job.paths` select in `source`. */
export async function jobInputsDigest(
  source: FileSource,
  job: JobPaths,
  budget: InputBudget = jobInputBudget,
): Promise<string> {
  const entries = await selectJobInputs(source, job, budget);
  const hash = createHash("sha256").update(header);
  for (const entry of entries) {
    const blobId = await forJob(job, () => source.blobId(entry));
    hash.update(entry.path).update("\0").update(blobId).update("\0");
  }
  return hash.digest("hex");
}

/** Digests of every job that declares `paths:`, by job key. */
export async function jobInputDigests(
  source: FileSource,
  jobs: readonly JobPaths[],
  budget: InputBudget = jobInputBudget,
): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const job of jobs) {
    if (job.paths.length > 0) digests.set(job.key, await jobInputsDigest(source, job, budget));
  }
  return digests;
}

/** Runs `step`, naming the job in the message of a files error. */
export async function forJob<T>(job: JobPaths, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof RepositoryFilesError)) throw error;
    throw new RepositoryFilesError(`job \`${job.key}\`: ${error.message}`, { cause: error });
  }
}
