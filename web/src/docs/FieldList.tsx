/**
 * Fields in words: an operation's parameters, or an object schema's properties, as a list of
 * blocks (name, where, required, type, every allowed value, default, limits, description). A list
 * rather than a table so that it reads the same at 390 px as on a desktop.
 */
import { Badge, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { EnumValue } from "../../../src/http/openapi-schema-values.ts";
import type { OpenApiDocument, Schema } from "./openapi-model.ts";
import { propertyRows, showValue } from "./schema-text.ts";

export const useFieldStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "10px" },
  nested: {
    listStyleType: "none",
    margin: "8px 0 0 0",
    padding: "0 0 0 12px",
    display: "flex",
    flexDirection: "column",
    gap: "8px",
    borderLeft: `2px solid ${tokens.colorNeutralStroke2}`,
  },
  item: { minWidth: 0, overflowWrap: "anywhere" },
  head: { display: "flex", flexWrap: "wrap", alignItems: "baseline", columnGap: "8px", rowGap: "2px" },
  name: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  type: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  note: { color: tokens.colorNeutralForeground2 },
  text: { margin: "2px 0 0 0" },
  values: {
    display: "flex",
    flexWrap: "wrap",
    gap: "4px",
    listStyleType: "none",
    margin: "4px 0 0 0",
    padding: 0,
  },
  value: {
    fontFamily: tokens.fontFamilyMonospace,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusSmall,
    padding: "0 6px",
  },
});

/** What one field block shows. */
export interface FieldProps {
  readonly name: string;
  /** "query", "path"…, for parameters. */
  readonly location?: string;
  readonly required: boolean;
  readonly type: string;
  readonly description: string | undefined;
  readonly values: readonly EnumValue[] | undefined;
  readonly defaultValue?: unknown;
  readonly limits: readonly string[];
  readonly children?: ReactNode;
}

/** One field: a head line, then its description and details. */
export function FieldItem(props: FieldProps) {
  const styles = useFieldStyles();
  return (
    <li className={styles.item}>
      <div className={styles.head}>
        <code className={styles.name}>{props.name}</code>
        {props.location !== undefined && (
          <Badge appearance="outline" color="informative" size="small">
            {props.location}
          </Badge>
        )}
        <span className={styles.type}>{props.type}</span>
        <span className={styles.note}>{props.required ? "required" : "optional"}</span>
      </div>
      {props.description !== undefined && <p className={styles.text}>{props.description}</p>}
      {props.values !== undefined && props.values.length > 0 && (
        <div className={styles.text}>
          <span className={styles.note}>Allowed values:</span>
          <ul className={styles.values} aria-label={`Allowed values of ${props.name}`}>
            {props.values.map((value) => (
              <li key={String(value)} className={styles.value}>
                {showValue(value)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.defaultValue !== undefined && (
        <p className={styles.text}>
          <span className={styles.note}>Default: </span>
          <code>{showValue(props.defaultValue)}</code>
        </p>
      )}
      {props.limits.length > 0 && <p className={`${styles.text} ${styles.note}`}>{props.limits.join("; ")}</p>}
      {props.children}
    </li>
  );
}

/** How deep nested objects are unfolded; deeper ones are named by their type only. */
const MAX_DEPTH = 4;

/** An object schema's properties, nested objects unfolded under their property. */
export function PropertyList(props: {
  schema: Schema;
  document: OpenApiDocument;
  depth?: number;
  /** Object schemas already being shown above (a self-referencing schema stops here). */
  seen?: ReadonlySet<Schema>;
}) {
  const styles = useFieldStyles();
  const depth = props.depth ?? 0;
  const seen = props.seen ?? new Set<Schema>();
  const rows = propertyRows(props.schema, props.document);
  if (rows.length === 0) return null;
  return (
    <ul className={depth === 0 ? styles.list : styles.nested}>
      {rows.map((row) => (
        <FieldItem key={row.name} {...row}>
          {row.nested !== undefined && depth < MAX_DEPTH && !seen.has(row.nested) && (
            <PropertyList
              schema={row.nested}
              document={props.document}
              depth={depth + 1}
              seen={new Set([...seen, row.nested])}
            />
          )}
        </FieldItem>
      ))}
    </ul>
  );
}
