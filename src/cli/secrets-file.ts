/** Secret values for `${{ secrets.NAME }}`: a JSON or `NAME=value` file, and OUTPOST_SECRET_* variables. */
import { resolve } from "node:path";
import { FileReadError, readRegularTextFile } from "../files/regular-file.ts";
import { UsageError } from "./cli-error.ts";

const prefix = "OUTPOST_SECRET_";

/** The largest secrets file read: far more than any set of secrets. */
export const maxSecretsFileBytes = 1024 * 1024;

function parseLines(path: string, text: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new UsageError(`${path}:${index + 1}: expected NAME=value`);
    const value = match[2] ?? "";
    secrets[match[1] ?? ""] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  });
  return secrets;
}

function parseJson(path: string, text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: not valid JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`${path}: expected a JSON object of secret names to string values`);
  }
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "string")
      throw new UsageError(`${path}: the value of ${name} must be a string`);
    secrets[name] = value;
  }
  return secrets;
}

export async function readSecrets(
  cwd: string,
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith(prefix) && value !== undefined) secrets[name.slice(prefix.length)] = value;
  }
  if (file === undefined) return secrets;
  let text: string;
  try {
    text = await readRegularTextFile(resolve(cwd, file), { maxBytes: maxSecretsFileBytes });
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    throw new UsageError(`cannot read --secrets-file ${file}: ${error.detail}`);
  }
  return {
    ...secrets,
    ...(text.trimStart().startsWith("{") ? parseJson(file, text) : parseLines(file, text)),
  };
}
