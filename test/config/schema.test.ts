import { suite, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { configDocs } from "../../scripts/generate/config-docs.ts";
import { configTypes } from "../../scripts/generate/config-types.ts";
import { jobDefaults, serviceDefaults } from "../../src/config/api-defaults.ts";
import { patternExpectations } from "../../src/config/expectations.ts";
import { defaultRunName } from "../../src/config/run-names.ts";
import {
  fieldNames,
  fieldSchema,
  outpostSchema,
  schemaAtPath,
  type FieldOwner,
} from "../../src/config/schema.ts";
import { createAjv } from "../../src/config/validate.ts";

const root = join(import.meta.dirname, "../..");

suite("outpost.schema.json", () => {
  test("compiles under ajv strict mode as JSON Schema 2020-12", () => {
    const ajv = createAjv();
    assert.equal(
      outpostSchema.$id,
      "https://raw.githubusercontent.com/outpost-run/outpost-gitops/v1/outpost.schema.json",
    );
    assert.ok(ajv.validateSchema(outpostSchema), JSON.stringify(ajv.errors));
    assert.doesNotThrow(() => ajv.compile(outpostSchema));
  });

  test("holds the enums and ranges of the API reference", () => {
    // Literal from services.txt and jobs.txt.
    const gpus = ["A100-40GB", "A100-80GB", "H100-80GB", "L4", "T4", "none"];
    const regions = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"];
    for (const owner of ["service", "job"] as const) {
      assert.deepEqual(fieldSchema(owner, "gpu")?.enum, gpus);
      assert.deepEqual(fieldSchema(owner, "region")?.enum, regions);
      assert.deepEqual(fieldSchema(owner, "gpu_count")?.enum, [1, 2, 4, 8]);
    }
    assert.deepEqual(fieldSchema("service", "cpu")?.enum, [2, 4, 8, 16, 32, 64]);
    assert.deepEqual(fieldSchema("job", "cpu")?.enum, [2, 4, 8, 16, 32, 64, 96]);
    const range = (owner: FieldOwner, field: string) => {
      const schema = fieldSchema(owner, field);
      return [schema?.minimum, schema?.maximum];
    };
    assert.deepEqual(range("service", "target_gpu_utilization"), [10, 95]);
    assert.deepEqual(range("job", "timeout_minutes"), [1, 10080]);
    assert.deepEqual(range("job", "retries"), [0, 5]);
  });

  test("every field has a description and an example, and a default where the API has one", () => {
    const owners: [FieldOwner | "root", string[]][] = [
      ["root", Object.keys(outpostSchema.properties ?? {})],
      ...(["defaults", "service", "job"] as const).map((owner): [FieldOwner, string[]] => [
        owner,
        fieldNames(owner),
      ]),
    ];
    for (const [owner, fields] of owners) {
      for (const field of fields) {
        const schema = owner === "root" ? schemaAtPath([field]) : fieldSchema(owner, field);
        assert.ok(schema?.description, `${owner}.${field} has no description`);
        assert.ok(schema.examples?.length, `${owner}.${field} has no example`);
      }
    }
  });

  test("the defaults the loader writes out are the schema's, for services and for jobs", () => {
    const schemaDefaults = (owner: "service" | "job") =>
      Object.fromEntries(
        fieldNames(owner)
          .filter((field) => !["env", "run_name", "paths"].includes(field))
          .flatMap((field) => {
            const value = fieldSchema(owner, field)?.default;
            return value === undefined ? [] : [[field, value]];
          }),
      );
    assert.deepEqual(schemaDefaults("service"), serviceDefaults);
    assert.deepEqual(schemaDefaults("job"), jobDefaults);
    assert.equal(fieldSchema("job", "run_name")?.default, defaultRunName);
  });

  test("every pattern has words for error messages and docs", () => {
    const patterns = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (typeof node === "object" && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          if (key === "pattern" && typeof value === "string") patterns.add(value);
          else visit(value);
        }
      }
    };
    visit(outpostSchema);
    assert.deepEqual([...patterns].sort(), Object.keys(patternExpectations).sort());
  });

  test("rejects the seed's own mistakes: repo and image together, neither, an unknown key", () => {
    const validate = createAjv().compile(outpostSchema);
    const service = { gpu: "L4" };
    const file = (services: object) => ({ version: 1, namespace: "acme", services });
    assert.equal(validate(file({ a: { ...service, image: "x" } })), true);
    assert.equal(validate(file({ a: { ...service, image: "x", repo: "a/b" } })), false);
    assert.equal(validate(file({ a: service })), false);
    assert.equal(validate(file({ a: { ...service, image: "x", gpus: "L4" } })), false);
  });
});

suite("generated files are up to date", () => {
  for (const generator of [configTypes, configDocs]) {
    test(generator.name, async () => {
      for (const file of await generator.generate()) {
        const current = await readFile(join(root, file.path), "utf8").catch(() => "");
        assert.ok(
          current === file.content,
          `${file.path} is stale: run \`npm run generate\` and commit the result`,
        );
      }
    });
  }
});
