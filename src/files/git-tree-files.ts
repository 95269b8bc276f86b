/**
 * A commit's files as GitHub's API lists them (the bot, which has no checkout): one request,
 * `GET /repos/{owner}/{repo}/git/trees/{sha}?recursive=1`, gives every path with its mode, size
 * and blob id, so no file is downloaded at all. Blobs of mode 100644 and 100755 are files,
 * 120000 links; submodules (`commit` entries) and folders are no entries.
 */
import type { GitHubApi } from "../github/github-api.ts";
import {
  byPath,
  RepositoryFilesError,
  type FileSource,
  type RepositoryEntry,
} from "./file-source.ts";
import type { PathMatcher } from "./path-matcher.ts";

export interface GitTreeLocation {
  readonly owner: string;
  readonly repo: string;
  /** The commit whose tree is read. */
  readonly sha: string;
}

interface Tree {
  readonly entries: readonly RepositoryEntry[];
  /** Blob id by path. */
  readonly blobIds: ReadonlyMap<string, string>;
}

const kinds: Readonly<Record<string, RepositoryEntry["kind"]>> = {
  "100644": "file",
  "100755": "file",
  "120000": "link",
};

export class GitTreeFiles implements FileSource {
  readonly name: string;
  readonly #github: GitHubApi;
  readonly #location: GitTreeLocation;
  #tree: Promise<Tree> | undefined;

  constructor(github: GitHubApi, location: GitTreeLocation) {
    this.#github = github;
    this.#location = location;
    this.name = `${location.owner}/${location.repo} at ${location.sha.slice(0, 7)}`;
  }

  async entries(matcher: PathMatcher): Promise<readonly RepositoryEntry[]> {
    const { entries } = await this.#read();
    return entries.filter((entry) => matcher.matches(entry.path));
  }

  async blobId(entry: RepositoryEntry): Promise<string> {
    const id = (await this.#read()).blobIds.get(entry.path);
    if (id === undefined) throw new RepositoryFilesError(`${entry.path} is not in ${this.name}`);
    return id;
  }

  /** The tree, read once. */
  #read(): Promise<Tree> {
    this.#tree ??= this.#request();
    return this.#tree;
  }

  async #request(): Promise<Tree> {
    const { owner, repo, sha } = this.#location;
    const response = await this.#github.request("GET /repos/{owner}/{repo}/git/trees/{tree_sha}", {
      owner,
      repo,
      tree_sha: sha,
      recursive: "1",
    });
    const data = record(response.data);
    const tree = data?.["tree"];
    if (data === undefined || !Array.isArray(tree) || typeof data["truncated"] !== "boolean") {
      throw this.#unexpected("its answer is not a Git tree");
    }
    if (data["truncated"]) {
      throw new RepositoryFilesError(
        `${this.name} has more files than GitHub lists at once (100,000 entries or 7 MB); jobs' \`paths:\` cannot be digested there`,
      );
    }
    const entries: RepositoryEntry[] = [];
    const blobIds = new Map<string, string>();
    for (const item of tree) {
      const entry = treeEntry(record(item));
      if (entry === "invalid") throw this.#unexpected("an entry of its tree lacks a field");
      if (entry === undefined) continue;
      entries.push({ path: entry.path, kind: entry.kind, size: entry.size });
      blobIds.set(entry.path, entry.blobId);
    }
    return { entries: entries.sort(byPath), blobIds };
  }

  #unexpected(why: string): RepositoryFilesError {
    return new RepositoryFilesError(`GitHub's tree of ${this.name} cannot be used: ${why}`);
  }
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : undefined;
}

/** A blob of the tree as an entry; undefined for what is no entry; "invalid" for a malformed one. */
function treeEntry(
  item: Readonly<Record<string, unknown>> | undefined,
): (RepositoryEntry & { readonly blobId: string }) | undefined | "invalid" {
  const { path, mode, type, sha, size } = item ?? {};
  if (typeof path !== "string" || typeof mode !== "string" || typeof type !== "string") {
    return "invalid";
  }
  const kind = type === "blob" ? kinds[mode] : undefined;
  if (kind === undefined) return undefined;
  if (typeof sha !== "string" || !/^[0-9a-f]{40}$/.test(sha) || typeof size !== "number") {
    return "invalid";
  }
  return { path, kind, size, blobId: sha };
}
