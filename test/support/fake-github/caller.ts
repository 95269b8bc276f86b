/**
 * Who is calling: the `Authorization` header (`token <x>` or `Bearer <x>`) resolved to an app
 * (by its JWT), an installation token, a GITHUB_TOKEN-like token or a person's token. Unknown,
 * expired or malformed credentials get GitHub's 401 answers.
 */
import { looksLikeJwt, verifyAppJwt } from "./app-jwt.ts";
import type {
  AppState,
  GitHubState,
  InstallationState,
  Permissions,
  TokenState,
  User,
} from "./state.ts";

export type Caller =
  | {
      readonly kind: "app";
      readonly app: AppState;
      readonly actor: undefined;
      readonly key: string;
    }
  | {
      readonly kind: "installation";
      readonly app: AppState;
      readonly actor: User;
      readonly installation: InstallationState;
      readonly token: TokenState & { kind: "installation" };
      readonly permissions: Permissions;
      readonly key: string;
    }
  | {
      readonly kind: "actions";
      readonly app: AppState;
      readonly actor: User;
      readonly token: TokenState & { kind: "actions" };
      readonly permissions: Permissions;
      readonly key: string;
    }
  | { readonly kind: "user"; readonly app: undefined; readonly actor: User; readonly key: string };

export type Authentication =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly message: string };

export function authenticate(state: GitHubState, header: string | undefined): Authentication {
  if (!header) return { ok: false, message: "Requires authentication" };
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
  const credential = match?.[2];
  if (!credential) return { ok: false, message: "Bad credentials" };
  const token = state.tokens.get(credential);
  if (token) return fromToken(state, token);
  if (!looksLikeJwt(credential)) return { ok: false, message: "Bad credentials" };
  const app = state.app;
  if (!app) return { ok: false, message: "A JSON web token could not be decoded" };
  const checked = verifyAppJwt(credential, app.publicKey, state.now());
  if (!checked.ok) return checked;
  if (checked.issuer !== String(app.id)) return { ok: false, message: "Integration not found" };
  return { ok: true, caller: { kind: "app", app, actor: undefined, key: `app:${app.id}` } };
}

function fromToken(state: GitHubState, token: TokenState): Authentication {
  switch (token.kind) {
    case "installation": {
      const installation = state.installations.get(token.installationId);
      if (!state.app || !installation || token.expiresAt <= state.now()) {
        return { ok: false, message: "Bad credentials" };
      }
      return {
        ok: true,
        caller: {
          kind: "installation",
          app: state.app,
          actor: state.app.bot,
          installation,
          token,
          permissions: token.permissions,
          key: token.token,
        },
      };
    }
    case "actions":
      return {
        ok: true,
        caller: {
          kind: "actions",
          app: state.actionsApp,
          actor: state.actionsApp.bot,
          token,
          permissions: token.permissions,
          key: token.token,
        },
      };
    case "user":
      return {
        ok: true,
        caller: { kind: "user", app: undefined, actor: state.user(token.login), key: token.token },
      };
  }
}
