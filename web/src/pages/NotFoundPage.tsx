/** Shown for a path the app does not know. */
import { Link } from "@fluentui/react-components";
import { CenteredCard } from "../components/CenteredCard.tsx";
import { TOKENS_PATH } from "../router.ts";

/** The not-found page, pointing back to the tokens page. */
export function NotFoundPage() {
  return (
    <CenteredCard title="Page not found" tabTitle="Page not found">
      <p>
        There is nothing at this address. Go to <Link href={TOKENS_PATH}>Personal access tokens</Link>.
      </p>
    </CenteredCard>
  );
}
