/**
 * A checkout on disk as a file source (the CLI, the action). Only what Git would hold is listed:
 * the `.git` folder and nested repositories (checked-out submodules) are skipped, folders are
 * walked without following links, a link is an entry of its own (its target path is its
 * content, as Git stores it), and anything else — FIFOs, sockets, devices — is ignored unopened,
 * as Git ignores it.
 */
import type { Dirent } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  byPath,
  RepositoryFilesError,
  type FileSource,
  type RepositoryEntry,
} from "./file-source.ts";
import { gitBlobId } from "./git-blob-id.ts";
import type { PathMatcher } from "./path-matcher.ts";
import { FileReadError, readRegularFile } from "./regular-file.ts";

export class CheckoutFiles implements FileSource {
  /** The repository's root folder, absolute. */
  readonly root: string;
  readonly name: string;
  readonly #folders = new Map<string, Promise<readonly Dirent[]>>();
  readonly #blobIds = new Map<string, Promise<string>>();

  constructor(root: string) {
    this.root = resolve(root);
    this.name = `the checkout ${this.root}`;
  }

  async entries(matcher: PathMatcher): Promise<readonly RepositoryEntry[]> {
    const found: RepositoryEntry[] = [];
    const pending = [""];
    for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
      const children = await this.#list(folder);
      if (folder !== "" && children.some((child) => child.name === ".git")) continue;
      for (const child of children) {
        const path = folder === "" ? child.name : `${folder}/${child.name}`;
        if (child.isDirectory()) {
          if (path !== ".git" && matcher.mayMatchInside(path)) pending.push(path);
        } else if ((child.isFile() || child.isSymbolicLink()) && matcher.matches(path)) {
          const entry = await this.#entry(path);
          if (entry !== undefined) found.push(entry);
        }
      }
    }
    return found.sort(byPath);
  }

  blobId(entry: RepositoryEntry): Promise<string> {
    const key = `${entry.kind}:${entry.path}`;
    let id = this.#blobIds.get(key);
    if (id === undefined) {
      id = this.content(entry).then(gitBlobId);
      this.#blobIds.set(key, id);
    }
    return id;
  }

  /**
   * The bytes Git would store for the entry: a file's content, a link's target path. A file is
   * read only if it is still the regular file of the size it was listed with.
   */
  async content(entry: RepositoryEntry): Promise<Buffer> {
    const file = this.#absolute(entry.path);
    if (entry.kind === "link") return this.#linkTarget(entry.path);
    let bytes: Buffer;
    try {
      bytes = await readRegularFile(file, { maxBytes: entry.size, followLinks: false });
    } catch (error) {
      if (!(error instanceof FileReadError)) throw error;
      const detail = error.reason === "too-large" ? "it grew while it was read" : error.detail;
      throw new RepositoryFilesError(`cannot read ${entry.path} in ${this.name}: ${detail}`, {
        cause: error,
      });
    }
    if (bytes.length !== entry.size) {
      throw new RepositoryFilesError(
        `cannot read ${entry.path} in ${this.name}: it changed while it was read`,
      );
    }
    return bytes;
  }

  #absolute(path: string): string {
    return join(this.root, ...path.split("/"));
  }

  #list(folder: string): Promise<readonly Dirent[]> {
    let listing = this.#folders.get(folder);
    if (listing === undefined) {
      listing = readdir(this.#absolute(folder), { withFileTypes: true }).catch((error: unknown) => {
        throw new RepositoryFilesError(
          `cannot list ${folder === "" ? "the root folder" : folder} of ${this.name}: ${String(error)}`,
          { cause: error },
        );
      });
      this.#folders.set(folder, listing);
    }
    return listing;
  }

  /** The entry at `path` as it is now (it may have changed since its folder was listed). */
  async #entry(path: string): Promise<RepositoryEntry | undefined> {
    const stats = await lstat(this.#absolute(path)).catch(() => undefined);
    if (stats?.isFile()) return { path, kind: "file", size: stats.size };
    if (stats?.isSymbolicLink()) {
      return { path, kind: "link", size: (await this.#linkTarget(path)).length };
    }
    return undefined;
  }

  async #linkTarget(path: string): Promise<Buffer> {
    try {
      return await readlink(this.#absolute(path), { encoding: "buffer" });
    } catch (error) {
      throw new RepositoryFilesError(`cannot read the link ${path} in ${this.name}`, {
        cause: error,
      });
    }
  }
}
