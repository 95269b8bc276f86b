/**
 * The one way a file is read when a user or a repository named it: outpost.yaml, secrets and
 * state files, the bot's key and operator config, the runner's event payload, and the files of
 * jobs' `paths:`. Only a regular file is opened — a directory, FIFO, device or socket is refused
 * by its type before anything is read, so a FIFO cannot block and `/dev/zero` cannot fill
 * memory — and never more than `maxBytes` plus one byte is read, whatever the size the file
 * system reports (files in /proc report 0 and hold gigabytes).
 *
 * `readRegularFileSync` serves the settings read synchronously at start-up (the bot's, the
 * action's); everything else reads asynchronously.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { lstat, open, stat, type FileHandle } from "node:fs/promises";
import { formatByteSize } from "./byte-size.ts";
import { decodeUtf8, describeInvalidByte } from "./utf8.ts";

export type FileReadReason = "missing" | "not-regular" | "too-large" | "unreadable" | "not-utf8";

/** Why a file was not read. `detail` says it without the path, for messages that name it already. */
export class FileReadError extends Error {
  readonly code = "file_unreadable";
  readonly path: string;
  readonly reason: FileReadReason;
  readonly detail: string;
  /** For `too-large`: the size the file system reported, when it was over the limit already. */
  readonly size: number | undefined;

  constructor(
    path: string,
    reason: FileReadReason,
    detail: string,
    options?: ErrorOptions & { readonly size?: number },
  ) {
    super(`${path}: ${detail}`, options);
    this.name = "FileReadError";
    this.path = path;
    this.reason = reason;
    this.detail = detail;
    this.size = options?.size;
  }
}

export interface ReadOptions {
  /** The most bytes the file may hold. */
  readonly maxBytes: number;
  /**
   * Follow a symbolic link to the file it names (files a user names), or refuse to open one
   * (files of a repository, whose links are never followed). Default: follow.
   */
  readonly followLinks?: boolean;
}

/** What a file that is not regular is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a file";
}

function requireRegular(path: string, stats: Stats): void {
  if (stats.isFile()) return;
  throw new FileReadError(path, "not-regular", `it is ${kindOf(stats)}, not a regular file`);
}

function tooLarge(path: string, maxBytes: number, size?: number): FileReadError {
  const detail =
    size === undefined
      ? `it is larger than ${formatByteSize(maxBytes)}, the limit`
      : `it is ${formatByteSize(size)}; the limit is ${formatByteSize(maxBytes)}`;
  return new FileReadError(path, "too-large", detail, size === undefined ? {} : { size });
}

function systemError(path: string, error: unknown): FileReadError {
  const code = error instanceof Error && "code" in error ? String(error.code) : undefined;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new FileReadError(path, "missing", "no such file", { cause: error });
  }
  if (code === "ELOOP") {
    return new FileReadError(path, "not-regular", "it is a symbolic link, not a regular file", {
      cause: error,
    });
  }
  const reasons: Readonly<Record<string, string>> = {
    EACCES: "permission denied",
    EPERM: "permission denied",
    EISDIR: "it is a directory, not a regular file",
    EINVAL: "it cannot be read as a plain file",
  };
  const detail =
    code === undefined ? String(error) : `${reasons[code] ?? "cannot be read"} (${code})`;
  return new FileReadError(path, "unreadable", detail, { cause: error });
}

const chunkSize = 64 * 1024;

/** Open flags: read only; a FIFO swapped in after the type check does not block the open. */
function openFlags(follow: boolean): number {
  return (
    constants.O_RDONLY |
    (constants.O_NONBLOCK ?? 0) |
    (constants.O_NOCTTY ?? 0) |
    (follow ? 0 : (constants.O_NOFOLLOW ?? 0))
  );
}

/** Reads chunks until the end or one byte past the limit, through `read` (sync or async). */
class BoundedChunks {
  readonly #path: string;
  readonly #maxBytes: number;
  readonly #chunks: Buffer[] = [];
  #total = 0;

  constructor(path: string, maxBytes: number) {
    this.#path = path;
    this.#maxBytes = maxBytes;
  }

  /** The next buffer to read into, or undefined once enough was read. */
  next(): Buffer | undefined {
    // Up to one byte past the limit, to tell a file of exactly `maxBytes` from a longer one.
    if (this.#total > this.#maxBytes) return undefined;
    return Buffer.allocUnsafe(Math.min(chunkSize, this.#maxBytes + 1 - this.#total));
  }

  /** Records what one read gave; false at the end of the file. */
  add(chunk: Buffer, read: number): boolean {
    if (read === 0) return false;
    this.#chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
    this.#total += read;
    return true;
  }

  content(): Buffer {
    if (this.#total > this.#maxBytes) throw tooLarge(this.#path, this.#maxBytes);
    return Buffer.concat(this.#chunks, this.#total);
  }
}

function asReadError(path: string, error: unknown): FileReadError {
  return error instanceof FileReadError ? error : systemError(path, error);
}

/** The whole content of a regular file of at most `maxBytes` bytes. Throws `FileReadError`. */
export async function readRegularFile(path: string, options: ReadOptions): Promise<Buffer> {
  const follow = options.followLinks ?? true;
  let handle: FileHandle;
  try {
    // Refused by its type before it is opened: opening a device can have effects of its own.
    requireRegular(path, follow ? await stat(path) : await lstat(path));
    handle = await open(path, openFlags(follow));
  } catch (error) {
    throw asReadError(path, error);
  }
  try {
    const stats = await handle.stat();
    requireRegular(path, stats);
    if (stats.size > options.maxBytes) throw tooLarge(path, options.maxBytes, stats.size);
    const chunks = new BoundedChunks(path, options.maxBytes);
    for (let chunk = chunks.next(); chunk !== undefined; chunk = chunks.next()) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (!chunks.add(chunk, bytesRead)) break;
    }
    return chunks.content();
  } catch (error) {
    throw asReadError(path, error);
  } finally {
    await handle.close();
  }
}

/** `readRegularFile` for callers that read their settings synchronously at start-up. */
export function readRegularFileSync(path: string, options: ReadOptions): Buffer {
  const follow = options.followLinks ?? true;
  let descriptor: number;
  try {
    requireRegular(path, follow ? statSync(path) : lstatSync(path));
    descriptor = openSync(path, openFlags(follow));
  } catch (error) {
    throw asReadError(path, error);
  }
  try {
    const stats = fstatSync(descriptor);
    requireRegular(path, stats);
    if (stats.size > options.maxBytes) throw tooLarge(path, options.maxBytes, stats.size);
    const chunks = new BoundedChunks(path, options.maxBytes);
    for (let chunk = chunks.next(); chunk !== undefined; chunk = chunks.next()) {
      if (!chunks.add(chunk, readSync(descriptor, chunk, 0, chunk.length, null))) break;
    }
    return chunks.content();
  } catch (error) {
    throw asReadError(path, error);
  } finally {
    closeSync(descriptor);
  }
}

/** The text of a file's bytes, which must be UTF-8: the error names the first bad one. */
function utf8Text(path: string, bytes: Uint8Array): string {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  throw new FileReadError(path, "not-utf8", `not valid UTF-8: ${describeInvalidByte(decoded)}`);
}

/** `readRegularFile` for text. */
export async function readRegularTextFile(path: string, options: ReadOptions): Promise<string> {
  return utf8Text(path, await readRegularFile(path, options));
}

/** `readRegularFileSync` for text. */
export function readRegularTextFileSync(path: string, options: ReadOptions): string {
  return utf8Text(path, readRegularFileSync(path, options));
}
