import { createCallerFactory, router } from "./init";
import { activityRouter } from "./routers/activity";
import { apiKeysRouter } from "./routers/api-keys/router";
import { entitiesRouter } from "./routers/entities/router";
import { eventsRouter } from "./routers/events/router";
import { liveRouter } from "./routers/live";
import { loopsRouter } from "./routers/loops/router";
import { orgRouter } from "./routers/org";
import { systemRouter } from "./routers/system";
import { webhooksRouter } from "./routers/webhooks/router";

export const appRouter = router({
  events: eventsRouter,
  entities: entitiesRouter,
  loops: loopsRouter,
  activity: activityRouter,
  org: orgRouter,
  system: systemRouter,
  live: liveRouter,
  webhooks: webhooksRouter,
  apiKeys: apiKeysRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
