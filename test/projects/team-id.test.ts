/** Default-team ids: RFC 9562 version 5 UUIDs, derived from the project id and nothing else. */
import { describe, expect, it } from "vitest";
import { uuidV5 } from "../../src/ids.js";
import { defaultTeamId, defaultTeamName } from "../../src/projects/team-view.js";

describe("uuidV5", () => {
  it("matches the RFC's published example (www.example.com in the DNS namespace)", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });
});

describe("the default team", () => {
  const projectId = "eb6e4656-77fc-42a1-9181-4c6d8e9da5d1";

  it("has one id per project, whatever the id's case, and another for another project", () => {
    expect(defaultTeamId(projectId)).toBe(defaultTeamId(projectId.toUpperCase()));
    expect(defaultTeamId(projectId)).not.toBe(defaultTeamId("564e8204-a90b-4432-883b-d4363c6125ca"));
    expect(defaultTeamId(projectId)).not.toBe(projectId);
  });

  it("is named the way Azure DevOps names a project's default team", () => {
    expect(defaultTeamName("Fabrikam-Fiber-TFVC")).toBe("Fabrikam-Fiber-TFVC Team");
  });
});
