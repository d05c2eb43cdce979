import { createCallerFactory, router } from "./init";
import { activityRouter } from "./routers/activity";
import { entitiesRouter } from "./routers/entities/router";
import { eventsRouter } from "./routers/events/router";
import { liveRouter } from "./routers/live";
import { loopsRouter } from "./routers/loops/router";
import { orgRouter } from "./routers/org";
import { systemRouter } from "./routers/system";

export const appRouter = router({
  events: eventsRouter,
  entities: entitiesRouter,
  loops: loopsRouter,
  activity: activityRouter,
  org: orgRouter,
  system: systemRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
