import { updateEndpoint } from "../../../webhooks/update-endpoint";
import { sessionProcedure } from "../../init";
import { type UpdateEndpointOutput, updateEndpointInput } from "./update-endpoint.types";

/** Changes an endpoint's URL, description, subscriptions or enabled flag; NOT_FOUND outside the org. */
export const updateEndpointRoute = sessionProcedure
  .input(updateEndpointInput)
  .mutation(({ ctx, input: { id, ...change } }): Promise<UpdateEndpointOutput> => updateEndpoint(ctx.db, ctx.caller.orgId, id, change, ctx.clock()));
