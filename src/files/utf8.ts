/**
 * Text from bytes that must be UTF-8. Never replaces a bad byte with U+FFFD: a config or a secret
 * whose bytes are not what the user wrote is an error, placed where editors place it (line and
 * column, in UTF-16 code units).
 */

export type DecodedText =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** The text before the first bad byte, decoded. */
      readonly valid: string;
      /** Offset of the first bad byte in the bytes. */
      readonly offset: number;
      readonly byte: number;
      /** 1-based. */
      readonly line: number;
      /** 1-based, in UTF-16 code units. */
      readonly column: number;
    };

const decoder = new TextDecoder("utf-8", { fatal: true });

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    const valid = decoder.decode(bytes.subarray(0, offset));
    const lineStart = valid.lastIndexOf("\n") + 1;
    return {
      ok: false,
      valid,
      offset,
      byte: bytes[offset] ?? 0,
      line: valid.split("\n").length,
      column: valid.length - lineStart + 1,
    };
  }
}

/** `0xE2`. */
export function byteText(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** `byte 0xE2 on line 6, column 26`. */
export function describeInvalidByte(decoded: Extract<DecodedText, { ok: false }>): string {
  return `byte ${byteText(decoded.byte)} on line ${decoded.line}, column ${decoded.column}`;
}

/**
 * Where the decoder gave up: the first byte that does not start a well-formed sequence (RFC
 * 3629: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence).
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
    if (lead < 0xc2 || lead > 0xf4) return index;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const [low, high] =
      lead === 0xe0
        ? [0xa0, 0xbf]
        : lead === 0xed
          ? [0x80, 0x9f]
          : lead === 0xf0
            ? [0x90, 0xbf]
            : lead === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf];
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return bytes.length;
}
