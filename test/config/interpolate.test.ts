import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTemplate, renderTemplate } from "../../src/config/interpolate.ts";

/** Renders with secrets.A = "s3cr3t", env.B = "env-b"; anything else is missing. */
function render(text: string) {
  const template = parseTemplate(text);
  const rendered = renderTemplate(template, ({ context, name }) =>
    context === "secrets" && name === "A"
      ? { value: "s3cr3t", secret: true }
      : context === "git" && name === "sha"
        ? { value: "abc", secret: false }
        : undefined,
  );
  return {
    value: rendered.value,
    masked: rendered.masked,
    missing: rendered.missing.map((reference) => reference.source),
    errors: template.errors.map((error) => error.source),
  };
}

const cases: readonly [
  text: string,
  value: string,
  masked: string,
  missing?: string[],
  errors?: string[],
][] = [
  ["plain text", "plain text", "plain text"],
  ["${{ secrets.A }}", "s3cr3t", "***"],
  ["Bearer ${{secrets.A}}!", "Bearer s3cr3t!", "Bearer ***!"],
  ["${{ secrets.A }}${{ secrets.A }}", "s3cr3ts3cr3t", "******"],
  ["v-${{ git.sha }}", "v-abc", "v-abc"],
  ["$${{ secrets.A }}", "${{ secrets.A }}", "${{ secrets.A }}"],
  ["$$${{ secrets.A }}", "$${{ secrets.A }}", "$${{ secrets.A }}"],
  ["cost: $5 ${ HOME } {{x}}", "cost: $5 ${ HOME } {{x}}", "cost: $5 ${ HOME } {{x}}"],
  ["${{ env.UNSET }}-x", "-x", "-x", ["${{ env.UNSET }}"]],
  ["${{ secrets.A", "", "", [], ["${{ secrets.A"]],
  ["a ${{ secrets['A'] }} b", "a  b", "a  b", [], ["${{ secrets['A'] }}"]],
  ["${{ }}", "", "", [], ["${{ }}"]],
  ["${{ secrets.A.B }}", "", "", [], ["${{ secrets.A.B }}"]],
];

test("templates: references, escapes and malformed expressions", () => {
  for (const [text, value, masked, missing = [], errors = []] of cases) {
    assert.deepEqual(
      render(text),
      { value, masked, missing, errors },
      `for ${JSON.stringify(text)}`,
    );
  }
});
