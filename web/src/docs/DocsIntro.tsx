/** The reference's opening: where the API is, which api-version to send, and how to authenticate with a token. */
import { Link, makeStyles, tokens } from "@fluentui/react-components";
import { paths } from "../router.ts";

const useStyles = makeStyles({
  section: { maxWidth: "72ch" },
  heading: { fontSize: tokens.fontSizeBase500, margin: "8px 0" },
  code: {
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    padding: "10px 12px",
    margin: "8px 0",
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
  },
  inline: { overflowWrap: "anywhere" },
});

/** `baseUrl` is the document's server URL; `version` its info.version (the latest api-version). */
export function DocsIntro(props: { baseUrl: string; version: string }) {
  const styles = useStyles();
  const example = `${props.baseUrl}/_apis/connectionData?api-version=${props.version}`;
  return (
    <section className={styles.section} aria-labelledby="getting-started">
      <h2 id="getting-started" className={styles.heading}>
        Getting started
      </h2>
      <p>
        Patina speaks the Azure DevOps REST dialect. The base URL is{" "}
        <code className={styles.inline}>{props.baseUrl}</code>; routes of an organization start with{" "}
        <code className={styles.inline}>/{"{org}"}/_apis/</code>. Answers are JSON and dates are ISO 8601 UTC.
      </p>
      <p>
        Send an <code>api-version</code> with every call, in the query (<code>?api-version={props.version}</code>) or in
        the Accept header (<code className={styles.inline}>application/json;api-version={props.version}</code>).{" "}
        {props.version} is the latest; 7.1 and preview forms such as 7.1-preview.1 are accepted too. A write without
        one, or an unknown version, is answered 400.
      </p>
      <p>
        Authenticate with a personal access token: create one on your{" "}
        <Link href={paths.tokens()}>Personal access tokens</Link> page, then send it as the password of HTTP Basic
        authentication (any user name, or none):
      </p>
      <pre className={styles.code}>{`curl -u :PAT "${example}"`}</pre>
      <p>or as a bearer token:</p>
      <pre className={styles.code}>{`curl -H "Authorization: Bearer PAT" "${example}"`}</pre>
      <p>
        Replace PAT with the token. Each operation needs the scope its area implies (for example vso.code for git,
        vso.pats for the token list); an answer of 403 names the scope that is missing. The machine-readable OpenAPI 3.1
        document is at <Link href="/_apis/openapi.json">/_apis/openapi.json</Link>.
      </p>
    </section>
  );
}
