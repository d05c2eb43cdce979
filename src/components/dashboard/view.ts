import { LOOP_TYPES, type LoopType } from "~/domain/loops";

/**
 * What the dashboard shows: the calm overview (what to do first, the rest summarised), every open
 * loop, one kind of loop, or the snoozed ones. Kept in the URL (?show=…) so a view can be linked.
 */
export type DashboardView = { kind: "overview" } | { kind: "all" } | { kind: "type"; type: LoopType } | { kind: "snoozed" };

export const OVERVIEW: DashboardView = { kind: "overview" };

export function parseView(show: string | null | undefined): DashboardView {
  if (show === "all") return { kind: "all" };
  if (show === "snoozed") return { kind: "snoozed" };
  const type = LOOP_TYPES.find((t) => t === show);
  return type ? { kind: "type", type } : OVERVIEW;
}

export function viewParam(view: DashboardView): string | null {
  return view.kind === "overview" ? null : view.kind === "type" ? view.type : view.kind;
}

export const sameView = (a: DashboardView, b: DashboardView) => viewParam(a) === viewParam(b);
