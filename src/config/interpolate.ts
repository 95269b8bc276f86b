/**
 * `${{ context.NAME }}` references in string values, GitHub Actions style. `$${{` writes a
 * literal `${{`. Parsing is separate from rendering so that validation can check references
 * without knowing their values.
 */

/** The contexts a reference may name, and the names each allows (`undefined`: any name). */
export const referenceContexts: Readonly<Record<string, readonly string[] | undefined>> = {
  secrets: undefined,
  env: undefined,
  git: ["sha", "short_sha", "ref"],
  job: ["name"],
};

export interface Reference {
  readonly context: string;
  readonly name: string;
  /** The reference as written, `${{ secrets.HF_TOKEN }}`, for pointing at it. */
  readonly source: string;
}

export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "reference"; readonly reference: Reference };

export interface TemplateError {
  readonly message: string;
  /** The text to point at. */
  readonly source: string;
}

export interface Template {
  readonly parts: readonly TemplatePart[];
  readonly errors: readonly TemplateError[];
}

const expression = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** Splits a string into literal text and references, reporting malformed `${{ … }}`. */
export function parseTemplate(text: string): Template {
  const parts: TemplatePart[] = [];
  const errors: TemplateError[] = [];
  let literal = "";
  let index = 0;
  while (index < text.length) {
    if (text.startsWith("$${{", index)) {
      literal += "${{";
      index += 4;
      continue;
    }
    if (!text.startsWith("${{", index)) {
      literal += text.charAt(index);
      index += 1;
      continue;
    }
    const close = text.indexOf("}}", index + 3);
    if (close === -1) {
      const source = text.slice(index);
      errors.push({
        message: `unterminated reference \`${truncate(source)}\`: close it with \`}}\` (write \`$\${{\` for a literal \`\${{\`)`,
        source,
      });
      break;
    }
    const source = text.slice(index, close + 2);
    const match = expression.exec(text.slice(index + 3, close).trim());
    if (match === null) {
      errors.push({
        message: `invalid reference \`${truncate(source)}\`: expected \`\${{ context.NAME }}\`, such as \`\${{ secrets.HF_TOKEN }}\``,
        source,
      });
    } else {
      if (literal !== "") parts.push({ kind: "text", text: literal });
      literal = "";
      parts.push({
        kind: "reference",
        reference: { context: match[1] ?? "", name: match[2] ?? "", source },
      });
    }
    index = close + 2;
  }
  if (literal !== "") parts.push({ kind: "text", text: literal });
  return { parts, errors };
}

/** The references of a template, in order. */
export function referencesOf(template: Template): Reference[] {
  return template.parts.flatMap((part) => (part.kind === "reference" ? [part.reference] : []));
}

/** A value to put in place of a reference; `secret` values are masked in every output. */
export interface Substitution {
  readonly value: string;
  readonly secret: boolean;
}

export interface Rendered {
  readonly value: string;
  /** `value` with every secret substitution replaced by `***`. */
  readonly masked: string;
  /** The secret values that went into `value`. */
  readonly secrets: readonly string[];
  /** References that `lookup` could not resolve (the value then has a gap). */
  readonly missing: readonly Reference[];
}

export const secretMask = "***";

/** Puts values in place of references. */
export function renderTemplate(
  template: Template,
  lookup: (reference: Reference) => Substitution | undefined,
): Rendered {
  let value = "";
  let masked = "";
  const secrets: string[] = [];
  const missing: Reference[] = [];
  for (const part of template.parts) {
    if (part.kind === "text") {
      value += part.text;
      masked += part.text;
      continue;
    }
    const substitution = lookup(part.reference);
    if (substitution === undefined) {
      missing.push(part.reference);
      continue;
    }
    value += substitution.value;
    masked += substitution.secret ? secretMask : substitution.value;
    if (substitution.secret) secrets.push(substitution.value);
  }
  return { value, masked, secrets, missing };
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The commit being deployed, for `git.*` references. */
export interface GitInfo {
  /** The full 40-character commit SHA. */
  readonly sha: string;
  /** The ref, as given by the front end (e.g. `refs/heads/main`). */
  readonly ref: string;
}

/** The value of `git.sha`, `git.short_sha` or `git.ref`. */
export function gitValue(git: GitInfo, name: string): string | undefined {
  if (name === "sha") return git.sha;
  if (name === "short_sha") return git.sha.slice(0, 7);
  if (name === "ref") return git.ref;
  return undefined;
}
