/**
 * TypeScript sources as ESM JavaScript, for what runs where Node strips no types: the action's
 * bundle (ncc reads JavaScript) and the npm package (Node refuses `.ts` under `node_modules`).
 * Relative `.ts` imports are rewritten to `.js`; nothing is type-checked (`npm run typecheck`
 * does that), so an unfinished file elsewhere cannot break a build.
 */
import { join } from "node:path";
import ts from "typescript";

export const root = join(import.meta.dirname, "..");

function projectConfig(): ts.ParsedCommandLine {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("cannot read tsconfig.json");
  return config;
}

/** Every TypeScript source under `folder` (relative to the repository), from tsconfig's file list. */
export function sourcesUnder(folder: string): string[] {
  const prefix = `${join(root, folder)}/`;
  return projectConfig().fileNames.filter((file) => file.startsWith(prefix));
}

/** Emits `entries` and everything they import under `outDir`, mirroring the repository's layout. */
export function emitJavaScript(entries: readonly string[], outDir: string): void {
  const program = ts.createProgram(entries, {
    ...projectConfig().options,
    noEmit: false,
    noCheck: true,
    outDir,
    rootDir: root,
    sourceMap: false,
    declaration: false,
  });
  const result = program.emit();
  const problems = [...result.diagnostics, ...program.getSyntacticDiagnostics()];
  if (result.emitSkipped || problems.length > 0) {
    throw new Error(
      ts.formatDiagnostics(problems, {
        ...ts.sys,
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => "\n",
      }),
    );
  }
}
