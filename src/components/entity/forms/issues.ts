/** A schema issue (Zod's) or a server one (error.data.issues): where, and what is wrong. */
export type Issue = {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
};

export type FieldErrors = Record<string, string>;

/** The key under which issues that belong to no field are shown (top of the form). */
export const FORM = "form";

// Zod's built-in messages ("Too small: expected number to be >=0") are written for developers;
// the same issue, said plainly from its code and limit. Messages the catalog wrote are kept.
const GENERIC = /^(Invalid|Too (small|big))\b/;

function plainly(issue: Issue, fieldIsEmpty: boolean): string {
  if (!GENERIC.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      return fieldIsEmpty ? "is required" : "must be a number";
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "is required" : `must be at least ${issue.minimum} characters`;
      return Number(issue.minimum) === 0 ? "can’t be negative" : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "string" ? `must be at most ${issue.maximum} characters` : "is too large";
    case "invalid_format":
      if (fieldIsEmpty) return "is required";
      return issue.format === "datetime" ? "is not a valid date and time" : issue.message;
    default:
      return issue.message;
  }
}

/**
 * Puts each issue next to the form field its path names (e.g. "payload.amount_cents" → "amount");
 * the rest go under FORM. One message per field: the first that the catalog wrote itself, if any.
 */
export function toFieldErrors(issues: readonly Issue[], fieldOfPath: Record<string, string>, values: Record<string, string>): FieldErrors {
  const byField = new Map<string, Issue[]>();
  for (const issue of issues) {
    const path = issue.path.map(String).join(".");
    const field = fieldOfPath[path] ?? FORM;
    byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  const errors: FieldErrors = {};
  for (const [field, list] of byField) {
    const chosen = list.find((i) => !GENERIC.test(i.message)) ?? list[0]!;
    const message = plainly(chosen, field !== FORM && (values[field] ?? "").trim() === "");
    errors[field] = field === FORM && chosen.path.length > 0 ? `${chosen.path.map(String).join(".")}: ${message}` : message;
  }
  return errors;
}

/** "Amount" + "must be at least 1" → "Amount must be at least 1"; full sentences stay as they are. */
export function sentence(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}
