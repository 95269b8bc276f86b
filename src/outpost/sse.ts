/**
 * An incremental parser of `text/event-stream` (the HTML standard's server-sent events): feed it
 * text as it arrives, in chunks cut anywhere, and it returns the events completed so far.
 */

export interface SseEvent {
  /** `event:`; `message` when the event named none. */
  readonly type: string;
  /** The `data:` lines, joined by `\n`. */
  readonly data: string;
  /** The last `id:` seen in the stream up to this event, if any. */
  readonly id: string | undefined;
}

export class SseParser {
  #buffer = "";
  #started = false;
  /** The previous chunk ended in `\r`: a `\n` opening the next one belongs to that line end. */
  #afterCarriageReturn = false;
  #type = "";
  #data: string[] = [];
  #dataChars = 0;
  #lastEventId: string | undefined;
  #retryMs: number | undefined;

  /** The reconnection delay the server asked for with `retry:`, if any. */
  get retryMs(): number | undefined {
    return this.#retryMs;
  }

  get lastEventId(): string | undefined {
    return this.#lastEventId;
  }

  /** Characters held for the event under way (its data and an unfinished line). */
  get pendingChars(): number {
    return this.#buffer.length + this.#dataChars;
  }

  /** Parses a chunk of decoded text; returns the events it completed. */
  feed(chunk: string): SseEvent[] {
    let text = chunk;
    if (!this.#started && text !== "") {
      this.#started = true;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
    }
    if (this.#afterCarriageReturn && text.startsWith("\n")) text = text.slice(1);
    if (text !== "") this.#afterCarriageReturn = false;
    this.#buffer += text;
    const events: SseEvent[] = [];
    for (;;) {
      const end = this.#buffer.search(/[\r\n]/);
      if (end < 0) break;
      const line = this.#buffer.slice(0, end);
      let next = end + 1;
      if (this.#buffer[end] === "\r") {
        if (end + 1 === this.#buffer.length) this.#afterCarriageReturn = true;
        else if (this.#buffer[end + 1] === "\n") next = end + 2;
      }
      this.#buffer = this.#buffer.slice(next);
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === "") return this.#dispatch();
    if (line.startsWith(":")) return undefined;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.#type = value;
        break;
      case "data":
        this.#data.push(value);
        this.#dataChars += value.length + 1;
        break;
      case "id":
        if (!value.includes("\0")) this.#lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.#retryMs = Number(value);
        break;
      default:
        break;
    }
    return undefined;
  }

  #dispatch(): SseEvent | undefined {
    const data = this.#data;
    const type = this.#type;
    this.#data = [];
    this.#dataChars = 0;
    this.#type = "";
    if (data.length === 0) return undefined;
    return { type: type === "" ? "message" : type, data: data.join("\n"), id: this.#lastEventId };
  }
}
