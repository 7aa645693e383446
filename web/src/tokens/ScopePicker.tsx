/**
 * Scopes: Full access, or Custom defined with one level choice per area of the catalog, a
 * filter box and "Show all scopes". Each area is a labelled radio group, so keyboard users move
 * between areas with Tab and between levels with the arrow keys; each level says what it allows.
 */
import { Caption1, Field, Input, makeStyles, Radio, RadioGroup, Switch, tokens } from "@fluentui/react-components";
import { useState } from "react";
import type { RoleScope } from "./role-hints.ts";
import { ScopeAreaChoice } from "./ScopeAreaChoice.tsx";
import { areaIsChosen, areaMatches, COMMON_AREAS, SCOPE_CATALOG, type ScopeSelection } from "./scope-selection.ts";

const useStyles = makeStyles({
  tools: { display: "flex", gap: "16px", alignItems: "center", flexWrap: "wrap", margin: "8px 0" },
  areas: {
    display: "flex",
    flexDirection: "column",
    gap: "14px",
    minWidth: 0,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: "10px",
  },
});

export interface ScopePickerProps {
  fullAccess: boolean;
  selection: ScopeSelection;
  error: string | undefined;
  /** The token's organizations and the user's roles there, for the role hints. */
  roles: RoleScope;
  onFullAccessChange: (fullAccess: boolean) => void;
  onSelectionChange: (selection: ScopeSelection) => void;
}

/** The scope part of the new/edit token panel. */
export function ScopePicker(props: ScopePickerProps) {
  const styles = useStyles();
  const [filter, setFilter] = useState("");
  const [showAll, setShowAll] = useState(false);
  const visible = SCOPE_CATALOG.filter((area) =>
    filter.trim() !== ""
      ? areaMatches(area, filter)
      : showAll || COMMON_AREAS.has(area.name) || areaIsChosen(props.selection, area),
  );

  return (
    <div>
      <Field
        label="Scopes"
        hint="Scopes limit what the token can do; it can never do more than you can."
        validationMessage={props.error}
      >
        <RadioGroup
          layout="horizontal"
          value={props.fullAccess ? "full" : "custom"}
          onChange={(_, data) => props.onFullAccessChange(data.value === "full")}
        >
          <Radio value="full" label="Full access" />
          <Radio value="custom" label="Custom defined" />
        </RadioGroup>
      </Field>
      {!props.fullAccess && (
        <>
          <div className={styles.tools}>
            <Input
              type="search"
              aria-label="Filter scopes"
              placeholder="Filter scopes"
              value={filter}
              onChange={(_, data) => setFilter(data.value)}
              // Enter in the filter box should not submit the whole token form.
              onKeyDown={(event) => {
                if (event.key === "Enter") event.preventDefault();
              }}
            />
            <Switch label="Show all scopes" checked={showAll} onChange={(_, data) => setShowAll(data.checked)} />
            <Caption1 aria-live="polite">
              {visible.length} of {SCOPE_CATALOG.length} areas shown
            </Caption1>
          </div>
          <div className={styles.areas}>
            {visible.map((area) => (
              <ScopeAreaChoice
                key={area.name}
                area={area}
                selection={props.selection}
                roles={props.roles}
                onChange={props.onSelectionChange}
              />
            ))}
          </div>
        </>
      )}
    </div>
  );
}
