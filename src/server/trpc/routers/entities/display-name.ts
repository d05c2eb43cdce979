import { entityNames, refKey } from "../../../entities/entity-names";
import { protectedProcedure } from "../../init";
import { type DisplayNameOutput, displayNameInput } from "./display-name.types";

/** The entity's display name, as the dashboard and the feed name it. */
export const displayNameRoute = protectedProcedure
  .input(displayNameInput)
  .query(async ({ ctx, input }): Promise<DisplayNameOutput> => {
    const names = await entityNames(ctx.db, ctx.caller.orgId, [input]);
    return { name: names.get(refKey(input)) ?? null };
  });
