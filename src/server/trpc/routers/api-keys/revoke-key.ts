import { revokeOrgApiKey } from "../../../api-keys/revoke-key";
import { sessionProcedure } from "../../init";
import { type RevokeKeyOutput, revokeKeyInput } from "./revoke-key.types";

/** Revokes one of the org's keys: refused everywhere within a second; NOT_FOUND outside the org. */
export const revokeKeyRoute = sessionProcedure
  .input(revokeKeyInput)
  .mutation(({ ctx, input }): Promise<RevokeKeyOutput> => revokeOrgApiKey(ctx.db, ctx.caller.orgId, input.id));
