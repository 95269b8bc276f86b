import { format } from "prettier";

export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

export interface Generator {
  readonly name: string;
  generate(): Promise<readonly GeneratedFile[]>;
}

/** Formats generated text with the project's prettier settings, so generated files pass the format check. */
export async function formatted(path: string, content: string): Promise<GeneratedFile> {
  return { path, content: await format(content, { filepath: path, printWidth: 100 }) };
}
