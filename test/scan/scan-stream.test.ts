/**
 * Scanning byte streams: binary content (a NUL in the first 8000 bytes) is skipped, UTF-16 with a
 * byte order mark is decoded, and a token or a multibyte character split between two reads is
 * found whole at the right column.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { generateToken } from "../../src/domain/token-format.js";
import { scanStream } from "../../src/scan/scan-stream.js";

const PREFIX = "patina_";

function chunks(...parts: Uint8Array[]): Readable {
  return Readable.from(parts, { objectMode: true });
}

async function found(stream: Readable): Promise<unknown> {
  const scanned = await scanStream(stream, [PREFIX]);
  return scanned.kind === "binary" ? "binary" : scanned.matches.map((m) => [m.line, m.column, m.token]);
}

describe("scanning a stream", () => {
  it("skips content with a NUL byte in its first 8000 bytes, and scans one with a NUL after them", async () => {
    const token = generateToken(PREFIX);
    const early = Buffer.concat([Buffer.from("PNG\0header "), Buffer.from(token)]);
    expect(await found(chunks(early))).toBe("binary");
    const late = Buffer.concat([Buffer.from(`${token}\n`), Buffer.alloc(8000, "a"), Buffer.from([0])]);
    expect(await found(chunks(late))).toEqual([[1, 1, token]]);
  });

  it("decodes UTF-16 with a byte order mark, little and big endian", async () => {
    const token = generateToken(PREFIX);
    const text = `é\r\nkey: ${token}\r\n`;
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(await found(chunks(little))).toEqual([[2, 6, token]]);
    const big = Buffer.from(little);
    big.swap16();
    expect(await found(chunks(big))).toEqual([[2, 6, token]]);
  });

  it("finds a token and a multibyte character split between reads, past the sniffing window", async () => {
    const token = generateToken(PREFIX);
    const bytes = Buffer.concat([Buffer.alloc(9000, "a"), Buffer.from(`\n漢${token}\n`)]);
    // Split inside "漢" (3 bytes), then inside the token.
    const splits = [9002, 9004 + 20];
    const parts = [bytes.subarray(0, splits[0]), bytes.subarray(splits[0], splits[1]), bytes.subarray(splits[1])];
    expect(await found(chunks(...parts))).toEqual([[2, 2, token]]);
  });

  it("reads a UTF-8 byte order mark as no column", async () => {
    const token = generateToken(PREFIX);
    expect(await found(chunks(Buffer.from(`\uFEFF${token}`)))).toEqual([[1, 1, token]]);
  });
});
