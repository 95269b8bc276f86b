import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCommands } from "../../src/bot/commands/parse-commands.ts";

test("commands are read from lines that start with /outpost, outside code and quotes", () => {
  const cases: [string, unknown[]][] = [
    ["/outpost plan", [{ verb: "plan" }]],
    ["  /outpost run finetune-llama-3  ", [{ verb: "run", name: "finetune-llama-3" }]],
    [
      "Looks good!\n/outpost cancel train\n/outpost logs llama",
      [
        { verb: "cancel", name: "train" },
        { verb: "logs", name: "llama" },
      ],
    ],
    ["/outpost redeploy llama_3", [{ verb: "redeploy", name: "llama_3" }]],
    ["please /outpost run train", []],
    ["> /outpost run train", []],
    ["```\n/outpost run train\n```", []],
    ["/outposts run train", []],
    ["/outpost", ["no command after `/outpost`"]],
    ["/outpost run", ["`/outpost run` needs the job's name"]],
    ["/outpost run a b", ["`/outpost run` takes one job name (letters, digits, `-` and `_`)"]],
    ["/outpost run ../x", ["`/outpost run` takes one job name (letters, digits, `-` and `_`)"]],
    ["/outpost plan now", ["`/outpost plan` takes no argument"]],
    ["/outpost deploy x", ["`deploy` is not an Outpost command"]],
  ];
  for (const [body, expected] of cases) {
    const parsed = parseCommands(body).map((p) => (p.ok ? p.command : p.problem));
    assert.deepEqual(parsed, expected, body);
  }
});
