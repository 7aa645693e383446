/**
 * The served OpenAPI document describes every parameter, and an enumerated parameter lists all
 * of its values in words: none is left to a viewer that shows only a union's first branch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DownloadLogQuerySchema } from "../../src/audit/audit.schemas.js";
import { describeParameter } from "../../src/http/openapi-parameters.js";
import { enumValuesOf, type SchemaLike, valuesSentence } from "../../src/http/openapi-schema-values.js";
import { OrgTokensQuerySchema } from "../../src/tokenadmin/tokenadmin.schemas.js";
import { ListQuerySchema } from "../../src/tokens/token.schemas.js";
import { testDatabases } from "../support/databases.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

interface Parameter {
  name: string;
  in: string;
  description?: string;
  schema?: SchemaLike;
}
type Document = { paths: Record<string, Record<string, { parameters?: Parameter[] }>> };

/** Every operation parameter of the document, with where it is. */
function parametersOf(document: Document): { where: string; parameter: Parameter }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, operation]) =>
      (operation.parameters ?? []).map((parameter) => ({
        where: `${method.toUpperCase()} ${path} ${parameter.in}:${parameter.name}`,
        parameter,
      })),
    ),
  );
}

// The document does not depend on the database, so one (SQLite) is enough.
const sqlite = testDatabases().filter((database) => database.name === "sqlite");

describe.each(sqlite)("the OpenAPI document's parameters ($name)", (database) => {
  let t: TestApp;
  let parameters: { where: string; parameter: Parameter }[];
  beforeAll(async () => {
    t = await startTestApp(database);
    const response = await t.app.server.inject({ url: "/_apis/openapi.json" });
    expect(response.statusCode).toBe(200);
    parameters = parametersOf(response.json() as Document);
  });
  afterAll(async () => t?.close());

  it("has many parameters, each with a description", () => {
    expect(parameters.length).toBeGreaterThan(50);
    const undescribed = parameters.filter(({ parameter }) => !parameter.description?.trim()).map((p) => p.where);
    expect(undescribed, "parameters without a description (add them to src/http/parameter-descriptions.ts)").toEqual(
      [],
    );
  });

  it("lists every value of every enumerated parameter, one per union branch", () => {
    const enumerated = parameters.filter(({ parameter }) => enumValuesOf(parameter.schema) !== undefined);
    expect(enumerated.length).toBeGreaterThanOrEqual(4);
    for (const { where, parameter } of enumerated) {
      const values = enumValuesOf(parameter.schema) ?? [];
      const branches = parameter.schema?.anyOf ?? parameter.schema?.oneOf;
      if (branches !== undefined) expect(values, where).toHaveLength(branches.length);
      expect(parameter.description, where).toContain(valuesSentence(values));
    }
  });

  it("keeps the values the routes validate", () => {
    const valuesOf = (name: string) =>
      parameters
        .filter(({ parameter }) => parameter.name === name)
        .map(({ parameter }) => enumValuesOf(parameter.schema));
    const source = (schema: { properties: Record<string, unknown> }, name: string) =>
      enumValuesOf(schema.properties[name] as SchemaLike);
    expect(source(ListQuerySchema, "displayFilterOption")).toEqual(["active", "revoked", "expired", "all"]);
    expect(valuesOf("displayFilterOption")).toEqual([source(ListQuerySchema, "displayFilterOption")]);
    expect(valuesOf("sortByOption")).toEqual([source(ListQuerySchema, "sortByOption")]);
    expect(valuesOf("status")).toEqual([source(OrgTokensQuerySchema, "status")]);
    expect(new Set(valuesOf("format").map((values) => JSON.stringify(values)))).toEqual(
      new Set([JSON.stringify(source(DownloadLogQuerySchema, "format"))]),
    );
  });

  it("keeps a description written in a route schema and shares one wording per name", () => {
    const descriptions = (name: string) =>
      new Set(
        parameters.filter(({ parameter }) => parameter.name === name).map(({ parameter }) => parameter.description),
      );
    expect(descriptions("user")).toEqual(new Set(["Username, user id or subject descriptor"]));
    expect(descriptions("api-version").size).toBe(1);
    expect([...descriptions("api-version")][0]).toMatch(/7\.2/);
    expect(descriptions("org").size).toBe(1);
  });
});

describe("describeParameter", () => {
  it("gives nothing to an unknown, bare parameter, so the document test above finds it", () => {
    expect(describeParameter({ name: "notAKnownParameter", in: "query", schema: { type: "string" } })).toBeUndefined();
  });

  it("lists the values of a union of literals after the dictionary's wording", () => {
    const schema = {
      anyOf: [
        { type: "string", enum: ["json"] },
        { type: "string", enum: ["csv"] },
      ],
    };
    expect(describeParameter({ name: "format", in: "query", schema })).toBe(
      "The file format of the download. Values: json, csv.",
    );
  });

  it("does not repeat the values when the description already has them", () => {
    const schema = { enum: ["a", "b"] };
    expect(describeParameter({ name: "x", in: "query", description: "Pick. Values: a, b.", schema })).toBe(
      "Pick. Values: a, b.",
    );
  });
});
