/**
 * `/outpost <verb> [name]` commands in a comment: one per line, at the start of the line (after
 * spaces). Lines inside fenced code blocks and quoted lines (`>`) are not commands, so quoting an
 * earlier command or showing one in an example does not run it again.
 */

export type Command =
  | { readonly verb: "plan" }
  | { readonly verb: "run"; readonly name: string }
  | { readonly verb: "cancel"; readonly name: string }
  | { readonly verb: "redeploy"; readonly name: string }
  | { readonly verb: "logs"; readonly name: string };

export type ParsedCommand =
  | { readonly ok: true; readonly line: string; readonly command: Command }
  | { readonly ok: false; readonly line: string; readonly problem: string };

export const usage = [
  "`/outpost plan` — plan this pull request again",
  "`/outpost run <job>` — submit a job of outpost.yaml as defined in this pull request",
  "`/outpost cancel <job>` — cancel the job's run followed on this pull request",
  "`/outpost redeploy <service>` — redeploy a service this repository deployed",
  "`/outpost logs <job|service>` — show the last log lines",
].join("\n");

/** Commands per comment that are run; more are refused. */
export const maxCommands = 5;

const name = /^[A-Za-z0-9_-]+$/;
const withName = {
  run: "job",
  cancel: "job",
  redeploy: "service",
  logs: "job or service",
} as const;

function parseLine(line: string): ParsedCommand {
  const words = line.trim().split(/\s+/).slice(1);
  const [verb, argument, ...extra] = words;
  if (verb === undefined) return { ok: false, line, problem: "no command after `/outpost`" };
  if (verb === "plan") {
    return argument === undefined
      ? { ok: true, line, command: { verb } }
      : { ok: false, line, problem: "`/outpost plan` takes no argument" };
  }
  if (verb === "run" || verb === "cancel" || verb === "redeploy" || verb === "logs") {
    const what = withName[verb];
    if (argument === undefined)
      return { ok: false, line, problem: `\`/outpost ${verb}\` needs the ${what}'s name` };
    if (extra.length > 0 || !name.test(argument)) {
      return {
        ok: false,
        line,
        problem: `\`/outpost ${verb}\` takes one ${what} name (letters, digits, \`-\` and \`_\`)`,
      };
    }
    return { ok: true, line, command: { verb, name: argument } };
  }
  return { ok: false, line, problem: `\`${verb}\` is not an Outpost command` };
}

export function parseCommands(body: string): ParsedCommand[] {
  const found: ParsedCommand[] = [];
  let fenced = false;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (/^(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || line.startsWith(">")) continue;
    if (line === "/outpost" || line.startsWith("/outpost ") || line.startsWith("/outpost\t"))
      found.push(parseLine(line));
  }
  return found;
}
