/** Git's name for a file's content: the SHA-1 of `blob <size>\0<content>` (`git hash-object`). */
import { createHash } from "node:crypto";

export function gitBlobId(content: Uint8Array): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
