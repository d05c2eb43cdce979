import { createInnerContext } from "./context";
import { createCaller } from "./root";

/** Who a page renders for: the signed-in user of the session cookie. */
export type Viewer = { userId: string; orgId: string; name?: string };

/**
 * The API's own caller for server components, acting as the signed-in user: pages read through
 * the same procedures, and the same org scoping, as the browser does.
 */
export function pageCaller({ userId, orgId, name }: Viewer) {
  return createCaller(createInnerContext({ caller: { kind: "session", orgId, userId, actor: { id: userId, type: "user" }, name } }));
}
