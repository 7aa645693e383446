/**
 * One operation of the reference: a header (method, path, summary) that expands to its
 * parameters, request body and responses. The item's id is the operation's anchor, so
 * /_apis/docs#get-org-apis-tokens-pats opens it.
 */
import {
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  type BadgeProps,
  Link,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { FieldItem, PropertyList, useFieldStyles } from "./FieldList.tsx";
import type { Body, OpenApiDocument, Operation } from "./openapi-model.ts";
import { limits, typeLabel } from "./schema-text.ts";

const METHOD_COLORS: Record<string, BadgeProps["color"]> = {
  GET: "brand",
  POST: "success",
  PUT: "warning",
  PATCH: "warning",
  DELETE: "danger",
};

const useStyles = makeStyles({
  item: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    scrollMarginTop: "12px",
  },
  heading: { margin: 0 },
  title: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "baseline",
    columnGap: "10px",
    rowGap: "2px",
    minWidth: 0,
    paddingBlock: "6px",
    textAlign: "start",
  },
  method: { minWidth: "64px", justifyContent: "center", fontFamily: tokens.fontFamilyMonospace },
  path: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: "anywhere",
    minWidth: 0,
  },
  summary: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightRegular, flexBasis: "100%" },
  panel: { paddingBottom: "16px", overflowWrap: "anywhere" },
  section: { fontSize: tokens.fontSizeBase400, margin: "16px 0 8px 0" },
  plain: { margin: "4px 0" },
  note: { color: tokens.colorNeutralForeground2 },
  response: { margin: "12px 0 0 0" },
  status: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
});

/** A body: its media type and type, then its properties. */
function BodyView(props: { body: Body; document: OpenApiDocument }) {
  const styles = useStyles();
  const { schema } = props.body;
  return (
    <div>
      <p className={styles.plain}>
        <span className={styles.note}>{props.body.mediaType}: </span>
        <code>{schema === undefined ? "any" : typeLabel(schema, props.document)}</code>
        {schema !== undefined && limits(schema).length > 0 && (
          <span className={styles.note}> ({limits(schema).join("; ")})</span>
        )}
      </p>
      {schema?.description !== undefined && <p className={styles.plain}>{schema.description}</p>}
      {schema !== undefined && <PropertyList schema={schema} document={props.document} />}
    </div>
  );
}

/** The expandable operation. */
export function OperationItem(props: { operation: Operation; document: OpenApiDocument }) {
  const styles = useStyles();
  const fieldStyles = useFieldStyles();
  const { operation, document } = props;
  return (
    <AccordionItem value={operation.id} id={operation.id} className={styles.item}>
      <AccordionHeader as="h3" className={styles.heading} expandIconPosition="start">
        <span className={styles.title}>
          <Badge
            className={styles.method}
            appearance="tint"
            shape="rounded"
            color={METHOD_COLORS[operation.method] ?? "informative"}
          >
            {operation.method}
          </Badge>
          <span className={styles.path}>{operation.path}</span>
          {operation.summary !== "" && <span className={styles.summary}>{operation.summary}</span>}
        </span>
      </AccordionHeader>
      <AccordionPanel className={styles.panel}>
        {operation.description !== undefined && <p className={styles.plain}>{operation.description}</p>}
        <p className={styles.plain}>
          <span className={styles.note}>
            {operation.anonymous ? "No authentication needed. " : "Needs a personal access token or a session. "}
          </span>
          <Link href={`#${operation.id}`}>Link to this operation</Link>
        </p>

        <h4 className={styles.section}>Parameters</h4>
        {operation.parameters.length === 0 ? (
          <p className={styles.plain}>None.</p>
        ) : (
          <ul className={fieldStyles.list} aria-label={`Parameters of ${operation.method} ${operation.path}`}>
            {operation.parameters.map((parameter) => (
              <FieldItem
                key={`${parameter.in}:${parameter.name}`}
                name={parameter.name}
                location={parameter.in}
                required={parameter.required}
                type={typeLabel(parameter.schema, document)}
                description={parameter.description}
                values={parameter.values}
                defaultValue={parameter.defaultValue}
                limits={limits(parameter.schema)}
              />
            ))}
          </ul>
        )}

        {operation.requestBody !== undefined && (
          <>
            <h4 className={styles.section}>
              Request body {operation.requestBody.required ? "(required)" : "(optional)"}
            </h4>
            {operation.requestBody.bodies.map((body) => (
              <BodyView key={body.mediaType} body={body} document={document} />
            ))}
          </>
        )}

        <h4 className={styles.section}>Responses</h4>
        {operation.responses.map((response) => (
          <div key={response.status} className={styles.response}>
            <p className={styles.plain}>
              <span className={styles.status}>{response.status}</span>{" "}
              {response.description === "Default Response" ? "" : response.description}
            </p>
            {response.bodies.map((body) => (
              <BodyView key={body.mediaType} body={body} document={document} />
            ))}
          </div>
        ))}
      </AccordionPanel>
    </AccordionItem>
  );
}
