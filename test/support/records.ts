/** Records for tests of the plan: a digester with a fixed key, and records made with it. */
import {
  projectRecords,
  type AppliedRecord,
  type ProjectRecords,
} from "../../src/records/applied-record.ts";
import { Digester } from "../../src/records/digest.ts";
import { dedicatedRecordKey } from "../../src/records/record-key.ts";
import type { ProjectIdentity } from "../../src/records/identity.ts";

export const testIdentity: ProjectIdentity = {
  repository: "acme/app",
  config: "outpost.yaml",
  environment: "default",
};

/** A key as a user would set it: `records-key`. */
export const testKey = dedicatedRecordKey("k".repeat(32), "records-key");
export const otherKey = dedicatedRecordKey("o".repeat(32), "records-key");

/** Masks no value: the tests' specs hold no secret unless a test says so. */
export const testDigester = new Digester(testKey, (value) => value);

/** The records as a store's `read` gives them, from records in any order. */
export function readRecords(records: readonly AppliedRecord[], commit?: string): ProjectRecords {
  return projectRecords(
    [...records].sort((a, b) => b.appliedAt.localeCompare(a.appliedAt)),
    commit,
  );
}
