/**
 * Patina's API reference: the OpenAPI document read from /_apis/openapi.json and shown as a
 * table of contents and operations grouped by tag, with a filter (kept in the URL as ?q=) and
 * deep links (#operation-anchor opens and focuses that operation).
 */
import {
  Accordion,
  type AccordionToggleData,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  makeStyles,
  SearchBox,
  Spinner,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { messageOf, request } from "../api/http.ts";
import { paths } from "../router.ts";
import { DocsIntro } from "./DocsIntro.tsx";
import { OperationItem } from "./OperationItem.tsx";
import { filterGroups, groupOperations, type OpenApiDocument, type TagGroup } from "./openapi-model.ts";

const useStyles = makeStyles({
  bar: {
    display: "flex",
    alignItems: "center",
    columnGap: "16px",
    padding: "10px 24px",
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    "@media (max-width: 600px)": { padding: "8px 12px" },
  },
  brand: {
    color: tokens.colorBrandForeground1,
    fontWeight: tokens.fontWeightSemibold,
    fontSize: "18px",
    textDecorationLine: "none",
  },
  layout: {
    display: "grid",
    gridTemplateColumns: "220px minmax(0, 1fr)",
    columnGap: "32px",
    maxWidth: "1200px",
    margin: "0 auto",
    padding: "16px 24px 48px",
    "@media (max-width: 800px)": { gridTemplateColumns: "minmax(0, 1fr)", padding: "12px 12px 32px" },
  },
  contents: {
    alignSelf: "start",
    position: "sticky",
    top: "16px",
    "@media (max-width: 800px)": { position: "static" },
  },
  contentsList: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "6px" },
  count: { color: tokens.colorNeutralForeground2 },
  main: { minWidth: 0 },
  title: { fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, margin: "8px 0" },
  smallHeading: { fontSize: tokens.fontSizeBase400, margin: "8px 0" },
  group: { marginTop: "24px", scrollMarginTop: "12px" },
  groupHeading: { fontSize: tokens.fontSizeBase500, margin: "0 0 8px 0" },
  filter: { maxWidth: "480px", margin: "16px 0 4px 0" },
});

type Loaded =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; document: OpenApiDocument };

const QUERY_PARAM = "q";

function initialQuery(): string {
  return new URLSearchParams(window.location.search).get(QUERY_PARAM) ?? "";
}

/** Keeps the filter in the URL without a history entry, so a reload or a shared link keeps it. */
function rememberQuery(query: string): void {
  const url = new URL(window.location.href);
  if (query === "") url.searchParams.delete(QUERY_PARAM);
  else url.searchParams.set(QUERY_PARAM, query);
  window.history.replaceState(null, "", url);
}

function currentAnchor(): string {
  return decodeURIComponent(window.location.hash.slice(1));
}

/** The whole page. */
export function DocsPage() {
  const styles = useStyles();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [query, setQuery] = useState(initialQuery);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    request<OpenApiDocument>("GET", "/_apis/openapi.json").then(
      (document) => setLoaded({ state: "ready", document }),
      (error: unknown) => setLoaded({ state: "failed", message: messageOf(error) }),
    );
  }, []);

  const groups = useMemo(() => (loaded.state === "ready" ? groupOperations(loaded.document) : []), [loaded]);
  const shown = useMemo(() => filterGroups(groups, query), [groups, query]);
  const total = groups.reduce((sum, group) => sum + group.operations.length, 0);
  const shownCount = shown.reduce((sum, group) => sum + group.operations.length, 0);

  // A deep link opens its operation (clearing a filter that hides it), scrolls to it and focuses its header.
  const followAnchor = useCallback(
    (focus: boolean) => {
      const anchor = currentAnchor();
      const target = groups.flatMap((group) => group.operations).find((operation) => operation.id === anchor);
      if (target === undefined) return;
      setOpen((previous) => new Set([...previous, target.id]));
      setQuery((previous) =>
        filterGroups(groups, previous).some((g) => g.operations.includes(target)) ? previous : "",
      );
      requestAnimationFrame(() => {
        const item = document.getElementById(target.id);
        item?.scrollIntoView({ block: "start" });
        if (focus) item?.querySelector<HTMLButtonElement>("button")?.focus({ preventScroll: true });
      });
    },
    [groups],
  );
  useEffect(() => {
    if (groups.length === 0) return;
    followAnchor(false);
    const onHashChange = () => followAnchor(true);
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, [groups, followAnchor]);

  const onQuery = (value: string) => {
    setQuery(value);
    rememberQuery(value);
  };
  const onToggle = (_event: unknown, data: AccordionToggleData<string>) => {
    setOpen((previous) => {
      const next = new Set(previous);
      if (next.has(data.value)) next.delete(data.value);
      else next.add(data.value);
      return next;
    });
  };

  const title = loaded.state === "ready" ? (loaded.document.info?.title ?? "Patina") : "Patina";
  return (
    <>
      <header className={styles.bar}>
        <a className={styles.brand} href={paths.tokens()} aria-label="Patina home">
          Patina
        </a>
        <Link href={paths.tokens()}>Personal access tokens</Link>
      </header>
      <div className={styles.layout}>
        <nav className={styles.contents} aria-labelledby="contents-heading">
          <h2 id="contents-heading" className={styles.smallHeading}>
            Contents
          </h2>
          <ul className={styles.contentsList}>
            <li>
              <Link href="#getting-started">Getting started</Link>
            </li>
            {shown.map((group) => (
              <li key={group.id}>
                <Link href={`#${group.id}`}>{group.tag}</Link>{" "}
                <span className={styles.count}>({group.operations.length})</span>
              </li>
            ))}
          </ul>
        </nav>
        <main className={styles.main}>
          <h1 className={styles.title}>{title} API reference</h1>
          {loaded.state === "loading" && <Spinner label="Loading the API reference…" />}
          {loaded.state === "failed" && (
            <MessageBar intent="error">
              <MessageBarBody>The API reference could not be loaded: {loaded.message}</MessageBarBody>
            </MessageBar>
          )}
          {loaded.state === "ready" && (
            <>
              <DocsIntro
                baseUrl={(loaded.document.servers?.[0]?.url ?? window.location.origin).replace(/\/$/, "")}
                version={loaded.document.info?.version ?? "7.1"}
              />
              <Field
                className={styles.filter}
                label="Filter operations"
                hint="By path, method, summary, area or parameter name"
              >
                <SearchBox value={query} onChange={(_event, data) => onQuery(data.value)} />
              </Field>
              <p className={styles.count} role="status">
                {query === ""
                  ? `${total} operations`
                  : shownCount === 0
                    ? `No operation matches “${query}”.`
                    : `${shownCount} of ${total} operations match “${query}”.`}
              </p>
              {shown.map((group) => (
                <TagSection key={group.id} group={group} document={loaded.document} open={open} onToggle={onToggle} />
              ))}
            </>
          )}
        </main>
      </div>
    </>
  );
}

function TagSection(props: {
  group: TagGroup;
  document: OpenApiDocument;
  open: ReadonlySet<string>;
  onToggle: (event: unknown, data: AccordionToggleData<string>) => void;
}) {
  const styles = useStyles();
  const { group } = props;
  const openItems = group.operations.map((operation) => operation.id).filter((id) => props.open.has(id));
  return (
    <section id={group.id} className={styles.group} aria-labelledby={`${group.id}-heading`}>
      <h2 id={`${group.id}-heading`} className={styles.groupHeading}>
        {group.tag}
      </h2>
      <Accordion multiple collapsible openItems={openItems} onToggle={props.onToggle}>
        {group.operations.map((operation) => (
          <OperationItem key={operation.id} operation={operation} document={props.document} />
        ))}
      </Accordion>
    </section>
  );
}
