/** What `plan` and `apply` share: their options, and planning a workspace against Outpost. */
import { CheckoutFiles } from "../files/checkout-files.ts";
import { RepositoryFilesError } from "../files/file-source.ts";
import type { OutpostClient } from "../outpost/client.ts";
import { StateFileError } from "../records/local-records.ts";
import { planChanges, type PlannedChanges } from "../plan/reconcile.ts";
import { redactor } from "../config/secrets.ts";
import type { Redact } from "../render/redaction.ts";
import {
  configOptions,
  connectionOptions,
  outputOptions,
  parsePositiveInteger,
} from "./arguments.ts";
import { CommandFailed, redactError } from "./cli-error.ts";
import type { CliIo } from "./command.ts";
import { connect, readConnection, type ConnectionValues } from "./connection.ts";
import { readRecordKey } from "./records.ts";
import { openWorkspace, type Workspace, type WorkspaceValues } from "./workspace.ts";

export const planningOptions = {
  ...connectionOptions,
  ...configOptions,
  ...outputOptions,
  "allow-replace": { type: "boolean" },
  prune: { type: "boolean" },
  redeploy: { type: "string", multiple: true },
  run: { type: "string", multiple: true },
  request: { type: "string" },
  "cancel-superseded": { type: "boolean" },
  concurrency: { type: "string" },
} as const;

export const planningUsage = `Plan:
  --allow-replace        allow deleting and re-creating services whose immutable fields changed
  --prune                delete services this project applied before and no longer declares
  --redeploy <service>   redeploy this service even if nothing changed (repeatable)
  --run <job>            submit this job now even if it is not due (repeatable); each
                         invocation is a request of its own, unless --request names one
  --request <id>         what asks for the --run jobs: the same id again (a retry of a script)
                         submits nothing twice
  --cancel-superseded    cancel a job's previous run when a new one is submitted
  --concurrency <n>      requests in flight at once (default 8)
  --json                 print JSON instead of text (docs/json/)`;

export interface PlanningValues extends ConnectionValues, WorkspaceValues {
  readonly "allow-replace"?: boolean | undefined;
  readonly prune?: boolean | undefined;
  readonly redeploy?: string[] | undefined;
  readonly run?: string[] | undefined;
  readonly request?: string | undefined;
  readonly "cancel-superseded"?: boolean | undefined;
  readonly concurrency?: string | undefined;
}

export interface Planning {
  readonly workspace: Workspace;
  readonly client: OutpostClient;
  readonly planned: PlannedChanges;
  readonly concurrency: number;
  /** Masks every secret value and the credential in anything printed. */
  readonly redact: Redact;
}

export async function planWorkspace(values: PlanningValues, io: CliIo): Promise<Planning> {
  const connection = readConnection(values, io);
  const concurrency =
    values.concurrency === undefined ? 8 : parsePositiveInteger("concurrency", values.concurrency);
  const workspace = await openWorkspace(values, io);
  const { desired } = workspace;
  const redact = redactor([connection.secret, ...workspace.secrets], desired.secrets);
  const client = connect(connection);
  try {
    const planned = await planChanges(desired, client, workspace.records, {
      files: new CheckoutFiles(workspace.root),
      concurrency,
      allowReplace: values["allow-replace"] === true,
      prune: values.prune === true,
      redeploy: values.redeploy ?? [],
      runJobs: values.run ?? [],
      cancelSuperseded: values["cancel-superseded"] === true,
      recordKey: readRecordKey(io, connection.credentials),
      ...(workspace.commit === undefined ? {} : { commit: workspace.commit }),
      ...(values.request === undefined ? {} : { request: `cli:${values.request}` }),
    });
    return { workspace, client, planned, concurrency, redact };
  } catch (error) {
    await client.close();
    // Files a job's `paths:` select, and the state file: user input, told in one line.
    if (error instanceof RepositoryFilesError || error instanceof StateFileError) {
      throw new CommandFailed(redact(error.message));
    }
    throw redactError(error, redact);
  }
}
