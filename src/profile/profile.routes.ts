/**
 * The Profile area (SPEC section 6): `GET /_apis/profile/profiles/me`, what
 * `ProfileApi.getProfile("me")` of the official client calls. It lives at the instance root,
 * as Azure DevOps serves profiles from its own host rather than from an organization. Needs
 * `vso.profile`. A caller only ever sees their own profile: `me` or their own id.
 */
import type { FastifyInstance } from "fastify";
import type { Static } from "typebox";
import { ApiError } from "../http/error-catalog.js";
import type { RouteDeps } from "../http/route-deps.js";
import { findUserById } from "../users/user.repository.js";
import { ProfileParamsSchema, ProfileQuerySchema, ProfileSchema } from "./profile.schemas.js";
import { toProfile } from "./profile-view.js";

/** Registers the profile route. */
export function registerProfileRoutes(app: FastifyInstance, deps: RouteDeps) {
  const { store } = deps.services;
  app.get<{ Params: Static<typeof ProfileParamsSchema>; Querystring: Static<typeof ProfileQuerySchema> }>(
    "/_apis/profile/profiles/:id",
    {
      onRequest: deps.guard({ scope: "vso.profile" }),
      schema: {
        tags: ["Profile"],
        summary: "The caller's profile (`me`)",
        params: ProfileParamsSchema,
        querystring: ProfileQuerySchema,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => {
      const ownerId = request.principal?.subject.owner.id;
      if (ownerId === undefined) throw new Error("guarded route reached without a principal");
      const id = request.params.id.toLowerCase();
      // Someone else's id gets the same answer as an id that does not exist.
      const user = id === "me" || id === ownerId ? await findUserById(store.db, ownerId) : undefined;
      if (user === undefined) {
        throw new ApiError("notFound", "No profile with this id is visible to you.");
      }
      return toProfile(user, request.query.details === true);
    },
  );
}
