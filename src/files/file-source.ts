/**
 * Where a plan finds the repository's files for jobs' `paths:`: a checkout on disk (the CLI, the
 * action) or a commit's Git tree read through GitHub's API (the bot). Both list the same entries
 * and give each the same Git blob id, so a file digests alike wherever the plan runs.
 */
import type { PathMatcher } from "./path-matcher.ts";

/**
 * A file of the repository a glob can select: a regular file, or a symbolic link — which is
 * never followed: it stands for its target's path, as Git stores it (mode 120000). Folders,
 * submodules, FIFOs, devices and sockets are no entries.
 */
export interface RepositoryEntry {
  /** Repository-relative, `/`-separated. */
  readonly path: string;
  readonly kind: "file" | "link";
  /** Bytes of the file, or of the link's target path. */
  readonly size: number;
}

export interface FileSource {
  /** The files, for messages: `the checkout /home/runner/work/app`, `acme/app at 1a2b3c4`. */
  readonly name: string;
  /** The entries `matcher` selects, ordered by path; folders it cannot select are not walked. */
  entries(matcher: PathMatcher): Promise<readonly RepositoryEntry[]>;
  /** The entry's Git blob id: the SHA-1 of `blob <size>\0<content>` (a link's content is its target path). */
  blobId(entry: RepositoryEntry): Promise<string>;
}

/** The files cannot be listed or read as the plan needs them; the message says which and why. */
export class RepositoryFilesError extends Error {
  readonly code = "repository_files";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "RepositoryFilesError";
  }
}

/** Orders entries as both sources must: by path, in UTF-16 code units (JavaScript's order). */
export function byPath(a: RepositoryEntry, b: RepositoryEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
