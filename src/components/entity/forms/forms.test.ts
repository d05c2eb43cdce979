import { describe, expect, it } from "vitest";
import { payloads } from "~/domain/events";
import { FORM, sentence, toFieldErrors } from "./issues";
import { toMinorUnits } from "./money";

describe("amounts typed in a form", () => {
  it("become whole minor units of the currency", () => {
    expect(toMinorUnits("12.34", "EUR")).toBe(1234);
    expect(toMinorUnits("1,234.5", "USD")).toBe(123450);
    expect(toMinorUnits("7,5", "EUR")).toBe(750);
    expect(toMinorUnits("1500", "JPY")).toBe(1500);
    expect(toMinorUnits("-5", "EUR")).toBe(-500);
  });

  it("stay empty, unreadable or fractional so the schema can say what is wrong", () => {
    expect(toMinorUnits("  ", "EUR")).toBeUndefined();
    expect(toMinorUnits("twelve", "EUR")).toBeNaN();
    expect(Number.isInteger(toMinorUnits("1.234", "EUR"))).toBe(false);
  });
});

describe("schema issues on form fields", () => {
  const fields = { "payload.amount_cents": "amount", "payload.currency": "currency" };
  const issuesOf = (payload: unknown) =>
    payloads.paymentReceived.safeParse(payload).error!.issues.map((i) => ({ ...i, path: ["payload", ...i.path] }));

  it("show the catalog's own message for a negative payment, on the amount field", () => {
    const errors = toFieldErrors(issuesOf({ amount_cents: -500, currency: "EUR" }), fields, { amount: "-5" });
    expect(errors).toEqual({ amount: "must be at least 1" });
    expect(sentence("Amount", errors.amount!)).toBe("Amount must be at least 1");
  });

  it("say plainly that an empty amount is required and an unknown currency is not one", () => {
    const errors = toFieldErrors(issuesOf({ currency: "ABC" }), fields, { amount: "", currency: "ABC" });
    expect(errors).toEqual({ amount: "is required", currency: "is not an ISO 4217 currency" });
  });

  it("keep issues no field shows for the top of the form, with their path", () => {
    expect(toFieldErrors([{ path: ["primary_entity", "id"], message: "Invalid UUID", code: "invalid_format", format: "uuid" }], fields, {})).toEqual({
      [FORM]: "primary_entity.id: Invalid UUID",
    });
  });

  it("say a bad date plainly, wherever the schema found it", () => {
    const issue = { path: ["occurred_at"], message: "Invalid ISO datetime", code: "invalid_format", format: "datetime" };
    expect(toFieldErrors([issue], { occurred_at: "when" }, { when: "x" })).toEqual({ when: "is not a valid date and time" });
    expect(toFieldErrors([issue], { occurred_at: "when" }, { when: " " })).toEqual({ when: "is required" });
  });
});
