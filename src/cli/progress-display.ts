/**
 * Live progress of an apply. On a terminal: one line per resource (state, replicas, a job's
 * progress bar) redrawn in place. Elsewhere (CI logs, pipes): one timestamped line per change.
 */
import { styleText } from "node:util";
import { createLogUpdate } from "log-update";
import type { ApplyEvent } from "../plan/apply.ts";
import { describeChange } from "../render/describe.ts";
import { parseProgress, progressBar } from "../render/progress.ts";
import type { Redact } from "../render/redaction.ts";
import type { CliIo } from "./command.ts";

export interface ProgressDisplay {
  readonly event: (event: ApplyEvent) => void;
  stop(): void;
}

interface Row {
  state: string;
  detail: string;
  done: boolean;
  ok: boolean;
}

export function colorEnabled(io: CliIo): boolean {
  return io.terminal !== undefined && io.env["NO_COLOR"] === undefined && io.env["TERM"] !== "dumb";
}

function statusText(event: Extract<ApplyEvent, { type: "status" }>): string {
  if (event.kind === "service") {
    return `${event.status} (${event.readyReplicas ?? 0}/${event.minReplicas ?? 0} ready)`;
  }
  const progress = parseProgress(event.progress);
  return progress.fraction === undefined
    ? `${event.status}${progress.text ? ` ${progress.text}` : ""}`
    : `${event.status} ${progressBar(progress.fraction)} ${progress.text}`;
}

export function createProgressDisplay(
  io: CliIo,
  redact: Redact,
  now: () => Date = () => new Date(),
): ProgressDisplay {
  const color = colorEnabled(io);
  const paint = (format: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(format, text) : text;

  if (io.terminal === undefined) {
    const line = (text: string) => io.stdout.write(redact(`${now().toISOString()} ${text}\n`));
    return {
      event(event) {
        switch (event.type) {
          case "write": {
            const d = describeChange(event.change);
            line(`${d.resource}: ${d.action}`);
            break;
          }
          case "status":
            line(`${event.kind} ${event.name}: ${statusText(event)}`);
            break;
          case "done":
            line(
              `${event.result.kind} ${event.result.name}: ${event.result.ok ? "done" : `FAILED: ${event.result.message ?? ""}`}`,
            );
            break;
        }
      },
      stop() {},
    };
  }

  const rows = new Map<string, Row>();
  const draw = createLogUpdate(io.terminal);
  let timer: NodeJS.Timeout | undefined;
  const render = () => {
    timer = undefined;
    const width = Math.max(...[...rows.keys()].map((k) => k.length), 0);
    draw(
      redact(
        [...rows]
          .map(([name, row]) => {
            const mark = row.done
              ? row.ok
                ? paint("green", "✔")
                : paint("red", "✖")
              : paint("cyan", "…");
            return `${mark} ${name.padEnd(width)}  ${row.state}${row.detail ? `  ${paint("dim", row.detail)}` : ""}`;
          })
          .join("\n"),
      ),
    );
  };
  const schedule = () => {
    timer ??= setTimeout(render, 80);
  };
  return {
    event(event) {
      switch (event.type) {
        case "write": {
          const d = describeChange(event.change);
          rows.set(d.resource, { state: d.action, detail: "", done: false, ok: true });
          break;
        }
        case "status": {
          const key = `${event.kind} ${event.name}`;
          const row = rows.get(key) ?? { state: "", detail: "", done: false, ok: true };
          rows.set(key, { ...row, state: statusText(event) });
          break;
        }
        case "done": {
          const key = `${event.result.kind} ${event.result.name}`;
          const row = rows.get(key);
          // Resources that needed nothing are summed up in the final table, not drawn live.
          if (row)
            rows.set(key, {
              ...row,
              done: true,
              ok: event.result.ok,
              detail: event.result.ok
                ? (event.result.endpoint ?? "")
                : (event.result.message ?? ""),
            });
          break;
        }
      }
      schedule();
    },
    stop() {
      if (timer) clearTimeout(timer);
      render();
      draw.done();
    },
  };
}
