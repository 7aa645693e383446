/** The git feature's HTTP surface: the repositories and refs REST API and smart HTTP, over one repository service. */
import type { FastifyInstance } from "fastify";
import type { RouteDeps } from "../http/route-deps.js";
import { registerRefsRoutes } from "./refs.routes.js";
import { registerRepositoryRoutes } from "./repository.routes.js";
import { createRepositoryService } from "./repository.service.js";
import { registerSmartHttpRoutes } from "./smart-http.routes.js";

/** Registers every git route. */
export function registerGitRoutes(app: FastifyInstance, deps: RouteDeps) {
  const { store, clock, config } = deps.services;
  const repositories = createRepositoryService({ db: store.db, clock, reposDir: config.reposDir });
  registerRepositoryRoutes(app, deps, repositories);
  registerRefsRoutes(app, deps, repositories);
  registerSmartHttpRoutes(app, deps, repositories);
}
