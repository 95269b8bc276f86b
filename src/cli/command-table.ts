import { applyCommand } from "./commands/apply.ts";
import { cancelCommand } from "./commands/cancel.ts";
import { demoCommand } from "./commands/demo.ts";
import { emulatorCommand } from "./commands/emulator.ts";
import { jobsCommand } from "./commands/jobs.ts";
import { logsCommand } from "./commands/logs.ts";
import { planCommand } from "./commands/plan.ts";
import { previewsCommand } from "./commands/previews.ts";
import { statusCommand } from "./commands/status.ts";
import { validateCommand } from "./commands/validate.ts";
import type { Command } from "./command.ts";

/** Every command of `outpost`; a new command is one file in commands/ and one row here. */
export const commands: readonly Command[] = [
  validateCommand,
  planCommand,
  applyCommand,
  statusCommand,
  logsCommand,
  cancelCommand,
  jobsCommand,
  previewsCommand,
  emulatorCommand,
  demoCommand,
];
