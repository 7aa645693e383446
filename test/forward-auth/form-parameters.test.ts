/** The introspection form body parser: only RFC 7662's parameters, bounded, repeats refused by the schema. */
import { describe, expect, it } from "vitest";
import { parseIntrospectionForm } from "../../src/forward-auth/form-parameters.js";

describe("introspection form body", () => {
  it("reads token and token_type_hint, decoded", () => {
    expect(parseIntrospectionForm("token=abc&token_type_hint=access_token")).toEqual({
      token: "abc",
      token_type_hint: "access_token",
    });
    expect(parseIntrospectionForm("token=a%2Bb+c%20d")).toEqual({ token: "a+b c d" });
    expect(parseIntrospectionForm("token=")).toEqual({ token: "" });
    expect(parseIntrospectionForm("token")).toEqual({ token: "" });
    expect(parseIntrospectionForm("token=%E0%A4%A")).toEqual({ token: "%E0%A4%A" });
  });

  it("ignores extension parameters, never making them keys", () => {
    const parsed = parseIntrospectionForm("__proto__=x&constructor=y&client_id=z&token=t");
    expect(parsed).toEqual({ token: "t" });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it("returns a repeated parameter as an array, for the schema to refuse", () => {
    expect(parseIntrospectionForm("token=a&token=b&token=c")).toEqual({ token: ["a", "b", "c"] });
  });

  it("looks at a bounded number of pairs", () => {
    const body = `${"x=1&".repeat(10_000)}token=late`;
    expect(parseIntrospectionForm(body)).toEqual({});
  });
});
