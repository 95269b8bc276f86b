import { secretMask } from "./interpolate.ts";

/**
 * Every value that came from `${{ secrets.* }}` or `${{ env.* }}`, so that each output can mask it.
 *
 * Two kinds of masking:
 * - `mask(field)` for values of the desired state: a field known to hold a secret is shown as it
 *   was rendered with `***` in place of each secret, whatever the secret's length.
 * - `redact(text)` for free text (logs, API messages): every value of at least
 *   `minRedactLength` characters is replaced, longest first. Shorter values are left alone,
 *   because replacing every `1` or `on` would ruin the text while hiding nothing worth hiding;
 *   `values()` still lists them, so that the GitHub Action can register all with `setSecret`.
 */
export class SecretValues {
  static readonly minRedactLength = 4;

  readonly #values = new Set<string>();
  readonly #maskedFields = new Map<string, string>();
  /** Built on first use; null when no value is long enough to redact. */
  #pattern: RegExp | null | undefined;

  /** Records a field value rendered from a template, and the secrets that went into it. */
  addField(value: string, masked: string, secrets: readonly string[]): void {
    if (secrets.length === 0) return;
    this.#maskedFields.set(value, masked);
    for (const secret of secrets) {
      if (secret === "") continue;
      this.#values.add(secret);
      // Multi-line secrets (keys, certificates) also show up one line at a time in logs.
      for (const line of secret.split(/\r?\n/)) if (line.trim() !== "") this.#values.add(line);
    }
    this.#pattern = undefined;
  }

  /** Every secret value, for `core.setSecret`. */
  values(): readonly string[] {
    return [...this.#values];
  }

  get size(): number {
    return this.#values.size;
  }

  /** Replaces every occurrence of a secret value of `minRedactLength` characters or more with `***`. */
  redact(text: string): string {
    this.#pattern ??= this.#buildPattern();
    return this.#pattern === null ? text : text.replace(this.#pattern, secretMask);
  }

  /** A value of the desired state as it may be shown: its masked rendering when it holds a secret. */
  mask(value: string): string {
    return this.#maskedFields.get(value) ?? this.redact(value);
  }

  /** Never the values themselves, should the object end up in `JSON.stringify`. */
  toJSON(): string {
    return `[${this.#values.size} secret values]`;
  }

  #buildPattern(): RegExp | null {
    const long = [...this.#values]
      .filter((value) => value.length >= SecretValues.minRedactLength)
      .sort((a, b) => b.length - a.length)
      .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return long.length === 0 ? null : new RegExp(long.join("|"), "g");
  }
}

/**
 * A redaction of credentials and secret values known outside the config (a token, an input, a
 * secrets file), after the config's own (`secrets.redact`) when there is one. Values shorter than
 * `minRedactLength` are left alone, as `redact` leaves them: replacing every `1` would ruin the
 * text and hide nothing.
 */
export function redactor(
  sensitive: readonly string[],
  secrets?: SecretValues,
): (text: string) => string {
  const values = [...new Set(sensitive)]
    .filter((value) => value.length >= SecretValues.minRedactLength)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = secrets === undefined ? text : secrets.redact(text);
    for (const value of values) result = result.replaceAll(value, secretMask);
    return result;
  };
}
