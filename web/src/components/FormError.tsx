/** A form-level error in words, announced to screen readers as it appears. */
import { MessageBar, MessageBarBody } from "@fluentui/react-components";

/** Renders nothing without a message. */
export function FormError(props: { message: string | null }) {
  if (props.message === null) return null;
  return (
    <div role="alert">
      <MessageBar intent="error">
        <MessageBarBody>{props.message}</MessageBarBody>
      </MessageBar>
    </div>
  );
}
