import { secretMask } from "./interpolate.ts";

/**
 * The forms a secret takes in transit, the value itself first: what an API, a log or a URL may
 * show when it quotes, escapes or encodes the value, so that masking any of them hides it.
 *
 * - JSON-escaped, as a JSON string holds it (`"` → `\"`, `\` → `\\`, line breaks → `\n`), with
 *   non-ASCII letters kept or escaped as `\u00e9` (what Python's `json.dumps` writes), and
 *   escaped twice (a JSON-escaped value inside JSON text, such as an API error's message in
 *   `--json` output);
 * - URL-encoded, as a path or query (`encodeURIComponent`) and as a form (`+` for a space);
 * - base64, standard and URL-safe, whole (padded or not) and at each of the three alignments
 *   it may have inside a longer base64 payload (`Basic` credentials, a JSON document encoded
 *   whole): the characters that depend on the value alone.
 * - each line of a multi-line value (keys, certificates): logs show them one at a time.
 *
 * The value and its lines are listed whatever their length; a derived form only when it has at
 * least `SecretValues.minRedactLength` characters.
 */
export function secretForms(value: string): string[] {
  const derived = new Set<string>();
  const json = jsonEscaped(value);
  derived.add(json);
  derived.add(asciiOnly(json));
  derived.add(jsonEscaped(json));
  derived.add(jsonEscaped(asciiOnly(json)));
  const uri = uriEncoded(value);
  if (uri !== undefined) derived.add(uri);
  derived.add(new URLSearchParams({ v: value }).toString().slice(2));
  const bytes = Buffer.from(value, "utf8");
  for (const base64 of [bytes.toString("base64"), ...base64Fragments(bytes)]) {
    derived.add(base64);
    derived.add(base64.replace(/=+$/, ""));
    derived.add(base64.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, ""));
  }
  const lines = value.split(/\r?\n/).filter((line) => line.trim() !== "");
  const forms = new Set([value, ...(lines.length > 1 ? lines : [])]);
  // A derived form too short to mean anything (a two-letter base64 fragment) would only mask
  // the same letters everywhere else.
  for (const form of derived) if (form.length >= SecretValues.minRedactLength) forms.add(form);
  forms.delete("");
  return [...forms];
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function asciiOnly(json: string): string {
  return json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Undefined for a value with a lone surrogate, which no URL can carry. */
function uriEncoded(value: string): string | undefined {
  try {
    return encodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The value's base64 inside a longer payload, where it starts 0, 1 or 2 bytes into a group of
 * three: the characters encoded from the value's bytes alone (those shared with the bytes
 * around it differ from payload to payload).
 */
function base64Fragments(bytes: Buffer): string[] {
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString("base64");
    // The first character, and the second after a one-byte shift or the third after two, hold
    // bits of the bytes before the value.
    const leading = shift === 0 ? 0 : shift + 1;
    const total = shift + bytes.length;
    // Four characters per whole group of three bytes; a partial group of n bytes decides n.
    const decided = Math.floor(total / 3) * 4 + (total % 3);
    return encoded.slice(leading, decided);
  });
}

/** One regular expression replacing every form of every value long enough, longest first. */
function redactionPattern(values: Iterable<string>): RegExp | null {
  const forms = new Set<string>();
  for (const value of values) {
    // A value too short to mask is shown as it is: masking its encodings would hide nothing.
    if (value.length < SecretValues.minRedactLength) continue;
    for (const form of secretForms(value)) {
      if (form.length >= SecretValues.minRedactLength) forms.add(form);
    }
  }
  const sorted = [...forms]
    .sort((a, b) => b.length - a.length)
    .map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return sorted.length === 0 ? null : new RegExp(sorted.join("|"), "g");
}

/**
 * Every value that came from `${{ secrets.* }}` or `${{ env.* }}`, so that each output can mask it.
 *
 * Two kinds of masking:
 * - `mask(field)` for values of the desired state: a field known to hold a secret is shown as it
 *   was rendered with `***` in place of each secret, whatever the secret's length.
 * - `redact(text)` for free text (logs, API messages): every form of every value (see
 *   `secretForms`) of at least `minRedactLength` characters is replaced, longest first. Shorter
 *   ones are left alone, because replacing every `1` or `on` would ruin the text while hiding
 *   nothing worth hiding; `values()` still lists them, so that the GitHub Action can register
 *   all with `setSecret`.
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

  /** Every secret value and each line of a multi-line one, for `core.setSecret` with their `secretForms`. */
  values(): readonly string[] {
    return [...this.#values];
  }

  get size(): number {
    return this.#values.size;
  }

  /** Replaces every form of a secret value of `minRedactLength` characters or more with `***`. */
  redact(text: string): string {
    this.#pattern ??= redactionPattern(this.#values);
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
}

/**
 * A redaction of credentials and secret values known outside the config (a token, an input, a
 * secrets file), after the config's own (`secrets.redact`) when there is one: every form of each
 * (`secretForms`) of at least `minRedactLength` characters, as `redact` masks them.
 */
export function redactor(
  sensitive: readonly string[],
  secrets?: SecretValues,
): (text: string) => string {
  const pattern = redactionPattern(new Set(sensitive));
  return (text) => {
    const result = secrets === undefined ? text : secrets.redact(text);
    return pattern === null ? result : result.replace(pattern, secretMask);
  };
}
