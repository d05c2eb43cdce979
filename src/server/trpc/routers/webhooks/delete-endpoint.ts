import { deleteEndpoint } from "../../../webhooks/delete-endpoint";
import { sessionProcedure } from "../../init";
import { type DeleteEndpointOutput, deleteEndpointInput } from "./delete-endpoint.types";

/** Deletes an endpoint, its pending messages and its log; NOT_FOUND outside the org. */
export const deleteEndpointRoute = sessionProcedure
  .input(deleteEndpointInput)
  .mutation(({ ctx, input }): Promise<DeleteEndpointOutput> => deleteEndpoint(ctx.db, ctx.caller.orgId, input.id));
