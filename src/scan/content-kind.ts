/*
 * Telling text from binary before scanning, the way git does: a NUL byte in the first 8000 bytes
 * means binary (images, archives, compiled files), which is skipped. Text with a UTF-16 byte order
 * mark is the exception (it is full of NULs): Windows tools write it, and a token in it is as
 * leaked as in UTF-8, so it is decoded and scanned. Everything else is read as UTF-8; bytes that
 * are not UTF-8 (Latin-1, say) become U+FFFD, one character each, and tokens (ASCII) still match.
 */

/** How many leading bytes decide (git's figure). */
export const SNIFF_BYTES = 8000;

/** What a file's first bytes say it is. */
export type ContentKind = "binary" | "utf-8" | "utf-16le" | "utf-16be";

/** Decides from the first bytes (up to SNIFF_BYTES) how to read a file, or that it is binary. */
export function contentKind(head: Uint8Array): ContentKind {
  // UTF-32's little-endian mark starts like UTF-16's; its NULs make it binary here.
  if (head[0] === 0xff && head[1] === 0xfe && !(head[2] === 0 && head[3] === 0)) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return head.subarray(0, SNIFF_BYTES).includes(0) ? "binary" : "utf-8";
}
