/**
 * The job-input digest of records written before Git blob ids (`inputsDigest` of version-1
 * records): the SHA-256 over `path \0 sha256(content) \0` of each selected file in path order,
 * made from a checkout with Node's `fs.glob`. A plan compares an old record against this, so an
 * upgrade does not make every job with `paths:` due once (and resubmit a GPU job).
 *
 * It selects with the one matcher (whose options are `fs.glob`'s) and under today's rules: a link
 * to a regular file inside the repository counts with that file's content, as before; a link to
 * a folder counts for nothing, as before; a link out of the repository is never followed — it
 * counts with its target path, so an old digest made by reading outside differs, and the job is
 * due once. Computable from a checkout only: a Git tree gives no file contents.
 */
import { createHash } from "node:crypto";
import { lstat, realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { formatByteSize } from "./byte-size.ts";
import { CheckoutFiles } from "./checkout-files.ts";
import { RepositoryFilesError, type FileSource, type RepositoryEntry } from "./file-source.ts";
import {
  forJob,
  jobInputBudget,
  selectJobInputs,
  type InputBudget,
  type JobPaths,
} from "./job-inputs.ts";

/** The digest records made before Git blob ids hold for `job` in `checkout`. */
export async function legacyJobInputsDigest(
  checkout: CheckoutFiles,
  job: JobPaths,
  budget: InputBudget = jobInputBudget,
): Promise<string> {
  const entries = await selectJobInputs(checkout, job, budget);
  const hash = createHash("sha256");
  for (const entry of entries) {
    const content = await forJob(job, () => legacyContent(checkout, entry, budget));
    if (content === undefined) continue;
    hash
      .update(entry.path)
      .update("\0")
      .update(createHash("sha256").update(content).digest())
      .update("\0");
  }
  return hash.digest("hex");
}

/** The legacy digest when `source` is a checkout; undefined for a Git tree, which has no contents. */
export async function legacyJobInputsDigestFrom(
  source: FileSource,
  job: JobPaths,
  budget: InputBudget = jobInputBudget,
): Promise<string | undefined> {
  return source instanceof CheckoutFiles ? legacyJobInputsDigest(source, job, budget) : undefined;
}

/** Legacy digests of every job that declares `paths:`, by job key. */
export async function legacyJobInputDigests(
  checkout: CheckoutFiles,
  jobs: readonly JobPaths[],
  budget: InputBudget = jobInputBudget,
): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const job of jobs) {
    if (job.paths.length > 0) {
      digests.set(job.key, await legacyJobInputsDigest(checkout, job, budget));
    }
  }
  return digests;
}

/** What `fs.glob` + `readFile` hashed for the entry, within the repository; undefined: nothing. */
async function legacyContent(
  checkout: CheckoutFiles,
  entry: RepositoryEntry,
  budget: InputBudget,
): Promise<Buffer | undefined> {
  if (entry.kind === "file") return checkout.content(entry);
  const root = await realpath(checkout.root);
  const target = await realpath(join(checkout.root, entry.path)).catch(() => undefined);
  const inRepository = target === undefined ? undefined : relative(root, target);
  if (
    inRepository === undefined ||
    isAbsolute(inRepository) ||
    inRepository.split(sep)[0] === ".."
  ) {
    return checkout.content(entry);
  }
  const stats = await lstat(target ?? root);
  if (stats.isDirectory()) return undefined;
  if (!stats.isFile()) return checkout.content(entry);
  if (stats.size > budget.maxBytes) {
    throw new RepositoryFilesError(
      `the link ${entry.path} names a file of ${formatByteSize(stats.size)}, over the budget of ${formatByteSize(budget.maxBytes)} a job`,
    );
  }
  const path = inRepository.split(sep).join("/");
  return checkout.content({ path, kind: "file", size: stats.size });
}
