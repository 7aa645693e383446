/**
 * The part of the SARIF 2.1.0 JSON schema (OASIS, sarif-schema-2.1.0.json) that covers every
 * object `patina scan --format sarif` writes: the same required properties, enums, minimums and
 * formats, and `additionalProperties: false` where the schema has it, so a misspelt or invented
 * property fails as it would against the full schema. Objects Patina does not write are left
 * out; property bags (`properties`) are open, as in the schema.
 */
const message = {
  type: "object",
  additionalProperties: false,
  properties: {
    text: { type: "string" },
    markdown: { type: "string" },
    id: { type: "string" },
    arguments: { type: "array", items: { type: "string" } },
    properties: { type: "object" },
  },
  anyOf: [{ required: ["text"] }, { required: ["id"] }],
};

const multiformatMessageString = {
  type: "object",
  additionalProperties: false,
  properties: { text: { type: "string" }, markdown: { type: "string" }, properties: { type: "object" } },
  required: ["text"],
};

const artifactLocation = {
  type: "object",
  additionalProperties: false,
  properties: {
    uri: { type: "string", format: "uri-reference" },
    uriBaseId: { type: "string" },
    index: { type: "integer", minimum: -1 },
    description: message,
    properties: { type: "object" },
  },
};

const region = {
  type: "object",
  additionalProperties: false,
  properties: {
    startLine: { type: "integer", minimum: 1 },
    startColumn: { type: "integer", minimum: 1 },
    endLine: { type: "integer", minimum: 1 },
    endColumn: { type: "integer", minimum: 1 },
    charOffset: { type: "integer", minimum: -1 },
    charLength: { type: "integer", minimum: 0 },
    byteOffset: { type: "integer", minimum: -1 },
    byteLength: { type: "integer", minimum: 0 },
    message,
    properties: { type: "object" },
  },
};

const physicalLocation = {
  type: "object",
  additionalProperties: false,
  properties: { artifactLocation, region, properties: { type: "object" } },
  // The schema's other choice, `address`, is for binaries.
  anyOf: [{ required: ["artifactLocation"] }],
};

const location = {
  type: "object",
  additionalProperties: false,
  properties: { id: { type: "integer", minimum: -1 }, physicalLocation, message, properties: { type: "object" } },
};

const result = {
  type: "object",
  additionalProperties: false,
  properties: {
    ruleId: { type: "string" },
    ruleIndex: { type: "integer", minimum: -1 },
    kind: { enum: ["notApplicable", "pass", "fail", "review", "open", "informational"] },
    level: { enum: ["none", "note", "warning", "error"] },
    message,
    locations: { type: "array", items: location },
    partialFingerprints: { type: "object", additionalProperties: { type: "string" } },
    properties: { type: "object" },
  },
  required: ["message"],
};

const reportingDescriptor = {
  type: "object",
  additionalProperties: false,
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    shortDescription: multiformatMessageString,
    fullDescription: multiformatMessageString,
    help: multiformatMessageString,
    helpUri: { type: "string", format: "uri" },
    defaultConfiguration: {
      type: "object",
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean" },
        level: { enum: ["none", "note", "warning", "error"] },
        rank: { type: "number", minimum: -1, maximum: 100 },
        properties: { type: "object" },
      },
    },
    properties: { type: "object" },
  },
  required: ["id"],
};

const toolComponent = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string" },
    version: { type: "string" },
    semanticVersion: { type: "string" },
    informationUri: { type: "string", format: "uri" },
    rules: { type: "array", uniqueItems: true, items: reportingDescriptor },
    properties: { type: "object" },
  },
  required: ["name"],
};

const run = {
  type: "object",
  additionalProperties: false,
  properties: {
    tool: {
      type: "object",
      additionalProperties: false,
      properties: { driver: toolComponent, properties: { type: "object" } },
      required: ["driver"],
    },
    columnKind: { enum: ["utf16CodeUnits", "unicodeCodePoints"] },
    originalUriBaseIds: { type: "object", additionalProperties: artifactLocation },
    results: { type: ["array", "null"], items: result },
    properties: { type: "object" },
  },
  required: ["tool"],
};

/** The SARIF log, top level. */
export const SARIF_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string", format: "uri" },
    version: { enum: ["2.1.0"], type: "string" },
    runs: { type: ["array", "null"], items: run },
    properties: { type: "object" },
  },
  required: ["version", "runs"],
};
