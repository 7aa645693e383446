/**
 * A software WebAuthn authenticator for HTTP-level tests: a real P-256 key, real CBOR, real
 * signatures, exactly what a browser would forward, so the server's real verification runs.
 * (The browser tests use Chromium's own virtual authenticator instead.)
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();
const b64 = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

/** One credential of the authenticator. */
export class SoftCredential {
  readonly id = randomBytes(32);
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  counter = 0;
  /** The user handle the relying party gave at registration (base64url). */
  userHandle = "";

  constructor(
    readonly rpId: string,
    readonly origin: string,
    /** Whether the authenticator says it verified the user (PIN, biometrics). */
    readonly userVerified = true,
  ) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" }));
  }

  get credentialId(): string {
    return b64(this.id);
  }

  private flags(attested: boolean): number {
    return 0x01 | (this.userVerified ? 0x04 : 0) | (attested ? 0x40 : 0);
  }

  private authData(attested: boolean, rpId = this.rpId): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const head = Buffer.concat([sha256(rpId), Buffer.from([this.flags(attested)]), count]);
    if (!attested) return head;
    const jwk = this.publicKey.export({ format: "jwk" });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(this.id.length);
    return Buffer.concat([head, Buffer.alloc(16), length, this.id, Buffer.from(isoCBOR.encode(cose))]);
  }

  private clientData(type: string, challenge: string, origin: string): string {
    return JSON.stringify({ type, challenge, origin, crossOrigin: false });
  }

  /** What `startRegistration(options)` would return. */
  register(options: { challenge: string; user: { id: string } }, origin = this.origin) {
    this.userHandle = options.user.id;
    const attestation = new Map<string, unknown>([
      ["fmt", "none"],
      ["attStmt", new Map()],
      ["authData", new Uint8Array(this.authData(true))],
    ]);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64(this.clientData("webauthn.create", options.challenge, origin)),
        attestationObject: b64(isoCBOR.encode(attestation as Parameters<typeof isoCBOR.encode>[0])),
        transports: ["internal"],
      },
    };
  }

  /** What `startAuthentication(options)` would return; the counter goes up first. */
  assert(options: { challenge: string }, overrides: { origin?: string; rpId?: string; userHandle?: string } = {}) {
    this.counter++;
    const authData = this.authData(false, overrides.rpId);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, overrides.origin ?? this.origin);
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: "public-key" as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64(clientDataJSON),
        authenticatorData: b64(authData),
        signature: b64(signature),
        userHandle: overrides.userHandle ?? this.userHandle,
      },
    };
  }
}
