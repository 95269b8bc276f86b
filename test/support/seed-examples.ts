/**
 * Extracts every example of the two seed pages (copied under test/fixtures/outpost-api): each
 * curl request (method, path, query, JSON body) and each response body, attributed to the
 * endpoint heading it appears under.
 */
import { readFileSync } from "node:fs";

export interface SeedRequest {
  readonly page: string;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface SeedResponse {
  readonly page: string;
  /** The endpoint heading, e.g. `GET /{namespace}/services`; undefined for the shared error body. */
  readonly endpoint: string | undefined;
  readonly status: number;
  readonly body: unknown;
}

export interface SeedExamples {
  readonly requests: SeedRequest[];
  readonly responses: SeedResponse[];
  readonly errorBodies: unknown[];
}

export const seedPages = ["services", "jobs"] as const;

export function seedPagePath(page: (typeof seedPages)[number]): URL {
  return new URL(`../fixtures/outpost-api/${page}.txt`, import.meta.url);
}

function parseCurl(page: string, line: string): SeedRequest {
  const method = /-X (\w+)/.exec(line)?.[1] ?? "GET";
  const url = /"(https:\/\/[^"]+)"|(https:\/\/\S+)/.exec(line);
  const parsed = new URL(url?.[1] ?? url?.[2] ?? "");
  const headers: Record<string, string> = {};
  for (const match of line.matchAll(/-H "([^:]+): ([^"]*)"/g))
    headers[match[1] ?? ""] = match[2] ?? "";
  const body = /-d '(.*)'/.exec(line)?.[1];
  return {
    page,
    method,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers,
    body: body === undefined ? undefined : JSON.parse(body),
  };
}

export function seedExamples(): SeedExamples {
  const requests: SeedRequest[] = [];
  const responses: SeedResponse[] = [];
  const errorBodies: unknown[] = [];
  for (const page of seedPages) {
    const lines = readFileSync(seedPagePath(page), "utf8").split("\n");
    let endpoint: string | undefined;
    let pendingStatus: number | undefined;
    for (const raw of lines) {
      const line = raw.trim();
      const heading = /^(GET|POST|PUT|DELETE) `([^`]+)`$/.exec(line);
      if (heading) endpoint = `${heading[1]} ${heading[2]}`;
      const status = /^Response (\d{3})$/.exec(line);
      if (status) pendingStatus = Number(status[1]);
      else if (line !== "" && !line.startsWith("{")) pendingStatus = undefined;
      if (line.startsWith("curl ")) requests.push(parseCurl(page, line));
      if (line.startsWith("{")) {
        const body: unknown = JSON.parse(line);
        if (pendingStatus !== undefined)
          responses.push({ page, endpoint, status: pendingStatus, body });
        else if (line.startsWith('{ "error"')) errorBodies.push(body);
        pendingStatus = undefined;
      }
    }
  }
  return { requests, responses, errorBodies };
}
