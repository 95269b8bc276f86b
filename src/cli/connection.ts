/** The Outpost connection of a command: API URL and credentials from options or the environment. */
import { apiKeyCredentials, tokenCredentials, type Credentials } from "../outpost/credentials.ts";
import { OutpostClient, type OutpostClientOptions } from "../outpost/client.ts";
import { OutpostError } from "../outpost/errors.ts";
import { checkTransport } from "../outpost/transport-security.ts";
import { UsageError } from "./cli-error.ts";
import type { CliIo } from "./command.ts";

export const defaultApiUrl = "https://outpost.run";

export interface ConnectionValues {
  readonly "api-url"?: string | undefined;
  readonly "allow-insecure-http"?: boolean | undefined;
  readonly token?: string | undefined;
  readonly "api-key"?: string | undefined;
}

export interface Connection {
  readonly baseUrl: string;
  readonly credentials: Credentials;
  /** The credential itself, so that every output can mask it. */
  readonly secret: string;
  /** What the command's surroundings add to the client's options (tests: waits that do not wait). */
  readonly clientOptions: Partial<OutpostClientOptions>;
}

export function readConnection(values: ConnectionValues, io: CliIo): Connection {
  const baseUrl = values["api-url"] ?? io.env["OUTPOST_API_URL"] ?? defaultApiUrl;
  try {
    new URL(baseUrl);
  } catch {
    throw new UsageError(`--api-url needs a URL such as https://outpost.run, got '${baseUrl}'`);
  }
  reportTransport(
    values,
    io,
    values["api-url"] === undefined && io.env["OUTPOST_API_URL"] !== undefined
      ? "OUTPOST_API_URL"
      : "--api-url",
    baseUrl,
    "the Outpost credential",
  );
  const token =
    values.token ?? (values["api-key"] === undefined ? io.env["OUTPOST_TOKEN"] : undefined);
  const apiKey = values["api-key"] ?? (token === undefined ? io.env["OUTPOST_API_KEY"] : undefined);
  if (token !== undefined && apiKey !== undefined) {
    throw new UsageError(
      "give either a token (--token, OUTPOST_TOKEN) or an API key (--api-key, OUTPOST_API_KEY), not both",
    );
  }
  const clientOptions = io.outpostClient ?? {};
  try {
    if (token !== undefined)
      return { baseUrl, credentials: tokenCredentials(token), secret: token, clientOptions };
    if (apiKey !== undefined)
      return { baseUrl, credentials: apiKeyCredentials(apiKey), secret: apiKey, clientOptions };
  } catch (error) {
    if (error instanceof OutpostError) throw new UsageError(error.message);
    throw error;
  }
  throw new UsageError(
    "no Outpost credentials: pass --token or --api-key, or set OUTPOST_TOKEN or OUTPOST_API_KEY",
  );
}

/**
 * Refuses an API URL that would carry a credential in clear text unless the command was given
 * `--allow-insecure-http` (transport-security.ts decides); warns when it was.
 */
export function reportTransport(
  values: Pick<ConnectionValues, "allow-insecure-http">,
  io: CliIo,
  name: string,
  url: string,
  credential: string,
): void {
  const verdict = checkTransport({
    name,
    url,
    credential,
    optIn: "--allow-insecure-http",
    insecureHttpAllowed: values["allow-insecure-http"] === true,
  });
  if (!verdict.allowed) throw new UsageError(verdict.problem);
  if (verdict.warning !== undefined) io.stderr.write(`warning: ${verdict.warning}\n`);
}

export function connect(
  connection: Connection,
  options: Partial<OutpostClientOptions> = {},
): OutpostClient {
  return new OutpostClient({
    ...connection.clientOptions,
    ...options,
    baseUrl: connection.baseUrl,
    credentials: connection.credentials,
    userAgentComment: "cli",
  });
}
