import { createEndpoint } from "../../../webhooks/create-endpoint";
import { sessionProcedure } from "../../init";
import { type CreateEndpointOutput, createEndpointInput } from "./create-endpoint.types";

/** A new endpoint for the org; its signing secret is returned once. */
export const createEndpointRoute = sessionProcedure
  .input(createEndpointInput)
  .mutation(({ ctx, input }): Promise<CreateEndpointOutput> => createEndpoint(ctx.db, { orgId: ctx.caller.orgId, userId: ctx.caller.userId }, input, ctx.clock()));
