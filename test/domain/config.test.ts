import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";

describe("configuration", () => {
  it("has working defaults", () => {
    const config = loadConfig({}, "/srv/patina");
    expect(config).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      dataDir: "/srv/patina/data",
      databaseUrl: undefined,
      publicUrl: "http://127.0.0.1:8080",
      tokenPrefix: "patina_",
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    ["PATINA_PORT", "eighty"],
    ["PATINA_PORT", "70000"],
    ["PATINA_DATABASE_URL", "mysql://x"],
    ["PATINA_DATABASE_URL", "not a url"],
    ["PATINA_PUBLIC_URL", "ftp://x"],
    ["PATINA_SECRET", "short"],
    ["PATINA_PREVIOUS_SECRET", "short"],
    ["PATINA_TOKEN_PREFIX", "Bad-Prefix"],
    ["PATINA_SMTP_URL", "http://mail"],
    ["PATINA_LOG_LEVEL", "loud"],
  ])("stops on a bad %s, naming it", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it("refuses a previous secret equal to the current one", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    expect(() => loadConfig({ PATINA_SECRET: secret, PATINA_PREVIOUS_SECRET: secret })).toThrow(
      "PATINA_PREVIOUS_SECRET must differ",
    );
    expect(loadConfig({ PATINA_PREVIOUS_SECRET: secret }).previousSecret).toBe(secret);
  });
});
