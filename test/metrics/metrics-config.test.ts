/** PATINA_METRICS: token by default, and a bad value stops the process naming the variable. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";

describe("PATINA_METRICS", () => {
  it("is token unless set, and takes off, open and token", () => {
    expect(loadConfig({}).metrics).toBe("token");
    for (const mode of ["off", "open", "token"]) expect(loadConfig({ PATINA_METRICS: mode }).metrics).toBe(mode);
  });

  it("refuses anything else, naming the variable", () => {
    expect(() => loadConfig({ PATINA_METRICS: "on" })).toThrow(ConfigError);
    expect(() => loadConfig({ PATINA_METRICS: "on" })).toThrow(/PATINA_METRICS must be one of off, open, token/);
  });
});
