import { test } from "node:test";
import assert from "node:assert/strict";
import type { CliIo } from "../../src/cli/command.ts";
import { commands } from "../../src/cli/command-table.ts";
import { run } from "../../src/cli/main.ts";

async function outpost(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: process.cwd(),
    env: {},
  };
  return { code: await run(args, io), stdout, stderr };
}

test("outpost --help lists every command with its summary", async () => {
  const { code, stdout } = await outpost("--help");
  assert.equal(code, 0);
  const width = Math.max(...commands.map((c) => c.name.length));
  for (const command of commands) {
    assert.ok(
      stdout.includes(`\n  ${command.name.padEnd(width)}  ${command.summary}\n`),
      command.name,
    );
  }
});

test("every command's --help is its usage, and every option it documents is accepted", async () => {
  for (const command of commands) {
    const help = await outpost(command.name, "--help");
    assert.deepEqual(help, { code: 0, stdout: command.usage, stderr: "" }, command.name);
    // Option lines: "  --flag <value>  what it does", "  -f, --flag", "  --a <x>, --b <y>".
    const documented = [...command.usage.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)( <[^>]+>)?/gm)];
    assert.ok(documented.length > 0, command.name);
    for (const [, flag, value] of documented) {
      const args = value ? [flag ?? "", "x"] : [flag ?? ""];
      const result = await outpost(command.name, ...args, "--help");
      assert.equal(result.code, 0, `${command.name} ${args.join(" ")}: ${result.stderr}`);
    }
  }
});

test("an undocumented option is a usage error with exit code 2 and the usage", async () => {
  for (const command of commands) {
    const { code, stderr } = await outpost(command.name, "--no-such-option");
    assert.equal(code, 2, command.name);
    assert.match(stderr, /no-such-option/);
    assert.ok(stderr.includes(command.usage.split("\n")[0] ?? ""), command.name);
  }
});
