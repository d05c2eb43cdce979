import { identityOf, type Identity } from "../../orgs/identity";
import { userNames } from "../../orgs/people";
import { protectedProcedure, router } from "../init";

export const orgRouter = router({
  /** The org's name and the caller's (the user's, or the API key's); null once the account is gone. */
  identity: protectedProcedure.query(({ ctx }): Promise<Identity | null> => identityOf(ctx.db, ctx.caller)),
  /** User id → name for the org's users, so actors read as people. */
  people: protectedProcedure.query(async ({ ctx }): Promise<Record<string, string>> => Object.fromEntries(await userNames(ctx.db, ctx.caller.orgId))),
});
