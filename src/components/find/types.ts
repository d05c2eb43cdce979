import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/trpc/root";

type Out = inferRouterOutputs<AppRouter>;
/** One entity as the directory and search list it: type, id, display name, last activity, a summary line. */
export type EntityListItem = Out["entities"]["list"]["items"][number];
export type EntitySearchItem = Out["entities"]["search"]["items"][number];
/** What a picker holds once something is chosen. */
export type PickedEntity = Pick<EntityListItem, "type" | "id" | "display_name">;
