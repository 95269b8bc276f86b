/**
 * `GET /repos/{owner}/{repo}/git/trees/{tree_sha}`: the files a test seeded at a commit (or a
 * branch), as a tree; `recursive` lists every file, otherwise only the top level. Entries are
 * Git's: files of mode 100644, links of mode 120000 (their content is their target path),
 * folders of mode 040000, with blob shas as `git hash-object` computes them, so they match what
 * the contents API answers for the same file.
 */
import { notFound } from "../github-error.ts";
import { gitSha } from "../representations.ts";
import { json, type RepositoryRouteContext, type Routes } from "../route.ts";
import type { StoredFile } from "../state.ts";

function getTree(context: RepositoryRouteContext) {
  const { repository, state, api, query } = context;
  const ref = context.path["tree_sha"] as string;
  const sha = state.resolveRef(repository, ref);
  const files = sha === undefined ? undefined : repository.files.get(sha);
  if (sha === undefined || files === undefined) return notFound(context.operation.documentationUrl);
  const recursive = query["recursive"] !== undefined;
  const entries = new Map<string, StoredFile | undefined>();
  for (const [path, file] of files) {
    const parts = path.split("/");
    if (!recursive && parts.length > 1) {
      entries.set(parts[0] ?? path, undefined);
      continue;
    }
    for (let depth = 1; depth < parts.length; depth++)
      entries.set(parts.slice(0, depth).join("/"), undefined);
    entries.set(path, file);
  }
  const base = `${api}/repos/${repository.fullName}/git`;
  const tree = [...entries]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, file]) => {
      if (file === undefined) {
        const treeSha = gitSha(`tree:${sha}:${path}`);
        return {
          path,
          mode: "040000",
          type: "tree",
          sha: treeSha,
          url: `${base}/trees/${treeSha}`,
        };
      }
      const blobSha = gitSha(file.bytes);
      return {
        path,
        mode: file.kind === "symlink" ? "120000" : "100644",
        type: "blob",
        sha: blobSha,
        size: file.bytes.length,
        url: `${base}/blobs/${blobSha}`,
      };
    });
  return json(200, { sha, url: `${base}/trees/${sha}`, tree, truncated: false });
}

export const gitTreeRoutes: Routes = {
  "git/get-tree": { scope: "repository", handle: getTree },
};
