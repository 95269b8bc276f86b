/**
 * Where the bot's core reports: a narrow logger that Probot's (pino) fits, so handlers and the
 * poller do not depend on Probot. Fields never hold secrets; messages are redacted by callers.
 */
export interface BotLog {
  debug(fields: Readonly<Record<string, unknown>>, message: string): void;
  info(fields: Readonly<Record<string, unknown>>, message: string): void;
  warn(fields: Readonly<Record<string, unknown>>, message: string): void;
  error(fields: Readonly<Record<string, unknown>>, message: string): void;
}

export const silentLog: BotLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
