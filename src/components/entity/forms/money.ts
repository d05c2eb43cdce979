/** How many minor units a currency has (2 for EUR, 0 for JPY), as Intl knows it. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "1,234.50" in EUR → 123450 cents. Empty → undefined, unreadable → NaN, and too many decimals
 * → a fractional number: the catalog's schema then says what is wrong, in its own words.
 */
export function toMinorUnits(text: string, currency: string): number | undefined {
  let t = text.replace(/\s/g, "");
  if (t === "") return undefined;
  t = t.includes(".") ? t.replaceAll(",", "") : t.replace(",", ".");
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(t)) return Number.NaN;
  const negative = t.startsWith("-");
  const [whole = "", frac = ""] = t.replace("-", "").split(".");
  const digits = minorDigits(currency);
  if (frac.length > digits) return Number(t) * 10 ** digits;
  const units = Number(whole || "0") * 10 ** digits + Number(frac.padEnd(digits, "0") || "0");
  return negative ? -units : units;
}
