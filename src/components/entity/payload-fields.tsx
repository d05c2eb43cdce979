import Link from "next/link";
import type { ReactNode } from "react";
import { formatMoney } from "~/domain/entities";
import type { LoopType } from "~/domain/loops";
import { entityHref } from "./entity-href";
import { formatInstant } from "./format";
import styles from "./timeline.module.css";
import { fieldLabel } from "~/components/words/events";
import { LOOP_WORDS } from "~/components/words/loops";

type Context = { loopTypes: Record<string, LoopType>; currency: string | null; client: boolean };
type Field = { key: string; label: string; value: ReactNode };

const DATE_KEYS = new Set(["due_at", "valid_until", "until"]);
const LINKS: Record<string, string> = { deal_id: "deal", client_id: "client" };
const HIDDEN = new Set(["text", "currency"]);

function fieldsOf(payload: Record<string, unknown>, ctx: Context): Field[] {
  const currency = typeof payload.currency === "string" ? payload.currency : ctx.currency;
  const fields: Field[] = [];
  for (const [key, raw] of Object.entries(payload)) {
    if (HIDDEN.has(key) || raw === null || raw === undefined || raw === "") continue;
    if (key.endsWith("_cents") && typeof raw === "number") {
      const value = currency ? formatMoney(raw, currency) : (raw / 100).toFixed(2);
      fields.push({ key, label: fieldLabel(key), value });
    } else if (DATE_KEYS.has(key) && typeof raw === "string") {
      fields.push({ key, label: fieldLabel(key), value: ctx.client ? formatInstant(Date.parse(raw)) : "…" });
    } else if (key === "loop_id" && typeof raw === "string") {
      const type = ctx.loopTypes[raw];
      fields.push({ key, label: "Loop", value: type ? LOOP_WORDS[type] : "a loop no longer shown" });
    } else if (key === "about" && isRef(raw) && entityHref(raw.type, raw.id)) {
      fields.push({ key, label: "About", value: <Link href={entityHref(raw.type, raw.id)!}>the {raw.type}</Link> });
    } else if (LINKS[key] && entityHref(LINKS[key], raw)) {
      // Only a validated UUID becomes a link; anything else shows as the text it is (below).
      fields.push({ key, label: fieldLabel(key), value: <Link href={entityHref(LINKS[key], raw)!}>view the {LINKS[key]}</Link> });
    } else {
      const value = typeof raw === "object" ? JSON.stringify(raw) : String(raw);
      fields.push({ key, label: fieldLabel(key), value });
    }
  }
  return fields;
}

function isRef(v: unknown): v is { type: string; id: string } {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string" && typeof (v as { id?: unknown }).id === "string";
}

/** An event's payload as readable fields: money with its currency, dates, loops by name. */
export function PayloadFields({ payload, ...ctx }: { payload: Record<string, unknown> } & Context) {
  const text = typeof payload.text === "string" ? payload.text : null;
  const fields = fieldsOf(payload, ctx);
  return (
    <>
      {text ? <p className={styles.noteText}>{text}</p> : null}
      {fields.length > 0 ? (
        <dl className={styles.payload}>
          {fields.map((f) => (
            <div key={f.key}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </>
  );
}
