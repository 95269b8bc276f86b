/**
 * Credentials the emulator accepts and the namespaces each may use. Both documented schemes are
 * supported: `Authorization: Bearer <token>` and `Authorization: API-Key <name>$<secret>`.
 * Messages never repeat a credential.
 */
import { ApiError } from "./api-error.ts";

/** `"*"` grants every namespace. */
export type NamespaceGrant = "*" | readonly string[];

export type Credential =
  | { readonly token: string; readonly namespaces: NamespaceGrant }
  | {
      /** The key as sent after `API-Key `: `<name>$<secret>`. */
      readonly apiKey: string;
      readonly namespaces: NamespaceGrant;
    };

/** Who made a request, for grants and for the request log (never the secret). */
export interface Principal {
  readonly kind: "bearer" | "api-key";
  /** The API key's name; `undefined` for bearer tokens (a token has no public part). */
  readonly keyName?: string;
  readonly namespaces: NamespaceGrant;
}

export interface Authenticator {
  /** The principal of an `Authorization` header, or the 401 to answer. */
  authenticate(header: string | undefined): Principal;
  /** Throws the 403 to answer when the principal may not use the namespace. */
  authorize(principal: Principal, namespace: string): void;
}

export const devToken = "dev-token";

export function createAuthenticator(credentials: readonly Credential[]): Authenticator {
  const tokens = new Map<string, NamespaceGrant>();
  const apiKeys = new Map<string, NamespaceGrant>();
  for (const credential of credentials) {
    if ("token" in credential) tokens.set(credential.token, credential.namespaces);
    else apiKeys.set(credential.apiKey, credential.namespaces);
  }
  const invalid = (message: string) => new ApiError(401, "invalid_credentials", message);
  return {
    authenticate(header) {
      if (header === undefined || header.trim() === "") {
        throw new ApiError(
          401,
          "missing_credentials",
          "Missing credentials: send `Authorization: Bearer <access_token>` or `Authorization: API-Key <name>$<secret>`.",
        );
      }
      const match = /^(\S+)\s+(.+)$/.exec(header.trim());
      const scheme = match?.[1]?.toLowerCase();
      const value = match?.[2]?.trim() ?? "";
      if (scheme === "bearer") {
        const namespaces = tokens.get(value);
        if (namespaces === undefined) throw invalid("Invalid credentials: unknown access token.");
        return { kind: "bearer", namespaces };
      }
      if (scheme === "api-key") {
        const separator = value.indexOf("$");
        const namespaces = apiKeys.get(value);
        if (separator <= 0 || namespaces === undefined) {
          throw invalid("Invalid credentials: unknown API key.");
        }
        return { kind: "api-key", keyName: value.slice(0, separator), namespaces };
      }
      throw invalid("Invalid credentials: the Authorization scheme must be `Bearer` or `API-Key`.");
    },
    authorize(principal, namespace) {
      if (principal.namespaces === "*" || principal.namespaces.includes(namespace)) return;
      throw new ApiError(
        403,
        "forbidden",
        `These credentials may not use namespace '${namespace}'.`,
      );
    },
  };
}

/**
 * Parses a command-line grant `<credential>=<ns1>,<ns2>` (or `<credential>` alone for every
 * namespace). The namespace list is what follows the last `=` when it is a list of names, so
 * tokens that end in base64 padding still parse.
 */
export function parseGrant(text: string): {
  readonly value: string;
  readonly namespaces: NamespaceGrant;
} {
  const at = text.lastIndexOf("=");
  const list = at > 0 ? text.slice(at + 1) : "";
  if (/^(\*|[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*)$/.test(list)) {
    return { value: text.slice(0, at), namespaces: list === "*" ? "*" : list.split(",") };
  }
  return { value: text, namespaces: "*" };
}
