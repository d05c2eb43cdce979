import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/trpc/root";

type Out = inferRouterOutputs<AppRouter>;
export type LoopView = Out["loops"]["list"]["items"][number];
export type LoopPage = Out["loops"]["list"];
export type LoopSummary = Out["loops"]["summary"];
