/**
 * What the read commands (`status`, `logs`, `cancel`, `jobs prune`) work on: a namespace, from
 * `--namespace` or outpost.yaml, and what to mask. They need no secret to run, so the file is
 * only validated, not resolved.
 */
import { dirname, resolve } from "node:path";
import { parseTemplate, referencesOf } from "../config/interpolate.ts";
import { validateConfig } from "../config/load.ts";
import { redactor } from "../config/secrets.ts";
import {
  declaredResources,
  type AppliedRecord,
  type RecordStore,
} from "../records/applied-record.ts";
import type { Redact } from "../render/redaction.ts";
import { ConfigInvalid, redactError, UsageError } from "./cli-error.ts";
import type { CliIo } from "./command.ts";
import { connect, readConnection, type Connection, type ConnectionValues } from "./connection.ts";
import type { OutpostClient } from "../outpost/client.ts";
import {
  connectionOptions,
  connectionUsage,
  outputOptions,
  recordsOptions,
  recordsUsage,
} from "./arguments.ts";
import { readGit } from "./git.ts";
import { openRecords, projectRoot, type RecordsValues } from "./records.ts";
import { readSecrets } from "./secrets-file.ts";
import {
  defaultView,
  environmentsOf,
  environmentView,
  type EnvironmentView,
} from "../config/environments.ts";
import type { OutpostConfig } from "../config/schema.generated.ts";
import { defaultEnvironment } from "../records/identity.ts";

/** The options every read command takes. */
export const targetOptions = {
  ...connectionOptions,
  ...outputOptions,
  ...recordsOptions,
  config: { type: "string", short: "c" },
  environment: { type: "string", short: "e" },
  "secrets-file": { type: "string" },
  sha: { type: "string" },
} as const;

export const targetUsage = `Namespace:
  -c, --config <file>    the outpost.yaml that names the namespace and its jobs (default
                         ./outpost.yaml; --namespace instead needs none)
  -e, --environment <name>
                         its environment, when it declares \`environments:\`
  --secrets-file <file>  secret values to mask in what is printed (as for plan)
  --sha <sha>            the commit, for records on GitHub outside a git checkout

${recordsUsage}

${connectionUsage}`;

export interface TargetValues extends RecordsValues, ConnectionValues {
  readonly namespace?: string | undefined;
  readonly config?: string | undefined;
  readonly "secrets-file"?: string | undefined;
  readonly sha?: string | undefined;
  readonly environment?: string | undefined;
}

export interface Target {
  readonly namespace: string;
  /** The job keys of outpost.yaml, when there is one. */
  readonly jobKeys: readonly string[];
  /** The project's records (of outpost.yaml in its environment), when there is a file. */
  readonly store: RecordStore | undefined;
  /** Its latest written record of each resource. */
  readonly records: readonly AppliedRecord[];
  readonly redact: Redact;
}

export async function openTarget(
  values: TargetValues,
  connection: Connection,
  io: CliIo,
): Promise<Target> {
  const path = values.config ?? "outpost.yaml";
  const { document, problems } = await validateConfig({ path, cwd: io.cwd });
  // With --namespace alone, outpost.yaml is optional: it only adds job keys and records.
  const optional = values.config === undefined && values.namespace !== undefined;
  if (document === undefined && !optional) {
    if (values.config === undefined && problems.some((p) => p.code === "file-unreadable")) {
      throw new UsageError("no outpost.yaml here: pass --namespace or --config");
    }
    throw new ConfigInvalid(`${path} has errors; run \`outpost validate ${path}\``, problems);
  }
  const view =
    document === undefined ? undefined : environmentOf(document, values.environment, path);
  const namespace = values.namespace ?? view?.document.namespace ?? "";
  const root = dirname(resolve(io.cwd, path));
  const git = document ? await readGit(root, { sha: values.sha }) : undefined;
  const store = document
    ? await openRecords(values, io, {
        configFile: resolve(io.cwd, path),
        root: await projectRoot(resolve(io.cwd, path)),
        declared: declaredResources({
          services: Object.keys(document.services ?? {}),
          jobs: Object.keys(document.jobs ?? {}),
        }),
        sha: git?.sha,
        environment: view?.environment ?? defaultEnvironment,
      })
    : undefined;
  const records = store ? (await store.records.read(namespace, git?.sha)).latest : [];
  const redact = redactor([
    connection.secret,
    ...(store?.secrets ?? []),
    ...Object.values(await readSecrets(io.cwd, values["secrets-file"], io.env)),
    ...envReferences(document).flatMap((name) => io.env[name] ?? []),
  ]);
  return {
    namespace,
    jobKeys: Object.keys(document?.jobs ?? {}),
    store: store?.records,
    records,
    redact,
  };
}

/** The environment a read command is about: the one named, which a file with environments needs. */
function environmentOf(
  document: OutpostConfig,
  name: string | undefined,
  path: string,
): EnvironmentView {
  const names = environmentsOf(document).map(([environment]) => environment);
  if (names.length === 0) {
    if (name === undefined || name === defaultEnvironment) return defaultView(document);
    throw new UsageError(`${path} declares no environments, so there is no '${name}'`);
  }
  if (name === undefined || !names.includes(name)) {
    throw new UsageError(
      `${path} declares environments (${names.join(", ")}): name one with --environment`,
    );
  }
  return environmentView(document, name);
}

/** The variables outpost.yaml takes values from (`${{ env.NAME }}`): secrets, as in plan and apply. */
function envReferences(value: unknown): string[] {
  if (typeof value === "string") {
    return referencesOf(parseTemplate(value))
      .filter((reference) => reference.context === "env")
      .map((reference) => reference.name);
  }
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(envReferences);
}

/** A job named on the command line: a job key of outpost.yaml means its latest recorded run. */
export function jobRunName(target: Target, name: string): string {
  const record = target.records.find((r) => r.kind === "job" && r.key === name);
  return record?.outpostName ?? name;
}

/** Runs a read command's work with its target and a client, closing the client after. */
export async function withTarget<T>(
  values: TargetValues,
  io: CliIo,
  work: (target: Target, client: OutpostClient) => Promise<T>,
): Promise<T> {
  const connection = readConnection(values, io);
  const target = await openTarget(values, connection, io);
  const client = connect(connection);
  try {
    return await work(target, client);
  } catch (error) {
    throw redactError(error, target.redact);
  } finally {
    await client.close();
  }
}
