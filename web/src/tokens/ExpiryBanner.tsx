/** The warning at the top of the page when some of the user's active tokens expire within 7 days. */
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { BANNER_DAYS } from "./expiry.ts";
import { formatDate } from "./format.ts";
import type { ExpiringTokens } from "./useExpiringTokens.ts";

/** Names each expiring token with its date; nothing when none expires soon. */
export function ExpiryBanner(props: { expiring: ExpiringTokens }) {
  const { tokens, more } = props.expiring;
  if (tokens.length === 0) return null;
  const names = tokens.map((token) => `${token.displayName} (${formatDate(token.validTo)})`).join(", ");
  const count = more
    ? `${tokens.length} or more tokens expire`
    : tokens.length === 1
      ? "1 token expires"
      : `${tokens.length} tokens expire`;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {count} within {BANNER_DAYS} days
        </MessageBarTitle>
        {names}.{" "}
        {tokens.length === 1 && !more
          ? "Extend it with Edit, or regenerate it"
          : "Extend them with Edit, or regenerate them"}
        , before {tokens.length === 1 && !more ? "it stops" : "they stop"} working.
      </MessageBarBody>
    </MessageBar>
  );
}
