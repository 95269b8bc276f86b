/**
 * GitHub App JSON web tokens (RS256): checked as GitHub checks them, against the public key of
 * the app's private key, so an app configured with the wrong key is refused. `signAppJwt` makes
 * one for tests that call app endpoints without Octokit's app auth.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

export type JwtCheck =
  { readonly ok: true; readonly issuer: string } | { readonly ok: false; readonly message: string };

/** How far GitHub tolerates clock drift between the app and itself, in seconds. */
const leewaySeconds = 60;

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
}

export function verifyAppJwt(
  token: string,
  publicKey: KeyObject | string,
  nowMs: number,
): JwtCheck {
  const undecodable = { ok: false, message: "A JSON web token could not be decoded" } as const;
  const [headerPart, claimsPart, signaturePart] = token.split(".");
  if (headerPart === undefined || claimsPart === undefined || signaturePart === undefined)
    return undecodable;
  const header = decodeJson(headerPart);
  const claims = decodeJson(claimsPart);
  if (!header || !claims || header["alg"] !== "RS256") return undecodable;
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const signed = verify(
    "RSA-SHA256",
    Buffer.from(`${headerPart}.${claimsPart}`),
    key,
    Buffer.from(signaturePart, "base64url"),
  );
  if (!signed) return undecodable;
  const now = Math.floor(nowMs / 1000);
  const { iat, exp, iss } = claims;
  if (typeof iat !== "number" || iat > now + leewaySeconds) {
    return {
      ok: false,
      message:
        "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.",
    };
  }
  if (typeof exp !== "number" || exp <= now - leewaySeconds) {
    return {
      ok: false,
      message:
        "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.",
    };
  }
  if (exp > now + 600 + leewaySeconds) {
    return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
  }
  if (typeof iss !== "number" && typeof iss !== "string") return undecodable;
  return { ok: true, issuer: String(iss) };
}

/** An app JWT as `universal-github-app-jwt` makes it: issued 30 s ago, valid 10 minutes. */
export function signAppJwt(
  appId: number | string,
  privateKey: KeyObject | string,
  nowMs: number = Date.now(),
): string {
  const iat = Math.floor(nowMs / 1000) - 30;
  const encode = (value: object): string =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  const body = `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ iat, exp: iat + 600, iss: appId })}`;
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  return `${body}.${sign("RSA-SHA256", Buffer.from(body), key).toString("base64url")}`;
}
