/** What running one command came to: whether it worked, and what to tell the person who asked. */
export interface CommandResult {
  readonly ok: boolean;
  /** Markdown for the reply; none when the reaction says it all. */
  readonly message?: string;
}

export function failed(message: string): CommandResult {
  return { ok: false, message };
}
