import type { Services } from "../services.js";
import type { createGuard } from "./guard.js";

/** What route modules receive from the composition root. */
export interface RouteDeps {
  readonly services: Services;
  readonly guard: ReturnType<typeof createGuard>;
}
