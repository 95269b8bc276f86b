/**
 * A client of the GitHub REST API for the records (Deployments): Octokit's core, which is all
 * `GitHubApi` needs (`request` with typed routes), without the thousand generated endpoint
 * methods of `@actions/github`, which cost the action a tenth of a second at every start. Like
 * `@actions/github`, it goes through the runner's proxy (`https_proxy`, `no_proxy`) when one is
 * set.
 */
import { HttpClient } from "@actions/http-client";
import { Octokit } from "@octokit/core";
import { fetch as undiciFetch } from "undici";

export interface GitHubClientOptions {
  /** The REST API, e.g. `https://api.github.com` or `https://<host>/api/v3`. */
  readonly baseUrl: string;
  readonly userAgent?: string;
}

export function createGitHubClient(token: string, options: GitHubClientOptions): Octokit {
  const dispatcher = new HttpClient().getAgentDispatcher(options.baseUrl);
  return new Octokit({
    auth: token,
    baseUrl: options.baseUrl,
    ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
    ...(dispatcher === undefined
      ? {}
      : {
          request: {
            fetch: (url: string, init: Parameters<typeof undiciFetch>[1]) =>
              undiciFetch(url, { ...init, dispatcher }),
          },
        }),
  });
}
