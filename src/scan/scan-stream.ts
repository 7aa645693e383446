/**
 * Scans one byte stream (a file, standard input) for tokens: sniffs the first bytes, skips binary
 * content, decodes the rest piece by piece and feeds the pure scanner, so a file of any size is
 * read in bounded memory, and a multibyte character or a token split between two reads is whole.
 */
import { TextDecoder } from "node:util";
import { createTokenScanner, DEFAULT_MAX_PENDING_CHARS, type TokenMatch } from "../domain/token-scan.js";
import { contentKind, SNIFF_BYTES } from "./content-kind.js";

/** What scanning one stream found. */
export type StreamScan = { readonly kind: "binary" } | { readonly kind: "text"; readonly matches: TokenMatch[] };

const BINARY: StreamScan = { kind: "binary" };

/** Scans a stream of bytes for tokens with any of these prefixes. */
export async function scanStream(
  stream: AsyncIterable<Uint8Array | string>,
  prefixes: readonly string[],
  maxPendingChars: number = DEFAULT_MAX_PENDING_CHARS,
): Promise<StreamScan> {
  const scanner = createTokenScanner(prefixes, maxPendingChars);
  const matches: TokenMatch[] = [];
  const head: Uint8Array[] = [];
  let headLength = 0;
  let decoder: TextDecoder | undefined;
  for await (const chunk of stream) {
    let bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (decoder === undefined) {
      head.push(bytes);
      headLength += bytes.byteLength;
      if (headLength < SNIFF_BYTES) continue;
      bytes = Buffer.concat(head);
      decoder = decoderFor(bytes);
      // Returning leaves the loop, which closes the stream: no more of a binary file is read.
      if (decoder === undefined) return BINARY;
    }
    matches.push(...scanner.push(decoder.decode(bytes, { stream: true })));
  }
  if (decoder === undefined) {
    // A stream shorter than the sniffing window.
    const bytes = Buffer.concat(head);
    decoder = decoderFor(bytes);
    if (decoder === undefined) return BINARY;
    matches.push(...scanner.push(decoder.decode(bytes, { stream: true })));
  }
  matches.push(...scanner.push(decoder.decode()), ...scanner.end());
  return { kind: "text", matches };
}

function decoderFor(head: Uint8Array): TextDecoder | undefined {
  const kind = contentKind(head);
  return kind === "binary" ? undefined : new TextDecoder(kind);
}
