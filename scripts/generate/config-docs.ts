import { stringify } from "yaml";
import { describeExpected } from "../../src/config/expectations.ts";
import { referenceContexts } from "../../src/config/interpolate.ts";
import { parseLimits } from "../../src/config/parse.ts";
import { defaultRunName, runNameReferences } from "../../src/config/run-names.ts";
import {
  outpostSchema,
  ownerSchema,
  resolveSchema,
  schemaUrl,
  type FieldOwner,
  type JsonSchema,
} from "../../src/config/schema.ts";
import { SecretValues } from "../../src/config/secrets.ts";
import { formatted, type Generator } from "./generator.ts";
import { schemaFileMatch } from "./schemastore-entry.ts";

/** `docs/outpost-yaml.md`: the reference of every field, generated from outpost.schema.json. */
export const configDocs: Generator = {
  name: "config-docs",
  async generate() {
    return [await formatted("docs/outpost-yaml.md", renderReference())];
  },
};

const sections: readonly { owner: FieldOwner; heading: string; key: string }[] = [
  { owner: "defaults", heading: "`defaults`", key: "defaults" },
  { owner: "service", heading: "`services.<name>`", key: "services" },
  { owner: "job", heading: "`jobs.<name>`", key: "jobs" },
];

function renderReference(): string {
  const lines = [
    "# `outpost.yaml` reference",
    "",
    "<!-- Generated from outpost.schema.json by scripts/generate/config-docs.ts. Do not edit: change the schema and run `npm run generate`. -->",
    "",
    outpostSchema.description ?? "",
    "",
    "Put the file at the root of the repository. Check it with `outpost validate [file]` (see",
    "[cli.md](cli.md) to install it): it prints every problem as",
    "`file:line:column: error|warning: message` and contacts nobody.",
    "",
    ...renderEditors(),
    "## Top level",
    "",
    ...fieldTable(outpostSchema, Object.keys(outpostSchema.properties ?? {})),
    "",
    ...sections.flatMap(renderSection),
    ...renderEnvironments(),
    ...renderReferences(),
    ...renderLimits(),
  ];
  return `${lines.join("\n")}\n`;
}

/** How to get completion, hovers and checks in the editors people use. */
function renderEditors(): string[] {
  const files = schemaFileMatch.map((name) => `\`${name}\``).join(" and ");
  return [
    "## In your editor",
    "",
    `The schema, [outpost.schema.json](../outpost.schema.json), is published at \`${schemaUrl}\``,
    "(the `v1` tag: every 1.x release) and ships in the npm package",
    "(`node_modules/@outpost-gitops/outpost/outpost.schema.json`). Editors that run the YAML",
    "language server complete every key and value, show each field's documentation on hover, and",
    "underline mistakes as you type: an unknown key, a GPU type that does not exist, `repo` and",
    "`image` together. The first line of the file is all most need:",
    "",
    "```yaml",
    `# yaml-language-server: $schema=${schemaUrl}`,
    "```",
    "",
    "- **VS Code**: install Red Hat's YAML extension (`redhat.vscode-yaml`); the comment above does",
    "  the rest. Without the comment, map the schema in `.vscode/settings.json`:",
    "",
    "  ```json",
    `  { "yaml.schemas": { "${schemaUrl}": [${schemaFileMatch.map((name) => `"${name}"`).join(", ")}] } }`,
    "  ```",
    "",
    "- **JetBrains IDEs** (IntelliJ IDEA, PyCharm, GoLand, …): Settings → Languages & Frameworks →",
    "  Schemas and DTDs → JSON Schema Mappings: add the URL above as the schema and",
    `  ${files} as file patterns (JetBrains reads SchemaStore's catalog too, see below).`,
    "- **Neovim**: with `yamlls` from nvim-lspconfig the comment works; or set the mapping:",
    "",
    "  ```lua",
    "  require('lspconfig').yamlls.setup({",
    "    settings = { yaml = { schemas = {",
    `      ["${schemaUrl}"] = { ${schemaFileMatch.map((name) => `"${name}"`).join(", ")} },`,
    "    } } },",
    "  })",
    "  ```",
    "",
    "Offline, point the comment (or the mapping) at the copy in the npm package:",
    "`# yaml-language-server: $schema=./node_modules/@outpost-gitops/outpost/outpost.schema.json`.",
    "",
    `[schemastore-catalog-entry.json](schemastore-catalog-entry.json) is the entry for`,
    "[SchemaStore](https://www.schemastore.org)'s catalog (`src/api/json/catalog.json` of",
    `SchemaStore/schemastore), matching ${files}: once it is there, editors with SchemaStore`,
    "support need neither the comment nor a mapping.",
    "",
  ];
}

/** `environments.<name>`: its fields, what deploys it, and what its overrides may change. */
function renderEnvironments(): string[] {
  const definition = (name: string): JsonSchema => {
    const found = outpostSchema.$defs?.[name];
    if (found === undefined) throw new Error(`outpost.schema.json has no $defs.${name}`);
    return found;
  };
  const environment = definition("environment");
  const deploy = definition("deploy");
  const fieldsOf = (name: string) =>
    Object.keys(definition(name).properties ?? {})
      .map((key) => `\`${key}\``)
      .join(", ");
  return [
    "## `environments.<name>`",
    "",
    oneLine(environment.description),
    "",
    ...fieldTable(environment, Object.keys(environment.properties ?? {})),
    "",
    "### `deploy`",
    "",
    oneLine(deploy.description),
    "",
    ...fieldTable(deploy, Object.keys(deploy.properties ?? {})),
    "",
    "### Overrides",
    "",
    `\`services.<name>\`: ${oneLine(definition("serviceOverride").description)} Fields: ${fieldsOf("serviceOverride")}.`,
    "",
    `\`jobs.<name>\`: ${oneLine(definition("jobOverride").description)} Fields: ${fieldsOf("jobOverride")}.`,
    "",
    "An override may name only a service or job the file declares (a typo is an error, with a",
    "suggestion), and the merged result is checked like the file itself (for example",
    "`min_replicas` at most `max_replicas`). No two environments may be deployed by the same",
    "branch or tag pattern. Every plan and apply of a file with environments is of one of them:",
    "the CLI's `--environment`, the action's `environment` input or the event (docs/action.md).",
    "",
  ];
}

function fieldTable(owner: JsonSchema, keys: readonly string[]): string[] {
  const rows = keys.map((key) => {
    const schema = property(owner, key);
    const required = owner.required?.includes(key) === true ? "yes" : "no";
    const link = sections.find((section) => section.key === key);
    const description =
      link === undefined
        ? oneLine(schema.description)
        : `${oneLine(schema.description)} See ${link.heading}.`;
    return `| \`${key}\` | ${typeName(schema)} | ${required} | ${description} |`;
  });
  return ["| Key | Type | Required | Description |", "| --- | --- | --- | --- |", ...rows];
}

function renderSection({ owner, heading }: (typeof sections)[number]): string[] {
  const schema = ownerSchema(owner);
  const lines = [`## ${heading}`, "", oneLine(schema.description), ""];
  for (const key of Object.keys(schema.properties ?? {})) {
    lines.push(...renderField(owner, key, property(schema, key)), "");
  }
  return lines;
}

function renderField(owner: FieldOwner, key: string, schema: JsonSchema): string[] {
  const rows: [string, string][] = [
    ["Type", typeName(schema)],
    ["Required", requirement(owner, key)],
    ["Accepts", escapeCell(describeExpected(schema))],
  ];
  if (schema.default !== undefined) rows.push(["Default", `\`${inlineYaml(schema.default)}\``]);
  const example = schema.examples?.[0];
  const scalarExample = example === undefined || typeof example !== "object";
  if (example !== undefined && scalarExample)
    rows.push(["Example", `\`${key}: ${inlineYaml(example)}\``]);
  const lines = [
    `### \`${key}\``,
    "",
    oneLine(schema.description),
    "",
    "| | |",
    "| --- | --- |",
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
  ];
  if (!scalarExample) {
    lines.push("", "Example:", "", "```yaml", stringify({ [key]: example }).trimEnd(), "```");
  }
  return lines;
}

function requirement(owner: FieldOwner, key: string): string {
  if (ownerSchema(owner).required?.includes(key) === true) return "yes";
  if (
    owner !== "defaults" &&
    outpostSchema.$defs?.["gpuRequired"]?.required?.includes(key) === true
  ) {
    return "yes, unless `defaults.gpu` is set";
  }
  if (owner !== "defaults" && (key === "repo" || key === "image")) {
    return "exactly one of `repo` and `image`";
  }
  return "no";
}

/** What each reference context means; the names come from the loader itself. */
const contextMeanings: Readonly<Record<string, string>> = {
  secrets: "a secret given to the GitHub Action (`secrets: ${{ toJSON(secrets) }}`) or the CLI",
  env: "an environment variable of the process that applies the file",
  git: "the commit being deployed; `short_sha` is the first 7 characters of `sha`",
  job: "the job's key under `jobs:`; in jobs only",
};

function renderReferences(): string[] {
  const contexts = Object.entries(referenceContexts).map(([context, names]) => {
    const meaning = contextMeanings[context];
    if (meaning === undefined) throw new Error(`config-docs: describe the context \`${context}\``);
    const forms = (names ?? ["NAME"]).map((name) => `\`\${{ ${context}.${name} }}\``);
    return `- ${forms.join(", ")}: ${meaning}.`;
  });
  return [
    "## References: `${{ … }}`",
    "",
    "String values of services, jobs and `defaults` (`env` values above all, but also `image`,",
    "`command`, …) may reference values known only when the file is applied:",
    "",
    ...contexts,
    "",
    `Fields with a fixed set of values or a fixed format take literal values only: ${literalFields()}.`,
    "",
    "Write `$${{` for a literal `${{`. A reference to an unknown context is an error when the file",
    "is validated; a reference that is not set is an error when it is applied, never an empty string.",
    "",
    "Every value that comes from `secrets` or `env` is treated as a secret: masked (`***`) in plans,",
    "comments, logs and outputs. Free text (logs, API messages) is masked for values of",
    `${SecretValues.minRedactLength} characters or more; every value is also registered with the`,
    "GitHub Action's secret masking.",
    "",
    `\`run_name\` may use only ${runNameReferences.map((name) => `\`\${{ ${name} }}\``).join(", ")}; its default is`,
    `\`${defaultRunName}\`, and it must render to a name of letters, digits, \`-\` and \`_\`.`,
    "",
  ];
}

/** String fields whose schema fixes their values (an enum) or format (a pattern that a reference breaks). */
function literalFields(): string {
  const names = new Set<string>();
  for (const owner of ["service", "job"] as const) {
    for (const key of Object.keys(ownerSchema(owner).properties ?? {})) {
      const schema = property(ownerSchema(owner), key);
      const fixed =
        schema.enum !== undefined || (schema.pattern !== undefined && schema.pattern !== "^/");
      if (schema.type === "string" && fixed) names.add(`\`${key}\``);
    }
  }
  return [...names].join(", ");
}

function renderLimits(): string[] {
  return [
    "## Limits",
    "",
    `- A file of at most ${parseLimits.maxBytes / 1024 / 1024} MiB, holding one YAML document whose top level is a mapping.`,
    `- At most ${parseLimits.maxDepth} levels of nesting and ${parseLimits.maxAliasCount} alias (\`*name\`) expansions.`,
    "- Each key once per mapping; no YAML merge keys (`<<`) and no custom tags.",
    "",
  ];
}

function property(owner: JsonSchema, key: string): JsonSchema {
  const schema = owner.properties?.[key];
  if (typeof schema !== "object") throw new Error(`outpost.schema.json: no schema for ${key}`);
  return resolveSchema(schema);
}

function typeName(schema: JsonSchema): string {
  if (schema.const !== undefined) {
    if (typeof schema.const === "boolean") return `\`${String(schema.const)}\``;
    return typeof schema.const === "number" ? "integer" : "string";
  }
  if (schema.type === "object") return "mapping";
  if (schema.type === "array") return `list of ${schema.items?.type ?? "values"}s`;
  return schema.type ?? "any";
}

function inlineYaml(value: unknown): string {
  if (typeof value === "string") return stringify(value).trimEnd();
  return JSON.stringify(value);
}

function oneLine(text: string | undefined): string {
  return escapeCell((text ?? "").replace(/\s+/g, " ").trim());
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}
