/**
 * `node scripts/release-notes.ts v1.2.3`: prints the section `## [1.2.3] - YYYY-MM-DD` of
 * CHANGELOG.md, the release notes the release workflow publishes. Fails, saying what to fix,
 * when the tag is not `vX.Y.Z`, when package.json is at another version (npm would publish
 * that one), or when the section is missing or empty: a release never goes out without notes.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export class ReleaseNotesError extends Error {}

/** The notes of `tag` in `changelog`, for a package at `packageVersion`. Pure. */
export function releaseNotes(changelog: string, tag: string, packageVersion: string): string {
  const version = /^v(\d+\.\d+\.\d+)$/.exec(tag)?.[1];
  if (version === undefined) throw new ReleaseNotesError(`${tag} is not a release tag (vX.Y.Z)`);
  if (version !== packageVersion) {
    throw new ReleaseNotesError(
      `${tag} tags package.json at version ${packageVersion}: set "version": "${version}" and tag again`,
    );
  }
  const lines = changelog.split("\n");
  const heading = new RegExp(
    `^## \\[${version.replaceAll(".", "\\.")}\\](?: - \\d{4}-\\d{2}-\\d{2})?\\s*$`,
  );
  const start = lines.findIndex((line) => heading.test(line));
  if (start === -1) {
    throw new ReleaseNotesError(`CHANGELOG.md has no section "## [${version}] - YYYY-MM-DD"`);
  }
  const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
  const notes = lines
    .slice(start + 1, end === -1 ? undefined : end)
    .join("\n")
    .replace(/^\[[^\]]+\]: .*$/gm, "")
    .trim();
  if (notes === "")
    throw new ReleaseNotesError(`the section of ${version} in CHANGELOG.md is empty`);
  return `${notes}\n`;
}

if (import.meta.main) {
  const root = join(import.meta.dirname, "..");
  try {
    const [changelog, manifest] = await Promise.all([
      readFile(join(root, "CHANGELOG.md"), "utf8"),
      readFile(join(root, "package.json"), "utf8"),
    ]);
    const { version } = JSON.parse(manifest) as { version: string };
    process.stdout.write(releaseNotes(changelog, process.argv[2] ?? "", version));
  } catch (error) {
    if (!(error instanceof ReleaseNotesError)) throw error;
    process.stderr.write(`release-notes: ${error.message}\n`);
    process.exitCode = 1;
  }
}
