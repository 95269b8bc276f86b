/**
 * Ctrl-C and SIGTERM for the command line. A command that stops gracefully claims them
 * (`claim()`): the first then aborts its signal (the command settles what it started, and exits
 * 130 or 143); a second ends the process at once. A command that does not claim them ends at
 * once on the first, as a command line does by default.
 */
import { exitCodes } from "./command.ts";

export type StopSignal = "SIGINT" | "SIGTERM";

/** The exit code of a process stopped by `signal`: 128 + its number, as shells report it. */
export function stoppedExitCode(signal: StopSignal): number {
  return signal === "SIGINT" ? exitCodes.interrupted : exitCodes.terminated;
}

/** The signal's name, when `reason` is the abort reason `watchInterruption` gave. */
export function stopSignalOf(reason: unknown): StopSignal | undefined {
  return reason === "SIGINT" || reason === "SIGTERM" ? reason : undefined;
}

export interface Interruption {
  /** Takes over Ctrl-C and SIGTERM for a graceful stop; the signal aborts with its name. */
  claim(): AbortSignal;
}

export function watchInterruption(
  process: Pick<NodeJS.Process, "on" | "exit"> & { readonly stderr: { write(t: string): unknown } },
): Interruption {
  const controller = new AbortController();
  let claimed = false;
  const stop = (signal: StopSignal) => {
    if (!claimed || controller.signal.aborted) {
      if (claimed) process.stderr.write("\noutpost: stopped at once.\n");
      process.exit(stoppedExitCode(signal));
      return;
    }
    process.stderr.write(
      "\noutpost: stopping: no new write starts; what was sent is being recorded (again to quit at once).\n",
    );
    controller.abort(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return {
    claim: () => {
      claimed = true;
      return controller.signal;
    },
  };
}
