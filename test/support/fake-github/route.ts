/** What an operation's handler receives and returns; the server does matching, auth and validation first. */
import type { Caller } from "./caller.ts";
import type { Operation } from "./github-description.ts";
import type { Reply } from "./github-error.ts";
import type { GitHubState, RepositoryState } from "./state.ts";

export interface RouteContext {
  readonly state: GitHubState;
  /** The fake's base URL, for the `url` fields of answers. */
  readonly api: string;
  readonly caller: Caller;
  readonly operation: Operation;
  /** Path parameters, typed by their schemas (ids are numbers). */
  readonly path: Readonly<Record<string, unknown>>;
  /** Query parameters that were given, typed. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The JSON body, `{}` when there was none. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The request's URL as received, for `Link` headers. */
  readonly url: URL;
  readonly accept: string;
}

export interface RepositoryRouteContext extends RouteContext {
  readonly repository: RepositoryState;
}

export type Route =
  /** Authenticated as the app itself (a JWT). */
  | { readonly scope: "app"; readonly handle: (context: RouteContext) => Reply }
  /** Under `/repos/{owner}/{repo}`, with a token that reaches the repository. */
  | { readonly scope: "repository"; readonly handle: (context: RepositoryRouteContext) => Reply }
  /** Under `/repos/{owner}/{repo}` but authenticated as the app (`GET /repos/{o}/{r}/installation`). */
  | {
      readonly scope: "app-repository";
      readonly handle: (context: RepositoryRouteContext) => Reply;
    };

export type Routes = Readonly<Record<string, Route>>;

export function json(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Reply {
  return { status, body, headers };
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
