import type { Authenticator } from "../auth/authentication.js";
import type { Services } from "../services.js";
import type { createGuard } from "./guard.js";

/** What route modules receive from the composition root. */
export interface RouteDeps {
  readonly services: Services;
  /** The one authentication step (guard, forward-auth, introspection and git call it). */
  readonly authenticator: Authenticator;
  readonly guard: ReturnType<typeof createGuard>;
}
