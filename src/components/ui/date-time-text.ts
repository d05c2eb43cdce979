// Dates are typed and shown in the app's own format, "24 Nov 2026, 15:11" (the viewer's time
// zone), not in the browser's locale: a native datetime-local field in an en-US browser reads
// "11/24/2026, 03:11 PM" beside text that says "24 Nov 2026, 15:11".

const dateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "24 Nov 2026, 15:11" in the viewer's time zone. */
export const formatDateTimeText = (ms: number): string => dateTime.format(ms);
/** "24 Nov 2026". */
export const formatDateText = (ms: number): string => dateOnly.format(ms);

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const monthOf = (word: string): number | null => {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i === -1 || (word.length > 3 && !/^[a-z]+$/i.test(word)) ? null : i + 1;
};

type Parts = { y: number; m: number; d: number; h: number; min: number };

/** "15:11", "3:11 pm", "3pm", "15.11": hours and minutes, or null. An empty time is midnight. */
function timeOf(text: string): { h: number; min: number } | null {
  const t = text.trim().replace(/^(at|,)\s*/i, "").trim();
  if (t === "") return { h: 0, min: 0 };
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m?\.?$/i.exec(t) ?? /^(\d{1,2})[:.](\d{2})$/.exec(t);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  const ampm = m[3]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (ampm === "p" ? 12 : 0);
  }
  return h <= 23 && min <= 59 ? { h, min } : null;
}

/** The date part and what follows it (the time), by the forms people type. */
function dateOf(text: string): { y: number; m: number; d: number; rest: string } | null {
  const t = text.trim().replace(/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, ""); // a leading weekday: "Tue, 24 Nov 2026"
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]|$)(.*)$/.exec(t);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), rest: m[4]! };
  m = /^(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})(.*)$/i.exec(t);
  if (m) {
    const month = monthOf(m[2]!);
    return month ? { y: Number(m[3]), m: month, d: Number(m[1]), rest: m[4]! } : null;
  }
  m = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(.*)$/i.exec(t);
  if (m) {
    const month = monthOf(m[1]!);
    return month ? { y: Number(m[3]), m: month, d: Number(m[2]), rest: m[4]! } : null;
  }
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(.*)$/.exec(t);
  if (m) {
    // Day first, as the app writes dates; month first only when the day-first reading is impossible.
    const [a, b] = [Number(m[1]), Number(m[2])];
    const [d, mo] = b > 12 && a <= 12 ? [b, a] : [a, b];
    return { y: Number(m[3]), m: mo, d, rest: m[4]! };
  }
  return null;
}

function partsOf(text: string, withTime: boolean): Parts | null {
  const date = dateOf(text);
  if (!date) return null;
  const time = withTime ? timeOf(date.rest) : date.rest.trim() === "" ? { h: 0, min: 0 } : null;
  if (!time) return null;
  return { y: date.y, m: date.m, d: date.d, ...time };
}

/** A local date and time as epoch ms, or null when the calendar has no such day ("31 Feb"). */
function localMs({ y, m, d, h, min }: Parts): number | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12) return null;
  const at = new Date(y, m - 1, d, h, min);
  return at.getFullYear() === y && at.getMonth() === m - 1 && at.getDate() === d ? at.getTime() : null;
}

/**
 * A date and time typed in the viewer's time zone, as epoch ms: "24 Nov 2026, 15:11",
 * "24 November 2026 3:11 pm", "2026-11-24 15:11", "24/11/2026 15:11", or a date alone (midnight).
 * Null when it cannot be read; "" is null too.
 */
export const parseDateTimeText = (text: string): number | null => {
  const p = partsOf(text, true);
  return p ? localMs(p) : null;
};

/** A date alone ("24 Nov 2026", "2026-11-24", "24/11/2026") as the local midnight that starts it. */
export const parseDateText = (text: string): number | null => {
  const p = partsOf(text, false);
  return p ? localMs(p) : null;
};
