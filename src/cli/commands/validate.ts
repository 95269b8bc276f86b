import { parseArgs } from "node:util";
import { validateConfig } from "../../config/load.ts";
import { formatProblem, hasErrors, type Problem } from "../../config/problems.ts";
import { validationOutput } from "../../render/json.ts";
import { UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";

const usage = `Usage: outpost validate [file] [--json]

Checks an outpost.yaml (default: ./outpost.yaml) without contacting Outpost: syntax, schema,
and every rule that needs no secret. Prints one line per problem,
  file:line:column: error|warning: message
and exits 1 when there is an error, 0 otherwise.

Options:
  --json      print {"format_version", "file", "valid", "errors", "warnings", "problems"} as
              JSON (docs/json/validate.schema.json)
  -h, --help  show this help
`;

export const validateCommand: Command = {
  name: "validate",
  summary: "check outpost.yaml for errors, offline",
  usage,
  async run(args, io) {
    const parsed = parseOptions(args);
    if (typeof parsed === "string") throw new UsageError(parsed);
    if (parsed.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    const { problems } = await validateConfig({ path: parsed.file, cwd: io.cwd });
    const valid = !hasErrors(problems);
    io.stdout.write(
      parsed.json
        ? `${JSON.stringify(validationOutput(parsed.file, problems), null, 2)}\n`
        : toText(parsed.file, problems),
    );
    return valid ? exitCodes.ok : exitCodes.failure;
  },
};

function parseOptions(
  args: readonly string[],
): { file: string; json: boolean; help: boolean } | string {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 1) return `expected one file, got ${positionals.length}`;
    return {
      file: positionals[0] ?? "outpost.yaml",
      json: values.json === true,
      help: values.help === true,
    };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function toText(file: string, problems: readonly Problem[]): string {
  const lines = problems.map(formatProblem);
  const errors = count(problems, "error");
  const warnings = count(problems, "warning");
  if (errors === 0 && warnings === 0) lines.push(`${file}: valid`);
  else lines.push(`${file}: ${plural(errors, "error")}, ${plural(warnings, "warning")}`);
  return `${lines.join("\n")}\n`;
}

function count(problems: readonly Problem[], severity: Problem["severity"]): number {
  return problems.filter((problem) => problem.severity === severity).length;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
