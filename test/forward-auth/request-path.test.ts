/** The one form a proxied path is matched in, and every ambiguous form refused (pure). */
import { describe, expect, it } from "vitest";
import { readOriginalRequest } from "../../src/forward-auth/original-request.js";
import { normalizeRequestPath } from "../../src/forward-auth/request-path.js";

describe("request path normalization", () => {
  it.each([
    ["/", []],
    ["/packages", ["packages"]],
    ["/packages/", ["packages"]],
    ["/Packages/Feed/x.tgz", ["packages", "feed", "x.tgz"]],
    ["/packages/x?version=1&path=../../admin", ["packages", "x"]],
    ["/packages/my%20file", ["packages", "my file"]],
    ["/%61dmin/x", ["admin", "x"]],
    ["/docs/caf%C3%A9", ["docs", "café"]],
    ["/a/.well-known/b", ["a", ".well-known", "b"]],
    ["/a/...x", ["a", "...x"]],
  ])("reads %s as %j", (uri, segments) => {
    expect(normalizeRequestPath(uri)).toMatchObject({ ok: true, segments });
  });

  it.each([
    ["/packages/../admin", "ambiguousSegment"],
    ["/packages/./x", "ambiguousSegment"],
    ["/packages/..", "ambiguousSegment"],
    ["/packages/%2e%2e/admin", "ambiguousSegment"],
    ["/packages/%2E%2e/admin", "ambiguousSegment"],
    ["/packages/.%2e/admin", "ambiguousSegment"],
    ["/packages%2Fadmin", "ambiguousSegment"],
    ["/packages%2fadmin", "ambiguousSegment"],
    ["/packages%5C..%5Cadmin", "ambiguousSegment"],
    ["/packages\\..\\admin", "invalidCharacter"],
    ["/admin;jsessionid=x/secrets", "invalidCharacter"],
    ["/admin%3Bx/secrets", "ambiguousSegment"],
    ["/packages/%252e%252e/admin", "ambiguousSegment"],
    ["/packages/a%3Fb", "ambiguousSegment"],
    ["/packages/a%00b", "ambiguousSegment"],
    ["/packages/a%E2%80%8Bb", "ambiguousSegment"], // zero-width space
    ["/admin./x", "ambiguousSegment"],
    ["/admin%20/x", "ambiguousSegment"],
    ["/%EF%BD%81dmin/x", "ambiguousSegment"], // fullwidth "a"
    ["/packages//x", "emptySegment"],
    ["//admin", "emptySegment"],
    ["/packages/x//", "emptySegment"],
    ["/packages/%zz", "badEncoding"],
    ["/packages/%4", "badEncoding"],
    ["/packages/%C0%AE%C0%AE/admin", "badEncoding"], // overlong UTF-8 dots
    ["/packages/%FF", "badEncoding"],
    ["http://evil.example/packages/x", "notOriginForm"],
    ["packages/x", "notOriginForm"],
    ["*", "notOriginForm"],
    ["/packages/a b", "invalidCharacter"],
    ["/packages/caf\u00e9", "invalidCharacter"],
    ["/packages/x#frag", "invalidCharacter"],
    ["", "invalidCharacter"],
    [`/${"a".repeat(9000)}`, "tooLong"],
  ])("refuses %s (%s)", (uri, reason) => {
    expect(normalizeRequestPath(uri)).toEqual({ ok: false, reason });
  });
});

describe("original request headers", () => {
  const raw = (...pairs: [string, string][]) => pairs.flat();

  it("reads nginx's and Traefik's headers, and both when they agree", () => {
    const expected = { ok: true, method: "GET", uri: "/packages/x" };
    expect(readOriginalRequest(raw(["X-Original-Method", "GET"], ["X-Original-URI", "/packages/x"]))).toEqual(expected);
    expect(readOriginalRequest(raw(["x-forwarded-method", "GET"], ["x-forwarded-uri", "/packages/x"]))).toEqual(
      expected,
    );
    expect(
      readOriginalRequest(
        raw(
          ["X-Original-Method", "GET"],
          ["X-Original-URI", "/packages/x"],
          ["X-Forwarded-Method", "GET"],
          ["X-Forwarded-Uri", "/packages/x"],
        ),
      ),
    ).toEqual(expected);
  });

  it.each([
    ["missing", raw(["X-Original-URI", "/x"])],
    ["missing", raw(["X-Original-Method", "GET"])],
    ["conflicting", raw(["X-Original-Method", "GET"], ["X-Original-URI", "/admin"], ["X-Forwarded-Uri", "/public"])],
    ["conflicting", raw(["X-Original-Method", "DELETE"], ["X-Forwarded-Method", "GET"], ["X-Original-URI", "/x"])],
    ["repeated", raw(["X-Original-Method", "GET"], ["X-Original-URI", "/x"], ["X-Original-URI", "/x"])],
    ["unknownMethod", raw(["X-Original-Method", "get"], ["X-Original-URI", "/x"])],
    ["unknownMethod", raw(["X-Original-Method", "BREW"], ["X-Original-URI", "/x"])],
  ])("refuses (%s) %j", (reason, headers) => {
    expect(readOriginalRequest(headers)).toEqual({ ok: false, reason });
  });
});
