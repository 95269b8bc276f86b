import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, type TestContext } from "node:test";
import {
  FileReadError,
  readRegularFile,
  readRegularFileSync,
  readRegularTextFile,
  readRegularTextFileSync,
  type ReadOptions,
} from "../../src/files/regular-file.ts";
import { decodeUtf8 } from "../../src/files/utf8.ts";

async function folder(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "outpost-regular-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** The error both readers give for the same file, which must be the same. */
async function refusal(read: (sync: boolean) => unknown): Promise<FileReadError> {
  const errors: FileReadError[] = [];
  for (const sync of [false, true]) {
    try {
      await read(sync);
    } catch (error) {
      assert.ok(error instanceof FileReadError, String(error));
      errors.push(error);
      continue;
    }
    assert.fail(`the ${sync ? "synchronous" : "asynchronous"} read was expected to be refused`);
  }
  const [first, second] = errors;
  assert.ok(first && second);
  assert.deepEqual(
    [first.reason, first.detail, first.size],
    [second.reason, second.detail, second.size],
  );
  return first;
}

const bytesOf = (path: string, options: ReadOptions) => (sync: boolean) =>
  sync ? readRegularFileSync(path, options) : readRegularFile(path, options);
const textOf = (path: string, options: ReadOptions) => (sync: boolean) =>
  sync ? readRegularTextFileSync(path, options) : readRegularTextFile(path, options);

test("only regular files are opened: each other kind is refused by its type, unread", async (t) => {
  const dir = await folder(t);
  execFileSync("mkfifo", [join(dir, "fifo")]);
  const socket = createServer();
  await new Promise<void>((resolve) => socket.listen(join(dir, "socket"), resolve));
  t.after(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  await writeFile(join(dir, "file"), "text");
  await symlink(join(dir, "fifo"), join(dir, "link-to-fifo"));
  await symlink(join(dir, "file"), join(dir, "link-to-file"));
  const kinds: readonly (readonly [string, string])[] = [
    [dir, "it is a directory, not a regular file"],
    [join(dir, "fifo"), "it is a FIFO (named pipe), not a regular file"],
    [join(dir, "link-to-fifo"), "it is a FIFO (named pipe), not a regular file"],
    [join(dir, "socket"), "it is a socket, not a regular file"],
    ["/dev/zero", "it is a character device, not a regular file"],
    [join(dir, "absent"), "no such file"],
    [join(dir, "file", "below"), "no such file"],
  ];
  for (const [path, detail] of kinds) {
    const error = await refusal(bytesOf(path, { maxBytes: 100 }));
    assert.equal(error.detail, detail, path);
    assert.equal(error.message, `${path}: ${detail}`);
  }
  assert.equal(
    (await readRegularFile(join(dir, "link-to-file"), { maxBytes: 100 })).toString(),
    "text",
  );
  const noLinks = await refusal(
    bytesOf(join(dir, "link-to-file"), { maxBytes: 100, followLinks: false }),
  );
  assert.equal(noLinks.detail, "it is a symbolic link, not a regular file");
});

test("the limit: exactly `maxBytes` is read, one byte more is refused", async (t) => {
  const dir = await folder(t);
  await writeFile(join(dir, "ten"), "0123456789");
  assert.equal(
    (await readRegularFile(join(dir, "ten"), { maxBytes: 10 })).toString(),
    "0123456789",
  );
  assert.equal(readRegularFileSync(join(dir, "ten"), { maxBytes: 10 }).toString(), "0123456789");
  const over = await refusal(bytesOf(join(dir, "ten"), { maxBytes: 9 }));
  assert.equal(over.reason, "too-large");
  assert.equal(over.size, 10, "a size known from the file system is told");
  assert.equal(over.detail, "it is 10 bytes; the limit is 9 bytes");
  await writeFile(join(dir, "empty"), "");
  assert.equal((await readRegularFile(join(dir, "empty"), { maxBytes: 0 })).length, 0);
});

test(
  "a file whose size says 0 is still read only to its limit",
  { skip: !existsSync("/proc/kallsyms") && "no /proc/kallsyms here" },
  async () => {
    const error = await refusal(bytesOf("/proc/kallsyms", { maxBytes: 1000 }));
    assert.equal(error.reason, "too-large");
    assert.equal(error.size, undefined);
    assert.equal(error.detail, "it is larger than 1000 bytes, the limit");
  },
);

test("text must be UTF-8: the first bad byte is named by line and column (UTF-16)", async (t) => {
  const dir = await folder(t);
  await writeFile(
    join(dir, "bad"),
    Buffer.concat([Buffer.from("ok\nnaïve 😀 "), Buffer.from([0xff])]),
  );
  const error = await refusal(textOf(join(dir, "bad"), { maxBytes: 100 }));
  assert.equal(error.reason, "not-utf8");
  assert.equal(error.detail, "not valid UTF-8: byte 0xFF on line 2, column 10");
  await writeFile(join(dir, "good"), "naïve 😀\n");
  assert.equal(await readRegularTextFile(join(dir, "good"), { maxBytes: 100 }), "naïve 😀\n");
  assert.equal(readRegularTextFileSync(join(dir, "good"), { maxBytes: 100 }), "naïve 😀\n");
});

test("decodeUtf8 finds the first ill-formed sequence of every kind", () => {
  const cases: readonly (readonly [string, readonly number[], number])[] = [
    ["a lone continuation byte", [0x61, 0x80], 1],
    ["a lead byte then ASCII", [0x61, 0xe2, 0x28, 0xa1], 1],
    ["an overlong slash", [0xc0, 0xaf], 0],
    ["an overlong three-byte form", [0xe0, 0x80, 0xaf], 0],
    ["a surrogate", [0x61, 0x62, 0xed, 0xa0, 0x80], 2],
    ["past U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["a sequence cut at the end", [0x61, 0xf0, 0x9f, 0x98], 1],
    ["0xFE", [0xfe], 0],
  ];
  for (const [name, bytes, offset] of cases) {
    const decoded = decodeUtf8(new Uint8Array(bytes));
    assert.equal(decoded.ok, false, name);
    if (!decoded.ok) assert.equal(decoded.offset, offset, name);
  }
  const fine = decodeUtf8(Buffer.from("\uFEFFversion: 1 — ✓ 😀"));
  assert.deepEqual(fine, { ok: true, text: "version: 1 — ✓ 😀" });
});
