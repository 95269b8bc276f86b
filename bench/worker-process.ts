/**
 * A benchmark's client in its own process, so that its CPU time and peak memory are its own and
 * not the runner's or the emulator's. The runner starts it (`WorkerProcess.start`) and sends it
 * tasks over IPC; the worker's entry module answers them with `serveTasks`. Every worker also
 * answers `usage` with its peak RSS.
 */
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";

export interface Task {
  readonly kind: string;
}

export interface UsageReply {
  readonly kind: "usage";
  readonly maxRssBytes: number;
}

interface ErrorReply {
  readonly kind: "error";
  readonly message: string;
}

/** The child's side: answers each task with `perform`, one at a time, and `usage` itself. */
export function serveTasks<T extends Task, R extends Task>(perform: (task: T) => Promise<R>): void {
  let queue = Promise.resolve();
  process.on("message", (task: T | { kind: "usage" }) => {
    queue = queue.then(async () => {
      let reply: R | UsageReply | ErrorReply;
      try {
        reply =
          task.kind === "usage"
            ? // ru_maxrss is in kilobytes on Linux.
              { kind: "usage", maxRssBytes: process.resourceUsage().maxRSS * 1024 }
            : await perform(task as T);
      } catch (error) {
        reply = {
          kind: "error",
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
        };
      }
      process.send?.(reply);
    });
  });
}

/** The runner's side. `R` is the union of the worker's replies, matched to tasks by `kind`. */
export class WorkerProcess<T extends Task, R extends Task> {
  readonly #child: ChildProcess;
  /** Rejects when the worker exits, so that a task it never answers fails instead of hanging. */
  readonly #exited: Promise<never>;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#exited = once(child, "exit").then(([code, signal]) => {
      throw new Error(`the benchmark worker exited (${String(code ?? signal)})`);
    });
    this.#exited.catch(() => undefined);
  }

  /** Starts `module` (a worker entry calling `serveTasks`) with `env` added to the runner's. */
  static start<T extends Task, R extends Task>(
    module: URL,
    env: Readonly<Record<string, string>> = {},
  ): WorkerProcess<T, R> {
    const child = fork(module, [], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, ...env },
    });
    return new WorkerProcess(child);
  }

  /** Runs one task; tasks sent together run one after the other. */
  send<K extends T>(task: K): Promise<Extract<R, { kind: K["kind"] }>> {
    return this.#exchange(task) as Promise<Extract<R, { kind: K["kind"] }>>;
  }

  /** Its peak resident memory so far. */
  async maxRssBytes(): Promise<number> {
    return ((await this.#exchange({ kind: "usage" })) as UsageReply).maxRssBytes;
  }

  #exchange(task: Task): Promise<unknown> {
    const result = this.#queue.then(async () => {
      const reply = once(this.#child, "message") as Promise<[R | UsageReply | ErrorReply]>;
      this.#child.send(task);
      const [message] = await Promise.race([reply, this.#exited]);
      if (message.kind === "error") {
        throw new Error(`benchmark worker: ${(message as ErrorReply).message}`);
      }
      if (message.kind !== task.kind) throw new Error(`unexpected reply ${message.kind}`);
      return message;
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, "exit");
    this.#child.kill();
    await exited;
  }
}
