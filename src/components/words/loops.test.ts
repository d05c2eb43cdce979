import { describe, expect, it } from "vitest";
import { SUGGESTED_ACTIONS } from "~/domain/loops";
import { suggestedActionSentence, suggestedActionWords } from "./loops";

describe("suggestedActionWords", () => {
  it("puts the suggested action in words", () => {
    expect(suggestedActionWords("resend_invoice")).toBe("resend the invoice");
    expect(suggestedActionWords("call_them")).toBe("call them");
  });
  it("opens a sentence with the same words, for every action a loop suggests", () => {
    expect(suggestedActionSentence("draft_quote")).toBe("Draft and send the quote");
    for (const action of Object.values(SUGGESTED_ACTIONS)) {
      expect(suggestedActionSentence(action).toLowerCase()).toBe(suggestedActionWords(action));
      expect(suggestedActionWords(action)).not.toContain("_");
    }
  });
});
