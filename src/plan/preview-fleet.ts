/**
 * Every pull request's previews that exist, read from one walk through the preview namespace's
 * service list: the services named `<service>-pr-<number>` for a service of the file that has a
 * `preview:`. The concurrency limit, the budget and expiry are judged on it. Which of them a
 * pull request's records own is for its records to say: the fleet only counts.
 */
import type { ServiceSummary } from "../outpost/types.ts";
import { previewOf } from "../records/preview-identity.ts";
import type { OutpostPort } from "./outpost-port.ts";

export interface LivePreview {
  /** The service of the file it previews. */
  readonly service: string;
  readonly pull: number;
  readonly entry: ServiceSummary;
}

/** The live previews of `services` in `namespace`, by pull request then service. */
export async function readPreviewFleet(
  api: Pick<OutpostPort, "services">,
  namespace: string,
  services: readonly string[],
): Promise<LivePreview[]> {
  const fleet: LivePreview[] = [];
  for await (const entry of api.services(namespace, {})) {
    const preview = previewOf(entry.name, services);
    if (preview !== undefined) fleet.push({ ...preview, entry });
  }
  return fleet.sort((a, b) => a.pull - b.pull || a.service.localeCompare(b.service));
}
