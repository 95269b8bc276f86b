/**
 * Whether an API URL may carry a credential: `https`, or plain `http` to this machine (a
 * loopback address: 127.0.0.0/8, ::1, `localhost`), where nothing crosses a network. Plain
 * `http` to anywhere else sends the credential in clear text; it is refused unless the user
 * opted in explicitly, and then allowed with a warning on every run. This one function decides
 * for the Outpost API and the GitHub API, in the CLI, the action and the bot; each front end only
 * reads its own opt-in setting and reports what this says.
 */

/** One URL setting of a front end, as its users know it. */
export interface UrlSetting {
  /** How users set it, e.g. `--api-url`, `` `api-url` ``, `GITHUB_API_URL`. */
  readonly name: string;
  readonly url: string;
  /** What would be sent to it, e.g. `the Outpost credential`, `the GitHub token`. */
  readonly credential: string;
  /** The opt-in to plain http, as users set it, e.g. `--allow-insecure-http`. */
  readonly optIn: string;
  /** Whether they did. */
  readonly insecureHttpAllowed: boolean;
}

export type TransportVerdict =
  | { readonly allowed: true; readonly warning?: string }
  | { readonly allowed: false; readonly problem: string };

/** Whether a URL's host is this machine: 127.0.0.0/8, ::1 (or IPv4-mapped 127/8), localhost. */
export function isLoopback(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (host === "localhost" || host === "::1") return true;
  const ipv4 = /^(\d{1,3})\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (ipv4) return ipv4[1] === "127";
  // The URL parser writes `[::ffff:127.0.0.1]` as `[::ffff:7f00:1]`.
  const mapped = /^::ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
  return mapped !== null && Number.parseInt(mapped[1] ?? "", 16) >> 8 === 127;
}

/** Whether `setting`'s URL may carry its credential, and what to tell the user if it may not. */
export function checkTransport(setting: UrlSetting): TransportVerdict {
  let url: URL;
  try {
    url = new URL(setting.url);
  } catch {
    return { allowed: false, problem: `${setting.name} is not a URL; give one such as https://…` };
  }
  // Only scheme, host and port: a URL may hold a user and password.
  const where = `${url.protocol}//${url.host}`;
  if (url.protocol === "https:") return { allowed: true };
  if (url.protocol !== "http:") {
    return { allowed: false, problem: `${setting.name} must be an https URL, not ${where}` };
  }
  if (isLoopback(url.hostname)) return { allowed: true };
  if (!setting.insecureHttpAllowed) {
    return {
      allowed: false,
      problem: `${setting.name} is ${where}: plain http would send ${setting.credential} in clear text; use https, or accept that with ${setting.optIn}`,
    };
  }
  return {
    allowed: true,
    warning: `${setting.name} is ${where}: plain http sends ${setting.credential} in clear text (allowed by ${setting.optIn})`,
  };
}
