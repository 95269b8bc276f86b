import { outpostSchema, schemaUrl } from "../../src/config/schema.ts";
import { formatted, type Generator } from "./generator.ts";

/** The files editors should check against the schema: the loader's default name and its twin. */
export const schemaFileMatch = ["outpost.yaml", "outpost.yml"] as const;

/**
 * `docs/schemastore-catalog-entry.json`: the entry to add to SchemaStore's catalog
 * (src/api/json/catalog.json of SchemaStore/schemastore), so that editors with SchemaStore
 * support (VS Code's YAML extension, JetBrains IDEs, Neovim with schemastore.nvim) check
 * outpost.yaml with no modeline at all. Generated from the schema, so its URL is the `$id`.
 */
export const schemastoreEntry: Generator = {
  name: "schemastore-entry",
  async generate() {
    const entry = {
      name: "Outpost GitOps",
      description: outpostSchema.title ?? "",
      fileMatch: schemaFileMatch,
      url: schemaUrl,
    };
    return [
      await formatted("docs/schemastore-catalog-entry.json", `${JSON.stringify(entry, null, 2)}\n`),
    ];
  },
};
