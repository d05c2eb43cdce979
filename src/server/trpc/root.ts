import { createCallerFactory, router } from "./init";
import { entitiesRouter } from "./routers/entities";
import { eventsRouter } from "./routers/events";
import { liveRouter } from "./routers/live";
import { loopsRouter } from "./routers/loops";
import { systemRouter } from "./routers/system";

export const appRouter = router({
  events: eventsRouter,
  entities: entitiesRouter,
  loops: loopsRouter,
  system: systemRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
