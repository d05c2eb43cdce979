import type { LoggedEventOf } from "../events";
import type { ClientState } from "./state";

export type ClientEvent = LoggedEventOf<"client_created" | "client_updated">;

export function evolveClient(state: ClientState, event: ClientEvent): ClientState {
  switch (event.event_type) {
    case "client_created": {
      const p = event.payload;
      // A repeat (most often a duplicate delivery) only fills what is still unknown, as lead_created does.
      return {
        ...state,
        name: state.name ?? p.name,
        email: state.email ?? p.email ?? null,
        phone: state.phone ?? p.phone ?? null,
        company: state.company ?? p.company ?? null,
      };
    }
    case "client_updated": {
      const p = event.payload;
      // The fields given replace the old ones (null clears one); absent ones stay.
      return {
        ...state,
        name: p.name ?? state.name,
        email: p.email === undefined ? state.email : p.email,
        phone: p.phone === undefined ? state.phone : p.phone,
        company: p.company === undefined ? state.company : p.company,
      };
    }
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
