"use server";

import { getSession } from "~/server/auth/page-session";
import { getPool } from "~/server/db/pool";
import { type ActivityPage, loadActivity } from "./load-activity";

/** The next page of the feed ("Load more"). Server actions are POSTs that Next checks for same origin. */
export async function moreActivity(cursor: number): Promise<ActivityPage> {
  const session = await getSession();
  if (!session.userId || !session.orgId) throw new Error("Your session has ended. Sign in again.");
  if (!Number.isSafeInteger(cursor) || cursor < 0) throw new Error("That is not a page of this feed.");
  return loadActivity(getPool(), session.orgId, cursor);
}
