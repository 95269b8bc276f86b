import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from "yaml";
import type { ConfigPath } from "./config-path.ts";
import { scalarText } from "./expectations.ts";

/** 1-based line and column of the start and the end of a piece of source. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * What a problem points at: the key of the path, its value, a piece of text inside the value
 * (a `${{ … }}` reference), or raw character offsets (YAML syntax errors).
 */
export type SourceTarget =
  | "key"
  | "value"
  | { readonly text: string }
  | { readonly offset: number; readonly length: number };

interface Found {
  readonly key: Node | undefined;
  readonly value: Node | undefined;
}

/** Maps document paths and character offsets back to lines and columns of the source text. */
export class SourceLocator {
  readonly #text: string;
  readonly #document: Document.Parsed | undefined;
  readonly #lineStarts: number[] = [0];

  constructor(text: string, document?: Document.Parsed) {
    this.#text = text;
    this.#document = document;
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
      this.#lineStarts.push(index + 1);
    }
  }

  /**
   * The position of `target` at `path`. A path that does not exist (a missing key) falls back to
   * the nearest part of it that does, so every problem has a place.
   */
  position(path: ConfigPath, target: SourceTarget): SourcePosition {
    if (typeof target === "object" && "offset" in target) {
      return this.#span(target.offset, target.offset + target.length);
    }
    const { key, value } = this.#find(path);
    const valueRange = nonEmptyRange(value);
    if (typeof target === "object" && valueRange !== undefined) {
      const index = this.#text.slice(valueRange[0], valueRange[1]).indexOf(target.text);
      if (index !== -1) {
        const start = valueRange[0] + index;
        return this.#span(start, start + target.text.length);
      }
    }
    const keyRange = nonEmptyRange(key);
    const range = target === "key" ? (keyRange ?? valueRange) : (valueRange ?? keyRange);
    return range === undefined ? this.#span(0, 0) : this.#span(range[0], range[1]);
  }

  #find(path: ConfigPath): Found {
    const document = this.#document;
    if (document === undefined) return { key: undefined, value: undefined };
    let key: Node | undefined;
    let value: Node | undefined = asNode(document.contents);
    for (const segment of path) {
      const container = isAlias(value) ? asNode(value.resolve(document)) : value;
      let next: Found | undefined;
      if (isMap(container)) {
        const pair = container.items.findLast(
          (item) => isScalar(item.key) && scalarText(item.key.value) === String(segment),
        );
        if (pair !== undefined) next = { key: asNode(pair.key), value: asNode(pair.value) };
      } else if (isSeq(container)) {
        const item = asNode(container.items[Number(segment)]);
        if (item !== undefined) next = { key: item, value: item };
      }
      if (next === undefined) break;
      ({ key, value } = next);
    }
    return { key, value };
  }

  #span(start: number, end: number): SourcePosition {
    const from = this.#linePosition(start);
    const to = this.#linePosition(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  #linePosition(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.#lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.#lineStarts[low] ?? 0) + 1 };
  }
}

function asNode(value: unknown): Node | undefined {
  return isAlias(value) || isScalar(value) || isMap(value) || isSeq(value) ? value : undefined;
}

/** The `[start, end)` of a node that has source text (an empty value such as `gpu:` has none). */
function nonEmptyRange(node: Node | undefined): readonly [number, number] | undefined {
  const range = node?.range;
  if (range === undefined || range === null || range[1] <= range[0]) return undefined;
  return [range[0], range[1]];
}
