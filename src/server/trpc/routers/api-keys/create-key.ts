import { createApiKey } from "../../../api-keys/create-key";
import { sessionProcedure } from "../../init";
import { type CreateKeyOutput, createKeyInput } from "./create-key.types";

/** A new key for the org, made by the signed-in user; the key is in this answer only. */
export const createKeyRoute = sessionProcedure
  .input(createKeyInput)
  .mutation(({ ctx, input }): Promise<CreateKeyOutput> => createApiKey(ctx.db, { orgId: ctx.caller.orgId, userId: ctx.caller.userId }, input));
