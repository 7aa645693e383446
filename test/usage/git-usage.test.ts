/**
 * Usage of git through a token: a fetch needs vso.code, a push's ref advertisement needs
 * vso.code and then vso.code_write (decided again after the fetch guard), and the usage API
 * counts both, so the suggestion for a token that pushes keeps vso.code_write.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type GitApp, startGitApp } from "../git/git-app.js";
import { testDatabases } from "../support/databases.js";
import { basic } from "../support/test-app.js";

describe.each(testDatabases())("git usage on $name", (database) => {
  let git: GitApp;
  afterEach(async () => {
    await git?.t.close();
  });

  it("counts the scopes a push needed, so the suggestion keeps vso.code_write", async () => {
    git = await startGitApp(database);
    const { t } = git;
    const pusher = await t.mintToken("carol", { org: "acme", scope: "vso.code_manage" });
    const reader = await t.mintToken("carol", { org: "acme", scope: "vso.pats" });
    const advertise = (service: string) =>
      t.app.server.inject({
        url: `/acme/web/_git/app/info/refs?service=${service}`,
        headers: { ...basic(pusher.token), "user-agent": "git/2.45.1" },
      });
    expect((await advertise("git-upload-pack")).statusCode).toBe(200);
    expect((await advertise("git-receive-pack")).statusCode).toBe(200);
    await t.app.services.usage.flush();

    const response = await t.app.server.inject({
      url: `/acme/_apis/tokens/pats/usage?authorizationId=${pusher.authorizationId}&days=1&api-version=7.1`,
      headers: basic(reader.token),
    });
    const body = response.json();
    expect(body.series[0]).toMatchObject({ requests: 2, scopes: { "vso.code": 2, "vso.code_write": 1 } });
    expect(body.scopesGranted).toEqual(["vso.code_manage"]);
    expect(body.suggestedScope).toBe("vso.code_write");
  });
});
