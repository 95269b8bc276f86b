import { dirname, resolve } from "node:path";
import { validateConfig } from "../../config/load.ts";
import { previewedServices, previewLimits } from "../../config/previews.ts";
import { redactor } from "../../config/secrets.ts";
import { CheckoutFiles } from "../../files/checkout-files.ts";
import type { ApplyResult } from "../../plan/apply.ts";
import { applyPreviewPrune, planPreviewPrune } from "../../plan/preview-prune.ts";
import { declaredResources } from "../../records/applied-record.ts";
import { previewEnvironment, previewName } from "../../records/preview-identity.ts";
import { jsonText, previewsPruneOutput } from "../../render/json.ts";
import { resultToText } from "../../render/text.ts";
import {
  connectionOptions,
  connectionUsage,
  outputOptions,
  parse,
  recordsOptions,
  recordsUsage,
} from "../arguments.ts";
import { ConfigInvalid, redactError, UsageError } from "../cli-error.ts";
import { exitCodes, type Command } from "../command.ts";
import { connect, readConnection } from "../connection.ts";
import { readGit } from "../git.ts";
import { openRecords, projectRoot, readRecordKey } from "../records.ts";

const usage = `Usage: outpost previews prune [options]

Deletes expired previews: a pull request's preview of a service whose \`preview.ttl\` has passed
since Outpost created it, or that no push has deployed for \`preview.idle_expiry\` (defaults
72h and 24h). Time is Outpost's clock. Only a preview its own pull request's records hold — the
records the action or the bot made when they deployed it — is ever deleted: any other service,
even one named like a preview, stays. A later push to the pull request deploys it again.

Run it on a schedule beside outpost.yaml (a workflow with \`on: schedule\`), with the same
records as the action: \`--repository\` and a GitHub token.

Options:
  -c, --config <file>    outpost.yaml (default ./outpost.yaml): its previews and their namespace
  --dry-run              list every preview and why it would go or stay; delete nothing
  --json                 print {"format_version", "namespace", "dry_run", "deleted",
                         "previews"} as JSON
  --sha <sha>            the commit, for records on GitHub outside a git checkout

${recordsUsage}

${connectionUsage}`;

export const previewsCommand: Command = {
  name: "previews",
  summary: "previews prune: delete expired pull-request previews",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(
      args,
      {
        ...connectionOptions,
        ...outputOptions,
        ...recordsOptions,
        config: { type: "string", short: "c" },
        sha: { type: "string" },
        "dry-run": { type: "boolean" },
      },
      1,
    );
    if (values.help) {
      io.stdout.write(usage);
      return exitCodes.ok;
    }
    if (positionals[0] !== "prune")
      throw new UsageError(
        `unknown previews subcommand '${positionals[0] ?? ""}'; the one there is: prune`,
      );
    const path = values.config ?? "outpost.yaml";
    const { document, problems } = await validateConfig({ path, cwd: io.cwd });
    if (document === undefined) {
      throw new ConfigInvalid(`${path} has errors; run \`outpost validate ${path}\``, problems);
    }
    const previewed = previewedServices(document).map(([name]) => name);
    if (previewed.length === 0)
      throw new UsageError(`${path} declares no service with \`preview:\``);
    const connection = readConnection(values, io);
    const configFile = resolve(io.cwd, path);
    const root = await projectRoot(configFile);
    const git = await readGit(dirname(configFile), { sha: values.sha });
    const secrets: string[] = [connection.secret];
    const storeOf = async (pull: number) => {
      const opened = await openRecords(values, io, {
        configFile,
        root,
        declared: declaredResources({
          services: previewed.map((service) => previewName(service, pull)),
          jobs: [],
        }),
        sha: git?.sha,
        environment: previewEnvironment(pull),
      });
      secrets.push(...opened.secrets);
      return opened.records;
    };
    const recordKey = readRecordKey(io, connection.credentials);
    const client = connect(connection);
    const redact = (text: string) => redactor(secrets)(text);
    try {
      const prunes = await planPreviewPrune(document, client, storeOf, {
        files: new CheckoutFiles(root),
        recordKey,
        now: () => client.serverNow(),
      });
      const dryRun = values["dry-run"] === true;
      const results: ReadonlyMap<number, ApplyResult> = dryRun
        ? new Map()
        : await applyPreviewPrune(prunes, client, {});
      const deleted = [...results.values()].flatMap((result) =>
        result.results.filter((r) => r.ok).map((r) => r.outpostName),
      );
      const failed = [...results.values()].filter((result) => !result.ok);
      const namespace = previewLimits(document).namespace;
      if (values.json) {
        const output = previewsPruneOutput(namespace, prunes, { dryRun, deleted });
        io.stdout.write(`${jsonText(output, redact)}\n`);
      } else {
        const lines = prunes.flatMap((prune) =>
          prune.verdicts.map((v) => {
            const name = v.preview.entry.name;
            if (!v.owned) return `  keep    ${name}  (no records of #${prune.pull} hold it)`;
            if (v.expired === undefined) return `  keep    ${name}  (not expired)`;
            return `  ${dryRun ? "delete" : deleted.includes(name) ? "deleted" : "failed"}  ${name}  (${v.expired})`;
          }),
        );
        const count = dryRun
          ? prunes.flatMap((p) => p.verdicts).filter((v) => v.owned && v.expired).length
          : deleted.length;
        io.stdout.write(
          redact(
            `${dryRun ? "Would delete" : "Deleted"} ${count} preview${count === 1 ? "" : "s"} in ${namespace}\n${lines.map((l) => `${l}\n`).join("")}`,
          ),
        );
        for (const result of failed) io.stderr.write(redact(`${resultToText(result)}\n`));
      }
      return failed.length > 0 ? exitCodes.failure : exitCodes.ok;
    } catch (error) {
      throw redactError(error, redact);
    } finally {
      await client.close();
    }
  },
};
