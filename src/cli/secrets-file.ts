/** Secret values for `${{ secrets.NAME }}`: a JSON or `NAME=value` file, and OUTPOST_SECRET_* variables. */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./cli-error.ts";

const prefix = "OUTPOST_SECRET_";

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
    text = await readFile(resolve(cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(
      `cannot read --secrets-file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return {
    ...secrets,
    ...(text.trimStart().startsWith("{") ? parseJson(file, text) : parseLines(file, text)),
  };
}
