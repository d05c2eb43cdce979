import { listApiKeys } from "../../../api-keys/list-keys";
import { sessionProcedure } from "../../init";
import type { ListKeysOutput } from "./list-keys.types";

/** The org's API keys (never the keys themselves): Settings → API keys. */
export const listKeysRoute = sessionProcedure.query(async ({ ctx }): Promise<ListKeysOutput> => ({ items: await listApiKeys(ctx.db, ctx.caller.orgId) }));
