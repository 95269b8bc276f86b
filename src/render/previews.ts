/**
 * A pull request's previews for people — each preview with its service, what happened to it and
 * its endpoint — for the action's job summary and the bot's sticky comment.
 */
import type { ApplyResult } from "../plan/apply.ts";
import { liveService } from "../plan/diff.ts";
import type { PlannedPreviews } from "../plan/preview-plan.ts";
import { previewedService } from "../records/preview-identity.ts";
import { table } from "./markdown.ts";
import { noRedaction, type Redact } from "./redaction.ts";

export interface PreviewLine {
  /** The preview's Outpost name, `<service>-pr-<number>`. */
  readonly name: string;
  readonly service: string;
  /** `created`, `updated`, `redeployed`, `unchanged`, `deleted`, or what stopped it. */
  readonly outcome: string;
  readonly ok: boolean;
  readonly status: string | undefined;
  readonly endpoint: string | undefined;
}

const done: Readonly<Record<string, string>> = {
  create: "created",
  update: "updated",
  redeploy: "redeployed",
  replace: "replaced",
  noop: "unchanged",
  orphan: "deleted",
};

const planned: Readonly<Record<string, string>> = {
  create: "to create",
  update: "to update",
  redeploy: "to redeploy",
  replace: "to replace",
  noop: "unchanged",
  orphan: "to delete",
};

/** Each preview the plan touches, as the apply left it (or as planned, without one). */
export function previewLines(previews: PlannedPreviews, result?: ApplyResult): PreviewLine[] {
  const { live } = previews.planned;
  return previews.planned.plan.changes.flatMap((change): PreviewLine[] => {
    if (change.kind !== "service") return [];
    const applied = result?.results.find((r) => r.kind === "service" && r.name === change.name);
    const current = liveService(live, change.name);
    const deleted = change.action === "orphan";
    const ok = applied?.ok ?? result === undefined;
    return [
      {
        name: change.name,
        service: previewedService(change.name, previews.pull),
        outcome:
          previews.refusal !== undefined && change.action !== "noop"
            ? "refused"
            : applied !== undefined && !applied.ok
              ? (applied.message ?? "failed")
              : ((result === undefined ? planned : done)[change.action] ?? change.action),
        ok: previews.refusal === undefined && ok,
        status: deleted && result !== undefined ? undefined : (applied?.status ?? current?.status),
        endpoint: deleted ? undefined : (applied?.endpoint ?? current?.endpoint),
      },
    ];
  });
}

export function previewsToMarkdown(
  previews: PlannedPreviews,
  result: ApplyResult | undefined,
  redact: Redact = noRedaction,
): string {
  const lines = previewLines(previews, result);
  const rows = lines.map((line) => [
    line.ok ? "✅" : "❌",
    `\`${line.name}\``,
    line.service,
    line.outcome,
    line.status ?? "",
    line.endpoint ?? "",
  ]);
  const body = [
    `### Previews of #${previews.pull} in \`${previews.planned.desired.namespace}\``,
    "",
    ...(previews.refusal === undefined ? [] : [`**Refused:** ${previews.refusal.message}`, ""]),
    rows.length === 0
      ? "_This pull request has no previews._"
      : table(["", "Preview", "Service", "Outcome", "Status", "Endpoint"], rows),
    "",
  ].join("\n");
  return redact(body);
}
