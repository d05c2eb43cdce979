import { getEndpoint } from "../../../webhooks/list-endpoints";
import { sessionProcedure } from "../../init";
import { type GetEndpointOutput, getEndpointInput } from "./get-endpoint.types";

/** One endpoint of the org; NOT_FOUND outside it. */
export const getEndpointRoute = sessionProcedure
  .input(getEndpointInput)
  .query(({ ctx, input }): Promise<GetEndpointOutput> => getEndpoint(ctx.db, ctx.caller.orgId, input.id, ctx.clock()));
