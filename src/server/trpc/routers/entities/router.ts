import { router } from "../../init";
import { asOfRoute } from "./as-of";
import { displayNameRoute } from "./display-name";
import { followupsRoute } from "./followups";
import { listEntitiesRoute } from "./list-entities";
import { searchEntitiesRoute } from "./search-entities";
import { timelineRoute } from "./timeline";

/** One file per procedure (its input schema and output type beside it in *.types.ts); logic in src/server/entities. */
export const entitiesRouter = router({
  timeline: timelineRoute,
  asOf: asOfRoute,
  followups: followupsRoute,
  displayName: displayNameRoute,
  list: listEntitiesRoute,
  search: searchEntitiesRoute,
});
