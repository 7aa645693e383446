import { StringDecoder } from "node:string_decoder";

/**
 * Reads the first line of a stream without its line ending (`--password-stdin`). Stops at the
 * first newline so `printf 'pw\n' | patina …` and an interactive line both work; the rest of
 * the stream is left unread.
 */
export async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  const decoder = new StringDecoder("utf8");
  let text = "";
  for await (const chunk of stream) {
    text += typeof chunk === "string" ? chunk : decoder.write(chunk);
    const end = text.indexOf("\n");
    if (end >= 0) return stripCarriageReturn(text.slice(0, end));
  }
  return stripCarriageReturn(text + decoder.end());
}

function stripCarriageReturn(line: string): string {
  return line.endsWith("\r") ? line.slice(0, -1) : line;
}
