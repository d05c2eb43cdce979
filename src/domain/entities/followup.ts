import type { LoggedEventOf } from "../events";
import { normalizeIso } from "../loops/instants";
import { applyLoopRules } from "./loop-records";
import type { FollowupState } from "./state";

export type FollowupEvent = LoggedEventOf<"followup_scheduled" | "followup_sent" | "followup_dismissed">;

export function evolveFollowup(state: FollowupState, event: FollowupEvent): FollowupState {
  const loops = applyLoopRules(state.loops, event);
  switch (event.event_type) {
    case "followup_scheduled": {
      const { due_at, note, about } = event.payload;
      return {
        ...state,
        loops,
        status: "scheduled",
        due_at: normalizeIso(due_at),
        note: note ?? state.note,
        about: about ?? state.about,
      };
    }
    case "followup_sent":
      return { ...state, loops, status: "sent" };
    case "followup_dismissed":
      return { ...state, loops, status: "dismissed" };
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
