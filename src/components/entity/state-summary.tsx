import Link from "next/link";
import { type EntityFacts, formatMoney } from "~/domain/entities";
import { formatInstant, formatShortDay } from "./format";
import { stillToPayWords } from "./invoice-words";
import styles from "./entity.module.css";
import { STAGE_WORDS } from "~/components/words/entities";
import { entityHref } from "./entity-href";

type Row = { label: string; value: React.ReactNode };

const when = (iso: string | null, client: boolean) => (iso && client ? formatInstant(Date.parse(iso)) : iso ? "…" : "—");
const money = (cents: number | null, currency: string | null) =>
  cents !== null && currency ? formatMoney(cents, currency) : "—";

function rowsOf(state: EntityFacts, client: boolean): Row[] {
  const notes: Row[] = state.notes_count > 0 ? [{ label: "Notes", value: `${state.notes_count}` }] : [];
  switch (state.entity_type) {
    case "deal": {
      const q = state.quote;
      const quote: Row[] =
        q.sent_count > 0
          ? [
              { label: "Quote", value: `${money(q.amount_cents, q.currency)}${q.sent_count > 1 ? ` (sent ${q.sent_count} times)` : ""}` },
              ...(q.valid_until ? [{ label: "Valid until", value: when(q.valid_until, client) }] : []),
            ]
          : q.amount_cents !== null
            ? [{ label: "Amount", value: money(q.amount_cents, q.currency) }]
            : [];
      return [{ label: "Stage", value: state.stage ? STAGE_WORDS[state.stage] : "—" }, ...quote, ...notes];
    }
    case "invoice": {
      const paid = state.payments.reduce((sum, p) => sum + p.amount_cents, 0);
      const day = (iso: string) => (client ? formatShortDay(Date.parse(iso)) : "…");
      return [
        ...(state.number ? [{ label: "Number", value: state.number }] : []),
        { label: "Amount", value: money(state.amount_cents, state.currency) },
        { label: "Due", value: when(state.due_at, client) },
        { label: "Paid so far", value: `${money(paid, state.currency)}${state.payments.length > 1 ? ` in ${state.payments.length} payments` : ""}` },
        { label: "Still to pay", value: stillToPayWords(state, day) },
        ...notes,
      ];
    }
    case "followup":
      return [
        { label: "Status", value: state.status ? state.status.charAt(0).toUpperCase() + state.status.slice(1) : "—" },
        { label: "Due", value: when(state.due_at, client) },
        ...(state.note ? [{ label: "Note", value: state.note }] : []),
        ...(state.about && entityHref(state.about.type, state.about.id)
          ? [{ label: "About", value: <Link href={entityHref(state.about.type, state.about.id)!}>the {state.about.type}</Link> }]
          : []),
        ...notes,
      ];
    case "client":
      return [
        ...(state.company ? [{ label: "Company", value: state.company }] : []),
        ...(state.email ? [{ label: "Email", value: <a href={`mailto:${state.email}`}>{state.email}</a> }] : []),
        ...(state.phone ? [{ label: "Phone", value: <a href={`tel:${state.phone.replace(/[^\d+]/g, "")}`}>{state.phone}</a> }] : []),
        ...notes,
      ];
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

/** The entity's folded state at the moment shown, in words and formatted amounts. */
export function StateSummary({ state, client }: { state: EntityFacts | null; client: boolean }) {
  if (!state) return <p className={styles.muted}>Nothing was known about it yet at this moment.</p>;
  const rows = rowsOf(state, client);
  return (
    <>
      {rows.length > 0 ? (
        <dl className={styles.facts}>
          {rows.map((r) => (
            <div key={r.label} className={styles.fact}>
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className={styles.muted}>No details recorded yet.</p>
      )}
      {state.last_note ? (
        <blockquote className={styles.lastNote}>
          <p>{state.last_note}</p>
          <footer>Latest note</footer>
        </blockquote>
      ) : null}
    </>
  );
}
