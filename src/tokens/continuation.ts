/**
 * Opaque continuation tokens for paged lists. They carry the offset and the list options they
 * were issued for, signed with the server secret: a forged or edited token, or one replayed
 * with different options, is rejected (400) instead of silently paging something else.
 * During a server secret rotation a token signed with the previous secret is still read, so a
 * client paging across the restart carries on; new tokens are signed with the current secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface ContinuationCodec {
  encode(options: string, offset: number): string;
  /** The offset, or undefined when the token is forged, corrupt or for other options. */
  decode(options: string, token: string): number | undefined;
}

/** Creates a codec keyed by the server secret (and read with the previous one). `purpose` separates lists. */
export function createContinuationCodec(secret: Buffer, purpose: string, previous?: Buffer): ContinuationCodec {
  const signWith = (key: Buffer, payload: string) =>
    createHmac("sha256", key).update(`${purpose}\n${payload}`).digest("base64url").slice(0, 22);
  const sign = (payload: string) => signWith(secret, payload);
  const signedWith = (key: Buffer, payload: string, given: Buffer) => {
    const expected = Buffer.from(signWith(key, payload));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    encode(options, offset) {
      const payload = Buffer.from(JSON.stringify({ o: offset, q: options })).toString("base64url");
      return `${payload}.${sign(payload)}`;
    },
    decode(options, token) {
      const [payload, signature, extra] = token.split(".");
      if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
      const given = Buffer.from(signature);
      const genuine =
        signedWith(secret, payload, given) || (previous !== undefined && signedWith(previous, payload, given));
      if (!genuine) return undefined;
      const parsed: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      if (typeof parsed !== "object" || parsed === null) return undefined;
      const { o, q } = parsed as { o?: unknown; q?: unknown };
      if (q !== options || typeof o !== "number" || !Number.isInteger(o) || o < 0) return undefined;
      return o;
    },
  };
}
