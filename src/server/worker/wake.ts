import { CHANNELS } from "../signals/channels";
import { pgListenerFor } from "../signals/pg-listener";
import { onSignal } from "../signals/process-signals";

/**
 * What wakes a worker besides its interval: events committed to database `db` (its connection
 * string) by this process (in-process signal) or by any other process or instance (NOTIFY, on the
 * process's one LISTEN connection). A reconnect of that connection wakes it too, since appends
 * signalled meanwhile were missed. Returns the unsubscribe.
 */
export function wakeOnAppends(db: string): (listener: () => void) => () => void {
  return (listener) => {
    const off = onSignal(db, CHANNELS.eventsAppended, () => listener());
    const release = pgListenerFor(db).listen(CHANNELS.eventsAppended);
    return () => {
      off();
      release();
    };
  };
}
