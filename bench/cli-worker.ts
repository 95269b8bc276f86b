/**
 * The apply benchmark's client process (see worker-process.ts): runs `outpost` commands
 * in-process, or the sequential baseline, and reports each one's wall time.
 */
import { LineCounter, parseDocument } from "yaml";
import { run } from "../src/cli/main.ts";
import { applySequentially, type SequentialSettings } from "./sequential-client.ts";
import { serveTasks } from "./worker-process.ts";

export type CliTask =
  | {
      readonly kind: "cli";
      readonly argv: readonly string[];
      readonly cwd: string;
      readonly env: Readonly<Record<string, string>>;
    }
  | { readonly kind: "sequential"; readonly settings: SequentialSettings }
  /** The floor's local work: `yaml.parseDocument` with a `LineCounter` on `text`. */
  | { readonly kind: "parse"; readonly text: string };

export type CliReply =
  | { readonly kind: "cli"; readonly ms: number; readonly code: number; readonly stderr: string }
  | { readonly kind: "sequential"; readonly ms: number; readonly requests: number }
  | { readonly kind: "parse"; readonly ms: number };

async function perform(task: CliTask): Promise<CliReply> {
  const started = performance.now();
  switch (task.kind) {
    case "cli": {
      let stderr = "";
      const code = await run(task.argv, {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        cwd: task.cwd,
        env: task.env,
      });
      return { kind: "cli", ms: performance.now() - started, code, stderr };
    }
    case "sequential": {
      const requests = await applySequentially(task.settings);
      return { kind: "sequential", ms: performance.now() - started, requests };
    }
    case "parse": {
      // In the process the CLI ran in, warmed up as it is: median of 15 after 5.
      const times: number[] = [];
      for (let index = 0; index < 20; index++) {
        const begun = performance.now();
        parseDocument(task.text, { lineCounter: new LineCounter() });
        if (index >= 5) times.push(performance.now() - begun);
      }
      times.sort((a, b) => a - b);
      return { kind: "parse", ms: times[Math.floor(times.length / 2)] ?? 0 };
    }
  }
}

serveTasks(perform);
