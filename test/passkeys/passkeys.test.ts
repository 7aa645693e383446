/**
 * Passkeys over HTTP on every database, with a software authenticator (real keys, real CBOR):
 * the options a browser gets, registration behind the password and CSRF, single-use and
 * short-lived challenges, usernameless sign-in, another user's passkey, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPasskeyAssertion } from "../../src/passkeys/passkey-assertion.js";
import { relyingPartyOf } from "../../src/passkeys/relying-party.js";
import { createSessionService } from "../../src/sessions/session.service.js";
import { signedIn } from "../sessions/support.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";
import { SoftCredential } from "./soft-authenticator.js";

const PASSWORD = "correct horse battery staple";
const PUBLIC_URL = "http://localhost:8443";
const ORIGIN = "http://localhost:8443";
const PASSKEYS = "/_apis/patina/passkeys";

describe.each(testDatabases())("passkeys on $name", (database) => {
  let t: TestApp;
  let alice: { cookie: string; csrfToken: string };
  let bob: { cookie: string; csrfToken: string };
  let dora: { cookie: string; csrfToken: string };

  beforeAll(async () => {
    t = await startTestApp(database, { PATINA_PUBLIC_URL: PUBLIC_URL });
    for (const name of ["alice", "bob", "dora"]) await t.createUser(name, { password: PASSWORD });
    alice = await signedIn(t, "alice");
    bob = await signedIn(t, "bob");
    dora = await signedIn(t, "dora");
  });
  afterAll(async () => t?.close());

  const send = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    who?: { cookie: string; csrfToken: string },
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.server.inject({
      method,
      url,
      headers: { ...(who ? { cookie: who.cookie, "x-patina-csrf": who.csrfToken } : {}), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  async function registrationOptions(who: { cookie: string; csrfToken: string }) {
    const response = await send("POST", `${PASSKEYS}/registration-options`, who, { currentPassword: PASSWORD });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  /** Registers a new software credential for a signed-in user; returns it and its Patina id. */
  async function addPasskey(who: { cookie: string; csrfToken: string }, name = "Laptop") {
    const credential = new SoftCredential("localhost", ORIGIN);
    const response = await send("POST", PASSKEYS, who, {
      name,
      response: credential.register(await registrationOptions(who)),
    });
    expect(response.statusCode, response.body).toBe(201);
    return { credential, id: response.json().id as string };
  }

  async function signInOptions() {
    const response = await send("POST", "/_apis/patina/session/passkey/options");
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const signInWith = (assertion: unknown) =>
    send("POST", "/_apis/patina/session/passkey", undefined, { response: assertion });

  it("offers creation options for this relying party, with user verification required, only after the password", async () => {
    expect((await send("GET", "/_apis/patina/session/passkey")).json()).toEqual({ available: true });
    const wrong = await send("POST", `${PASSKEYS}/registration-options`, alice, { currentPassword: "not it" });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toBe("The current password is incorrect.");
    const options = await registrationOptions(alice);
    expect(options).toMatchObject({
      rp: { id: "localhost", name: "Patina" },
      user: { name: "alice", displayName: "alice" },
      attestation: "none",
      authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
      pubKeyCredParams: [
        { alg: -8, type: "public-key" },
        { alg: -7, type: "public-key" },
        { alg: -257, type: "public-key" },
      ],
    });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The challenge itself is not stored, only its hash.
    const rows = await t.app.services.store.db.selectFrom("webauthnChallenges").selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(options.challenge);
  });

  it("needs a session and its CSRF header to add a passkey", async () => {
    const noSession = await send("POST", `${PASSKEYS}/registration-options`, undefined, { currentPassword: PASSWORD });
    expect(noSession.statusCode).toBe(401);
    const noCsrf = await send(
      "POST",
      `${PASSKEYS}/registration-options`,
      undefined,
      { currentPassword: PASSWORD },
      { cookie: alice.cookie },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().typeKey).toBe("UnauthorizedRequestException");
  });

  it("registers a passkey once: its response replayed is refused, and the list shows it", async () => {
    const credential = new SoftCredential("localhost", ORIGIN);
    const body = { name: "  Work laptop ", response: credential.register(await registrationOptions(alice)) };
    const first = await send("POST", PASSKEYS, alice, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({
      id: expect.stringMatching(/^pk_/),
      name: "Work laptop",
      createdAt: t.clock.now().toISOString(),
      lastUsedAt: null,
      synced: false,
    });
    const replay = await send("POST", PASSKEYS, alice, body);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().message).toBe("This passkey request has expired or was already used. Start again.");
    const list = (await send("GET", PASSKEYS, alice)).json();
    expect(list).toMatchObject({ available: true, count: 1, value: [{ name: "Work laptop" }] });
    // Bob's challenge cannot serve Alice, nor hers him.
    const bobs = await registrationOptions(bob);
    const crossed = await send("POST", PASSKEYS, alice, {
      name: "x",
      response: new SoftCredential("localhost", ORIGIN).register(bobs),
    });
    expect(crossed.statusCode).toBe(400);
  });

  it("refuses a registration after its challenge expired, or from another origin", async () => {
    const options = await registrationOptions(alice);
    t.clock.advance(5 * 60 * 1000 + 1000);
    const late = await send("POST", PASSKEYS, alice, {
      name: "Late",
      response: new SoftCredential("localhost", ORIGIN).register(options),
    });
    expect(late.statusCode).toBe(400);
    const phished = await send("POST", PASSKEYS, alice, {
      name: "Phished",
      response: new SoftCredential("localhost", ORIGIN).register(
        await registrationOptions(alice),
        "https://evil.example",
      ),
    });
    expect(phished.statusCode).toBe(400);
    expect(phished.json().message).toBe("The passkey could not be verified. Start again.");
  });

  it("signs in with a passkey, usernameless: the ordinary session, audited with the method; a replay is refused", async () => {
    const { credential, id } = await addPasskey(bob, "Phone");
    const options = await signInOptions();
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.allowCredentials ?? []).toEqual([]);
    const assertion = credential.assert(options);
    const response = await signInWith(assertion);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().user.username).toBe("bob");
    const cookie = String(response.headers["set-cookie"]).split(";")[0] ?? "";
    const session = await t.app.server.inject({ method: "GET", url: "/_apis/patina/session", headers: { cookie } });
    expect(session.statusCode).toBe(200);
    const replay = await signInWith(assertion);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().message).toBe("This passkey could not be used to sign in.");
    const listed = (await send("GET", PASSKEYS, bob)).json().value.find((p: { id: string }) => p.id === id);
    expect(listed.lastUsedAt).toBe(t.clock.now().toISOString());
    const events = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select(["eventType", "details"])
      .where("actorName", "=", "bob")
      .execute();
    expect(events.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(["User.PasskeyAddEvent", "User.SignInEvent", "User.SignInFailedEvent"]),
    );
    expect(events.find((e) => e.eventType === "User.SignInEvent" && e.details.includes("passkey"))?.details).toBe(
      JSON.stringify({ method: "passkey", passkeyId: id }),
    );
    const everything = JSON.stringify(events) + t.logs.join("\n");
    expect(everything).not.toContain(credential.credentialId);
    expect(everything).not.toContain(options.challenge);
    expect(everything).not.toContain(assertion.response.signature);
  });

  it("refuses sign-in from another origin, for another RP ID, with a stale counter, or for a disabled user", async () => {
    const { credential } = await addPasskey(dora);
    expect(
      (await signInWith(credential.assert(await signInOptions(), { origin: "https://evil.example" }))).statusCode,
    ).toBe(401);
    expect((await signInWith(credential.assert(await signInOptions(), { rpId: "evil.example" }))).statusCode).toBe(401);
    expect((await signInWith(credential.assert(await signInOptions(), { userHandle: "b3RoZXI" }))).statusCode).toBe(
      401,
    );
    const stale = credential.assert(await signInOptions());
    expect((await signInWith(credential.assert(await signInOptions()))).statusCode).toBe(200);
    // A lower counter than the last one seen: a cloned authenticator.
    expect((await signInWith(stale)).statusCode).toBe(401);
    await t.app.services.store.db.updateTable("users").set({ isDisabled: 1 }).where("username", "=", "dora").execute();
    expect((await signInWith(credential.assert(await signInOptions()))).statusCode).toBe(401);
    await t.app.services.store.db.updateTable("users").set({ isDisabled: 0 }).where("username", "=", "dora").execute();
    expect((await signInWith(credential.assert(await signInOptions()))).statusCode).toBe(200);
  });

  it("refuses a sign-in whose challenge expired, or was handed out for a registration", async () => {
    const { credential } = await addPasskey(dora, "Expiring");
    const options = await signInOptions();
    t.clock.advance(5 * 60 * 1000 + 1000);
    expect((await signInWith(credential.assert(options))).statusCode).toBe(401);
    const registration = await registrationOptions(dora);
    expect((await signInWith(credential.assert(registration))).statusCode).toBe(401);
    expect((await signInWith(credential.assert(await signInOptions()))).statusCode).toBe(200);
  });

  it("renames and removes only one's own passkeys (another's id is 404), with CSRF; a removed passkey no longer signs in", async () => {
    const { credential, id } = await addPasskey(alice, "Key");
    expect((await send("DELETE", `${PASSKEYS}/${id}`, bob)).statusCode).toBe(404);
    expect((await send("PATCH", `${PASSKEYS}/${id}`, bob, { name: "Mine now" })).statusCode).toBe(404);
    expect((await send("DELETE", `${PASSKEYS}/pk_doesnotexist`, alice)).statusCode).toBe(404);
    const noCsrf = await send("DELETE", `${PASSKEYS}/${id}`, undefined, undefined, { cookie: alice.cookie });
    expect(noCsrf.statusCode).toBe(403);
    const renamed = await send("PATCH", `${PASSKEYS}/${id}`, alice, { name: "YubiKey" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe("YubiKey");
    expect((await send("PATCH", `${PASSKEYS}/${id}`, alice, { name: "   " })).statusCode).toBe(400);
    expect((await send("DELETE", `${PASSKEYS}/${id}`, alice)).statusCode).toBe(204);
    expect((await send("DELETE", `${PASSKEYS}/${id}`, alice)).statusCode).toBe(404);
    expect((await signInWith(credential.assert(await signInOptions()))).statusCode).toBe(401);
    const types = await t.app.services.store.db
      .selectFrom("auditEvents")
      .select("eventType")
      .where("actorName", "=", "alice")
      .execute();
    expect(types.map((e) => e.eventType)).toEqual(
      expect.arrayContaining(["User.PasskeyRenameEvent", "User.PasskeyRemoveEvent"]),
    );
  });

  it("verifies a given user's passkey as a second factor, and no one else's", async () => {
    const { credential } = await addPasskey(bob, "Second factor");
    const { db } = t.app.services.store;
    const assertion = createPasskeyAssertion({
      db,
      clock: t.clock,
      logger: t.app.services.logger,
      relyingParty: relyingPartyOf(PUBLIC_URL, "Patina"),
      sessions: createSessionService({ db, clock: t.clock }),
    });
    const bobId = (await db.selectFrom("users").select("id").where("username", "=", "bob").executeTakeFirstOrThrow())
      .id;
    const aliceId = (
      await db.selectFrom("users").select("id").where("username", "=", "alice").executeTakeFirstOrThrow()
    ).id;
    expect(await assertion.hasPasskeys(bobId)).toBe(true);
    const options = await assertion.optionsForUser(bobId);
    expect(options?.allowCredentials?.map((c) => c.id)).toContain(credential.credentialId);
    const answer = credential.assert(options ?? { challenge: "" });
    expect((await assertion.verifyForUser(aliceId, answer)).ok).toBe(false);
    expect((await assertion.verifyForUser(bobId, answer)).ok).toBe(true);
    expect((await assertion.verifyForUser(bobId, answer)).ok).toBe(false);
    // A usernameless sign-in challenge does not serve as a second factor's.
    expect((await assertion.verifyForUser(bobId, credential.assert(await signInOptions()))).ok).toBe(false);
  });

  it("answers bad input with a 4xx in the Azure DevOps error body, never a 500", async () => {
    const huge = "A".repeat(70_000);
    const bodies: unknown[] = [
      {},
      { response: null },
      { response: "x" },
      { response: { id: 1, rawId: [], type: "public-key", clientExtensionResults: {}, response: {} } },
      {
        response: {
          id: "a",
          rawId: "a",
          type: "public-key",
          clientExtensionResults: {},
          response: { clientDataJSON: "!!", authenticatorData: "a", signature: "a" },
        },
      },
      {
        response: {
          id: "a",
          rawId: "a",
          type: "public-key",
          clientExtensionResults: {},
          response: { clientDataJSON: "bm90IGpzb24", authenticatorData: "a", signature: "a" },
        },
      },
      { response: { id: huge, rawId: huge } },
    ];
    for (const body of bodies) {
      const response = await signInWith((body as { response?: unknown }).response);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json()).toMatchObject({ typeKey: expect.any(String), message: expect.any(String) });
      expect(response.body).not.toContain("AAAAAAAAAA");
    }
    const asText = await t.app.server.inject({
      method: "POST",
      url: "/_apis/patina/session/passkey",
      headers: { "content-type": "text/plain" },
      payload: "{}",
    });
    expect(asText.statusCode).toBe(415);
    for (const body of [{}, { name: 5, response: {} }, { name: "x".repeat(300), response: {} }]) {
      const response = await send("POST", PASSKEYS, alice, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().typeKey).toBe("InvalidArgumentValueException");
    }
    const garbage = await send("POST", PASSKEYS, alice, {
      name: "Garbage",
      response: {
        id: "YQ",
        rawId: "YQ",
        type: "public-key",
        clientExtensionResults: {},
        response: { clientDataJSON: "e30", attestationObject: "YQ" },
      },
    });
    expect(garbage.statusCode).toBe(400);
    expect((await send("PATCH", `${PASSKEYS}/x`, alice, { name: ["a"] })).statusCode).toBe(400);
    expect((await send("DELETE", `${PASSKEYS}/${"x".repeat(100)}`, alice)).statusCode).toBe(400);
  });
});

describe("passkeys without a domain name", () => {
  it("are unavailable when PATINA_PUBLIC_URL is an IP address, in words", async () => {
    const sqlite = testDatabases().find((d) => d.name === "sqlite");
    if (sqlite === undefined) throw new Error("no SQLite");
    const t = await startTestApp(sqlite, { PATINA_PUBLIC_URL: "http://127.0.0.1:8080" });
    try {
      await t.createUser("erin", { password: PASSWORD });
      const erin = await signedIn(t, "erin");
      const available = await t.app.server.inject({ method: "GET", url: "/_apis/patina/session/passkey" });
      expect(available.json()).toEqual({ available: false });
      const options = await t.app.server.inject({ method: "POST", url: "/_apis/patina/session/passkey/options" });
      expect(options.statusCode).toBe(404);
      expect(options.json().message).toMatch(/PATINA_PUBLIC_URL must name Patina by a domain name/);
      const list = await t.app.server.inject({ method: "GET", url: PASSKEYS, headers: { cookie: erin.cookie } });
      expect(list.json()).toEqual({ available: false, count: 0, value: [] });
    } finally {
      await t.close();
    }
  });
});
