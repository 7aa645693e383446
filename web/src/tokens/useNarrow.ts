/** Whether the window is phone-narrow, following resizes and rotations. */
import { useEffect, useState } from "react";

/** Below this width the token list is a stack of cards instead of a seven-column table. */
export const NARROW_QUERY = "(max-width: 760px)";

/** True while NARROW_QUERY matches. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY);
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return narrow;
}
