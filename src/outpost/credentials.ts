/**
 * The two kinds of Outpost credentials and the `Authorization` header each becomes. Parsing
 * errors say what is wrong with the shape of a value, never the value itself.
 */
import { OutpostCredentialsError } from "./errors.ts";

export type Credentials =
  | { readonly kind: "token"; readonly token: string }
  | { readonly kind: "api-key"; readonly name: string; readonly secret: string };

const keyName = /^[A-Za-z0-9_-]+$/;
// A header value must not smuggle a line break into the request (and undici's complaint about
// one would quote the value).
const headerSafe = /^[\x21-\x7e]+$/;

function checkSecret(value: string, what: string): void {
  if (value === "") throw new OutpostCredentialsError(`The Outpost ${what} is empty.`);
  if (!headerSafe.test(value)) {
    throw new OutpostCredentialsError(
      `The Outpost ${what} contains spaces, line breaks or non-ASCII characters; paste it again without them.`,
    );
  }
}

/** `Authorization: Bearer <token>` or `Authorization: API-Key <name>$<secret>`. */
export function authorizationHeader(credentials: Credentials): string {
  switch (credentials.kind) {
    case "token":
      checkSecret(credentials.token, "token");
      return `Bearer ${credentials.token}`;
    case "api-key":
      if (!keyName.test(credentials.name)) {
        throw new OutpostCredentialsError(
          "The Outpost API key's name may only hold letters, digits, `-` and `_`.",
        );
      }
      checkSecret(credentials.secret, "API key's secret");
      return `API-Key ${credentials.name}$${credentials.secret}`;
  }
}

/** An access token as given, e.g. by the action's `token` input. */
export function tokenCredentials(token: string): Credentials {
  const credentials: Credentials = { kind: "token", token: token.trim() };
  authorizationHeader(credentials);
  return credentials;
}

/** An API key written as Outpost shows it, `<name>$<secret>` (e.g. `my-key$sk_live_...`). */
export function apiKeyCredentials(key: string): Credentials {
  const trimmed = key.trim();
  const separator = trimmed.indexOf("$");
  if (separator <= 0 || separator === trimmed.length - 1) {
    throw new OutpostCredentialsError(
      "An Outpost API key must be written `<key-name>$<secret>`, e.g. `my-key$sk_live_...`.",
    );
  }
  const credentials: Credentials = {
    kind: "api-key",
    name: trimmed.slice(0, separator),
    secret: trimmed.slice(separator + 1),
  };
  authorizationHeader(credentials);
  return credentials;
}

/** A whole `Authorization` value, `Bearer <token>` or `API-Key <name>$<secret>`. */
export function parseAuthorization(value: string): Credentials {
  const trimmed = value.trim();
  const space = trimmed.indexOf(" ");
  const scheme = space < 0 ? "" : trimmed.slice(0, space).toLowerCase();
  const rest = trimmed.slice(space + 1);
  if (scheme === "bearer") return tokenCredentials(rest);
  if (scheme === "api-key") return apiKeyCredentials(rest);
  throw new OutpostCredentialsError(
    "An Outpost Authorization value must start with `Bearer ` or `API-Key `.",
  );
}
