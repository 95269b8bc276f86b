/**
 * The digest of the files a job depends on (its `paths:` globs), computed from their content in
 * the working tree: unlike a git diff, it needs no history, so a shallow checkout works too.
 */
import { createHash } from "node:crypto";
import { glob, readFile } from "node:fs/promises";

export async function digestJobInputs(root: string, patterns: readonly string[]): Promise<string> {
  const files = new Set<string>();
  for await (const file of glob([...patterns], {
    cwd: root,
    exclude: (f) => f === ".git" || f.startsWith(".git/"),
  })) {
    files.add(file.split("\\").join("/"));
  }
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    let content: Buffer;
    try {
      content = await readFile(`${root}/${file}`);
    } catch (error) {
      // Directories match globs too; only files carry content.
      if ((error as NodeJS.ErrnoException).code === "EISDIR") continue;
      throw error;
    }
    hash
      .update(file)
      .update("\0")
      .update(createHash("sha256").update(content).digest())
      .update("\0");
  }
  return hash.digest("hex");
}

/** Digests of every job that declares `paths:`, by job key. */
export async function jobInputDigests(
  root: string,
  jobs: readonly { readonly key: string; readonly paths: readonly string[] }[],
): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const job of jobs) {
    if (job.paths.length > 0) digests.set(job.key, await digestJobInputs(root, job.paths));
  }
  return digests;
}
