/** Forward-auth rules: the parser's messages, glob semantics and first-match order (pure). */
import { describe, expect, it } from "vitest";
import { globMatches, parsePathGlob } from "../../src/forward-auth/path-glob.js";
import { normalizeRequestPath } from "../../src/forward-auth/request-path.js";
import { findRule, parseForwardAuthRules } from "../../src/forward-auth/rules.js";

const rule = (fields: Record<string, unknown>) => ({
  path: "/packages/**",
  methods: ["GET"],
  scope: "vso.packaging",
  org: "acme",
  ...fields,
});

function matches(glob: string, uri: string): boolean {
  const compiled = parsePathGlob(glob);
  const path = normalizeRequestPath(uri);
  if (!compiled.ok || !path.ok) throw new Error(`bad test input ${glob} ${uri}`);
  return globMatches(compiled.segments, path.segments);
}

describe("path globs", () => {
  it.each([
    ["/packages/**", "/packages", true],
    ["/packages/**", "/packages/", true],
    ["/packages/**", "/packages/a/b/c", true],
    ["/packages/**", "/packagesx", false],
    ["/packages/**", "/", false],
    ["/packages/*", "/packages/a", true],
    ["/packages/*", "/packages", false],
    ["/packages/*", "/packages/a/b", false],
    ["/packages/*/upload", "/packages/feed/upload", true],
    ["/packages/*/upload", "/packages/feed/x/upload", false],
    ["/**/upload", "/upload", true],
    ["/**/upload", "/a/b/upload", true],
    ["/**/upload", "/a/b/upload/x", false],
    ["/a/**/b/**/c", "/a/x/b/y/z/c", true],
    ["/a/**/b/**/c", "/a/c", false],
    ["/**", "/", true],
    ["/**", "/anything/at/all", true],
    ["/", "/", true],
    ["/", "/x", false],
    ["/Admin/**", "/aDMIN/X", true],
  ])("%s against %s: %s", (glob, uri, expected) => {
    expect(matches(glob, uri)).toBe(expected);
  });

  it("stays linear on a hostile path", () => {
    const glob = parsePathGlob("/**/a/**/a/**/a/**/a/**/b");
    if (!glob.ok) throw new Error(glob.message);
    const path = Array.from({ length: 2000 }, () => "a");
    const started = performance.now();
    expect(globMatches(glob.segments, path)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("rules file parsing", () => {
  it("accepts a valid document and normalizes it", () => {
    const parsed = parseForwardAuthRules([
      rule({}),
      rule({
        path: "/Upload/*",
        methods: ["PUT", "POST"],
        scope: "vso.packaging_write",
        org: "Acme",
        minRole: "contributor",
      }),
    ]);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.rules[1]).toMatchObject({ position: 2, path: "/Upload/*", org: "acme", minRole: "contributor" });
    expect([...(parsed.rules[1]?.methods ?? [])]).toEqual(["PUT", "POST"]);
    expect(Object.isFrozen(parsed.rules)).toBe(true);
  });

  it("accepts an empty list (everything is denied)", () => {
    expect(parseForwardAuthRules([])).toEqual({ ok: true, rules: [] });
  });

  it.each([
    [{ rules: [] }, "the file must hold a JSON array of rules"],
    [[rule({}), "x"], "entry 2: a rule is a JSON object"],
    [[rule({}), rule({ path: "/x/**", scope: "vso.nope" })], 'entry 2 ("/x/**"): unknown scope "vso.nope"'],
    [[rule({ scope: "app_token" })], 'entry 1 ("/packages/**"): "scope" must name one scope'],
    [[rule({ scope: 7 })], 'entry 1 ("/packages/**"): "scope" must be a string'],
    [[rule({ methods: ["get"] })], 'entry 1 ("/packages/**"): unknown method "get" (methods are upper case'],
    [[rule({ methods: ["BREW"] })], 'unknown method "BREW"'],
    [[rule({ methods: [] })], '"methods" must be a non-empty array'],
    [[rule({ methods: "GET" })], '"methods" must be a non-empty array'],
    [[rule({ minrole: "admin" })], 'entry 1 ("/packages/**"): unknown field "minrole"'],
    [[rule({ minRole: "owner" })], '"minRole" must be one of reader, contributor, admin'],
    [[rule({ org: undefined })], '"org" must be the name of the organization'],
    [[rule({ org: "no such/org" })], 'bad "org"'],
    [[rule({ path: 5 })], 'entry 1: "path" must be a string'],
    [[rule({ path: "packages/**" })], "bad path glob: a path starts with '/'"],
    [[rule({ path: "/packages/*.tgz" })], `bad path glob: segment "*.tgz": '*' must be a whole segment`],
    [[rule({ path: "/packages//x" })], 'bad path glob: segment "" is empty'],
    [[rule({ path: "/packages/" })], 'bad path glob: segment "" is empty'],
    [[rule({ path: "/packages/../admin" })], 'segment ".." is a dot segment'],
    [[rule({ path: "/a;b" })], 'segment "a;b" contains'],
    [[rule({ path: "/a?b" })], 'segment "a?b" contains'],
    [[rule({ path: "/admin." })], "ends with a dot or a space"],
  ])("rejects %j with a message naming the entry", (document, message) => {
    const parsed = parseForwardAuthRules(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe("rule order", () => {
  const parsed = parseForwardAuthRules([
    rule({ path: "/packages/*/upload", methods: ["PUT"], scope: "vso.packaging_write" }),
    rule({ path: "/packages/**", methods: ["GET", "HEAD"] }),
    rule({ path: "/**", methods: ["GET"], scope: "vso.profile" }),
  ]);
  if (!parsed.ok) throw new Error(parsed.message);
  const find = (method: string, uri: string) => {
    const path = normalizeRequestPath(uri);
    if (!path.ok) throw new Error(uri);
    return findRule(parsed.rules, method, path.segments)?.position;
  };

  it("takes the first rule whose methods and glob both match", () => {
    expect(find("PUT", "/packages/feed/upload")).toBe(1);
    expect(find("GET", "/packages/feed/upload")).toBe(2);
    expect(find("HEAD", "/packages/feed")).toBe(2);
    expect(find("GET", "/elsewhere")).toBe(3);
  });

  it("matches nothing when no rule has the method", () => {
    expect(find("DELETE", "/packages/feed")).toBeUndefined();
    expect(find("HEAD", "/elsewhere")).toBeUndefined();
  });
});
