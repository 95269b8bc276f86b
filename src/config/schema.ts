import schemaJson from "../../outpost.schema.json" with { type: "json" };
import type { ConfigPath } from "./config-path.ts";

/** The parts of JSON Schema that outpost.schema.json uses, for code that reads the schema itself. */
export interface JsonSchema {
  readonly $id?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
  readonly title?: string;
  readonly description?: string;
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema | boolean>>;
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly uniqueItems?: boolean;
  readonly dependentRequired?: Readonly<Record<string, readonly string[]>>;
  readonly oneOf?: readonly JsonSchema[];
  readonly if?: JsonSchema;
  readonly else?: JsonSchema;
}

/** outpost.schema.json, the single source of the file format. */
export const outpostSchema: JsonSchema = schemaJson;

/** Where the schema is published; the value of the `# yaml-language-server: $schema=` comment. */
export const schemaUrl: string = schemaJson.$id;

/** The sections of the file whose fields users set: one service, one job, `defaults`. */
export type FieldOwner = "service" | "job" | "defaults";

const definitionPrefix = "#/$defs/";

/** `schema` with the definition it references (`$ref`) merged under its own keywords. */
export function resolveSchema(schema: JsonSchema): JsonSchema {
  const reference = schema.$ref;
  if (reference === undefined || !reference.startsWith(definitionPrefix)) return schema;
  // `#/$defs/service`, or a pointer into a definition: `#/$defs/service/properties/gpu`.
  const [name = "", ...inside] = reference.slice(definitionPrefix.length).split("/");
  let target: unknown = outpostSchema.$defs?.[name];
  for (const segment of inside) {
    target =
      typeof target === "object" && target !== null
        ? (target as Record<string, unknown>)[segment]
        : undefined;
  }
  if (typeof target !== "object" || target === null) return schema;
  const { $ref: _reference, ...own } = schema;
  return { ...resolveSchema(target), ...own };
}

/** The schema of a service, a job or `defaults`, its reference resolved. */
export function ownerSchema(owner: FieldOwner): JsonSchema {
  const definition = outpostSchema.$defs?.[owner];
  if (definition === undefined) throw new Error(`outpost.schema.json has no $defs.${owner}`);
  return definition;
}

/** The field names of a service, a job or `defaults`, in schema order. */
export function fieldNames(owner: FieldOwner): string[] {
  return Object.keys(ownerSchema(owner).properties ?? {});
}

/** The schema of one field, its reference resolved; undefined for a field the owner lacks. */
export function fieldSchema(owner: FieldOwner, field: string): JsonSchema | undefined {
  const schema = ownerSchema(owner).properties?.[field];
  return typeof schema === "object" ? resolveSchema(schema) : undefined;
}

/** The schema that describes the value at `path` in a document, when there is one. */
export function schemaAtPath(path: ConfigPath): JsonSchema | undefined {
  let schema: JsonSchema | undefined = outpostSchema;
  for (const segment of path) {
    if (schema === undefined) return undefined;
    const current: JsonSchema = resolveSchema(schema);
    const property = current.properties?.[String(segment)];
    if (typeof property === "object") schema = property;
    else if (typeof current.additionalProperties === "object")
      schema = current.additionalProperties;
    else schema = current.items;
  }
  return schema === undefined ? undefined : resolveSchema(schema);
}
