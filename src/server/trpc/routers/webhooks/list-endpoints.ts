import { listEndpoints } from "../../../webhooks/list-endpoints";
import { sessionProcedure } from "../../init";
import type { ListEndpointsOutput } from "./list-endpoints.types";

/** The org's webhook endpoints with their pending and dead counts (Settings → Automations). */
export const listEndpointsRoute = sessionProcedure.query(async ({ ctx }): Promise<ListEndpointsOutput> => ({
  items: await listEndpoints(ctx.db, ctx.caller.orgId, ctx.clock()),
}));
