import {
  CST,
  Lexer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type Node,
  type YAMLError,
} from "yaml";
import { formatByteSize } from "../files/byte-size.ts";
import { byteText, decodeUtf8 } from "../files/utf8.ts";
import { scalarText } from "./expectations.ts";
import { SourceLocator } from "./positions.ts";
import { Reporter } from "./problems.ts";

/** Bounds that keep a hostile or accidental file from exhausting memory, stack or time. */
export const parseLimits = {
  /** Largest accepted file, in bytes. A real outpost.yaml is a few kilobytes. */
  maxBytes: 1024 * 1024,
  /** Deepest nesting of mappings and lists; outpost.yaml needs five levels. */
  maxDepth: 32,
  /** Most alias expansions (`*name`) in one file; stops "billion laughs" documents. */
  maxAliasCount: 100,
} as const;

export type ParsedConfig =
  | { readonly ok: true; readonly report: Reporter; readonly data: unknown }
  | { readonly ok: false; readonly report: Reporter };

/**
 * Parses outpost.yaml text into plain data, keeping the syntax tree for positions. Reports syntax
 * errors, duplicate keys, unsupported tags and exceeded limits; `ok` is false when no usable data
 * could be produced.
 */
export function parseConfig(file: string, text: string): ParsedConfig {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > parseLimits.maxBytes) {
    const report = new Reporter(file, new SourceLocator(""));
    reportTooLarge(report, bytes);
    return { ok: false, report };
  }

  const tooDeep = flowNestingOverflow(text);
  if (tooDeep !== undefined) {
    const report = new Reporter(file, new SourceLocator(text));
    report.error(nestingProblem({ offset: tooDeep, length: 1 }));
    return { ok: false, report };
  }

  const parsed = parseAllDocuments(text, {
    prettyErrors: false,
    uniqueKeys: false,
    merge: false,
    strict: true,
    version: "1.2",
  });
  const documents = Array.isArray(parsed) ? parsed : [];
  const document = documents[0];
  const report = new Reporter(file, new SourceLocator(text, document));

  if (document === undefined || document.contents === null) {
    report.error({
      code: "empty-file",
      at: { offset: 0, length: 0 },
      message: "the file has no content; expected a mapping with `version: 1` and `namespace`",
      expected: "a mapping",
    });
    return { ok: false, report };
  }
  const second = documents[1];
  if (second !== undefined) {
    const start = second.range[0];
    report.error({
      code: "multiple-documents",
      at: { offset: start, length: 3 },
      message: `the file holds ${documents.length} YAML documents (separated by \`---\`); outpost.yaml must hold exactly one`,
      expected: "one YAML document",
    });
  }

  for (const error of document.errors) report.error(syntaxProblem(error, text));
  for (const warning of document.warnings) report.error(syntaxProblem(warning, text));
  const structureOk = checkStructure(document, report);
  if (document.errors.length > 0 || second !== undefined || !structureOk)
    return { ok: false, report };

  try {
    const data: unknown = document.toJS({ maxAliasCount: parseLimits.maxAliasCount });
    return { ok: true, report, data };
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    report.error({
      code: "too-many-aliases",
      at: firstAlias(document),
      message: `aliases expand to too many values (more than ${parseLimits.maxAliasCount}); write the values out or use \`defaults:\``,
      expected: `at most ${parseLimits.maxAliasCount} alias expansions`,
    });
    return { ok: false, report };
  }
}

export type DecodedConfig =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly report: Reporter };

/**
 * The text of a config file's bytes: at most `parseLimits.maxBytes` of them, valid UTF-8. A bad
 * byte is an error at its line and column, never replaced by U+FFFD and sent on.
 */
export function decodeConfigBytes(file: string, bytes: Uint8Array): DecodedConfig {
  if (bytes.length > parseLimits.maxBytes) {
    const report = new Reporter(file, new SourceLocator(""));
    reportTooLarge(report, bytes.length);
    return { ok: false, report };
  }
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return { ok: true, text: decoded.text };
  const report = new Reporter(file, new SourceLocator(decoded.valid));
  report.error({
    code: "invalid-utf8",
    at: { offset: decoded.valid.length, length: 0 },
    message: `the file is not valid UTF-8: byte ${byteText(decoded.byte)} here is not part of a character; save the file as UTF-8`,
    expected: "UTF-8 text",
  });
  return { ok: false, report };
}

/** Reports a file of `bytes` bytes (more than the limit, when unknown) as too large to read. */
export function reportTooLarge(report: Reporter, bytes?: number): void {
  const limit = formatByteSize(parseLimits.maxBytes);
  report.error({
    code: "file-too-large",
    at: { offset: 0, length: 0 },
    message:
      bytes === undefined
        ? `the file is larger than ${limit}; the limit is ${limit}`
        : `the file is ${formatByteSize(bytes)}; the limit is ${limit}`,
    expected: `at most ${parseLimits.maxBytes} bytes`,
  });
}

/** The offset of the first flow collection (`[`, `{`) nested deeper than the limit, if any. */
function flowNestingOverflow(text: string): number | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    if (type === "flow-seq-start" || type === "flow-map-start") {
      depth += 1;
      if (depth > parseLimits.maxDepth) return offset;
    } else if (type === "flow-seq-end" || type === "flow-map-end") {
      depth -= 1;
    }
    // The lexer also emits markers that are not in the source (document start, scalar start).
    if (token !== CST.DOCUMENT && token !== CST.SCALAR && token !== CST.FLOW_END) {
      offset += token.length;
    }
  }
  return undefined;
}

function nestingProblem(at: { offset: number; length: number }) {
  return {
    code: "too-deep",
    at,
    message: `values are nested more than ${parseLimits.maxDepth} levels deep`,
    expected: `at most ${parseLimits.maxDepth} levels of nesting`,
  } as const;
}

/** Reports duplicate keys, non-string keys and excessive block nesting; false when the tree is unusable. */
function checkStructure(document: Document.Parsed, report: Reporter): boolean {
  let usable = true;
  const pending: { node: Node; depth: number }[] = [];
  const start = document.contents;
  if (start !== null) pending.push({ node: start, depth: 1 });
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { node, depth } = next;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > parseLimits.maxDepth) {
      const offset = node.range?.[0] ?? 0;
      report.error(nestingProblem({ offset, length: 1 }));
      return false;
    }
    if (isSeq(node)) {
      for (const item of node.items)
        if (isNodeValue(item)) pending.push({ node: item, depth: depth + 1 });
      continue;
    }
    const firstLines = new Map<string, number>();
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value === "object") {
        const offset = isNodeValue(key) ? (key.range?.[0] ?? 0) : 0;
        report.error({
          code: "yaml-syntax",
          at: { offset, length: 1 },
          message: "keys must be plain strings, not lists or mappings",
          expected: "a string key",
        });
        usable = false;
        continue;
      }
      const name = scalarText(key.value);
      const range = key.range ?? [0, 0, 0];
      const line = report.locator.position([], { offset: range[0], length: 0 }).line;
      const firstLine = firstLines.get(name);
      if (firstLine === undefined) {
        firstLines.set(name, line);
      } else {
        report.error({
          code: "duplicate-key",
          at: { offset: range[0], length: range[1] - range[0] },
          message: `duplicate key \`${name}\` (first set on line ${firstLine}); a mapping holds each key once, so remove or merge one of them`,
          expected: "each key once",
        });
      }
      if (isNodeValue(pair.value)) pending.push({ node: pair.value, depth: depth + 1 });
    }
  }
  return usable;
}

function isNodeValue(value: unknown): value is Node {
  return isAlias(value) || isScalar(value) || isMap(value) || isSeq(value);
}

function firstAlias(document: Document.Parsed): { offset: number; length: number } {
  let first: readonly [number, number] | undefined;
  const pending: unknown[] = [document.contents];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (isAlias(node) && node.range) {
      if (first === undefined || node.range[0] < first[0]) first = [node.range[0], node.range[1]];
    } else if (isSeq(node)) {
      pending.push(...node.items);
    } else if (isMap(node)) {
      for (const pair of node.items) pending.push(pair.value);
    }
  }
  return first === undefined
    ? { offset: 0, length: 0 }
    : { offset: first[0], length: first[1] - first[0] };
}

function syntaxProblem(error: YAMLError, text: string) {
  const [start, end] = error.pos;
  const tag = error.code === "TAG_RESOLVE_FAILED";
  return {
    code: tag ? "yaml-tag" : "yaml-syntax",
    at: { offset: start, length: end - start },
    message: tag
      ? `unsupported YAML tag \`${text.slice(start, end)}\`: outpost.yaml takes plain values; remove the tag`
      : `invalid YAML: ${lowerFirst(error.message)}`,
  } as const;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
