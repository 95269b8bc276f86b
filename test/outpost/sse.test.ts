import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { SseParser, type SseEvent } from "../../src/outpost/sse.ts";

function parse(chunks: readonly string[]): { events: SseEvent[]; parser: SseParser } {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.feed(chunk));
  return { events, parser };
}

const ev = (type: string, data: string, id?: string): SseEvent => ({ type, data, id });

const cases: { name: string; chunks: string[]; events: SseEvent[] }[] = [
  {
    name: "a named event with data and id",
    chunks: ['event: log\nid: 2026-03-18T12:00:00Z\ndata: {"a":1}\n\n'],
    events: [ev("log", '{"a":1}', "2026-03-18T12:00:00Z")],
  },
  {
    name: "an unnamed event is a message",
    chunks: ["data: hello\n\n"],
    events: [ev("message", "hello")],
  },
  {
    name: "several data lines join with a newline",
    chunks: ["data: one\ndata: two\ndata: three\n\n"],
    events: [ev("message", "one\ntwo\nthree")],
  },
  {
    name: "CRLF line ends",
    chunks: ["event: log\r\ndata: x\r\n\r\n"],
    events: [ev("log", "x")],
  },
  {
    name: "CR-only line ends",
    chunks: ["event: log\rdata: x\r\r"],
    events: [ev("log", "x")],
  },
  {
    name: "a CRLF cut between two chunks is one line end, not two",
    chunks: ["data: a\r", "\ndata: b\r\n\r\n"],
    events: [ev("message", "a\nb")],
  },
  {
    name: "an event cut anywhere across chunks",
    chunks: ["ev", "ent: lo", "g\nda", 'ta: {"m":', '"x"}\n', "\n"],
    events: [ev("log", '{"m":"x"}')],
  },
  {
    name: "comments (heartbeats) are ignored",
    chunks: [": keep-alive\n\n: another\ndata: x\n\n"],
    events: [ev("message", "x")],
  },
  {
    name: "only one space after the colon is removed; none is needed",
    chunks: ["data:  two spaces\n\ndata:none\n\n"],
    events: [ev("message", " two spaces"), ev("message", "none")],
  },
  {
    name: "a field without a colon has an empty value",
    chunks: ["data\ndata\n\n"],
    events: [ev("message", "\n")],
  },
  {
    name: "an empty data line still makes an event",
    chunks: ["data:\n\n"],
    events: [ev("message", "")],
  },
  {
    name: "unknown fields are ignored",
    chunks: ["foo: bar\ndata: x\n\n"],
    events: [ev("message", "x")],
  },
  {
    name: "an event without data is not dispatched, and its type does not leak",
    chunks: ["event: end\n\ndata: x\n\n"],
    events: [ev("message", "x")],
  },
  {
    name: "the last id carries over to later events; an id with NUL is ignored",
    chunks: ["id: 1\ndata: a\n\ndata: b\n\nid: 2\0\ndata: c\n\nid: 3\ndata: d\n\n"],
    events: [
      ev("message", "a", "1"),
      ev("message", "b", "1"),
      ev("message", "c", "1"),
      ev("message", "d", "3"),
    ],
  },
  {
    name: "a byte order mark at the start is dropped",
    chunks: ["\uFEFFdata: x\n\n"],
    events: [ev("message", "x")],
  },
  {
    name: "an unfinished event at the end is not dispatched",
    chunks: ["data: done\n\ndata: half"],
    events: [ev("message", "done")],
  },
];

for (const c of cases) {
  test(`SSE: ${c.name}`, () => {
    assert.deepEqual(parse(c.chunks).events, c.events);
  });
}

test("SSE: retry sets the reconnection delay when it is all digits", () => {
  const { parser } = parse(["retry: 1500\n\nretry: soon\n\n"]);
  assert.equal(parser.retryMs, 1500);
});

test("SSE: cutting a stream into any chunks gives the same events", () => {
  const line = fc.oneof(
    fc.constantFrom("", ": ping", "event: log", "event: end", "id: 7", "retry: 10", "data"),
    fc.string({ unit: fc.constantFrom("a", " ", ":", "é", "{", "}") }).map((s) => `data: ${s}`),
  );
  const stream = fc
    .tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom("\n", "\r\n", "\r"))
    .map(([lines, end]) => lines.map((l) => l + end).join(""));
  fc.assert(
    fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (text, cuts) => {
      const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
      const chunks = [0, ...points, text.length]
        .slice(1)
        .map((end, i, all) => text.slice(i === 0 ? 0 : all[i - 1], end));
      assert.deepEqual(parse(chunks).events, parse([text]).events);
    }),
  );
});
