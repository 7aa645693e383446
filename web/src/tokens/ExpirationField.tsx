/**
 * Expiration (UTC): 30, 60 or 90 days, or a custom date limited to one year. When editing, the
 * first choice keeps the current expiry, so that Edit does not extend a token by accident.
 */
import { Field, Input, Select } from "@fluentui/react-components";
import { formatDate, formatDateTime } from "./format.ts";
import { customDateBounds, type Expiration, formValidTo, type TokenFormValues } from "./token-form.ts";

export interface ExpirationFieldProps {
  values: TokenFormValues;
  /** The token being edited: its current expiry and its start (the year limit counts from it). */
  editing?: { validTo: string; validFrom: string };
  error: string | undefined;
  now: Date;
  onChange: (changes: Partial<TokenFormValues>) => void;
}

/** The expiration choice and, for Custom defined, the date picker. */
export function ExpirationField(props: ExpirationFieldProps) {
  const { values, editing, now } = props;
  const bounds = customDateBounds(now, editing ? new Date(editing.validFrom) : now);
  const validTo = formValidTo(values, now);
  const custom = values.expiration === "custom";
  const outcome = validTo === undefined || (custom && values.customDate === "") ? undefined : formatDateTime(validTo);
  return (
    <>
      <Field
        label="Expiration (UTC)"
        validationMessage={custom ? undefined : props.error}
        hint={outcome && !custom ? `Expires on ${outcome} UTC` : undefined}
      >
        <Select
          value={values.expiration}
          onChange={(_, data) => props.onChange({ expiration: data.value as Expiration })}
        >
          {editing && <option value="keep">Keep current ({formatDate(editing.validTo)})</option>}
          <option value="30">30 days</option>
          <option value="60">60 days</option>
          <option value="90">90 days</option>
          <option value="custom">Custom defined</option>
        </Select>
      </Field>
      {custom && (
        <Field
          label="Expiration date (UTC)"
          required
          validationMessage={props.error}
          hint={`The token works until the end of this day (UTC). Latest: ${bounds.max}.`}
        >
          <Input
            type="date"
            min={bounds.min}
            max={bounds.max}
            value={values.customDate}
            onChange={(_, data) => props.onChange({ customDate: data.value })}
          />
        </Field>
      )}
    </>
  );
}
