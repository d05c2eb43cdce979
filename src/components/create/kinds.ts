/** What the New menu creates, in its order (the menu's items and the dialogs' titles). */
export const CREATE_KINDS = [
  { kind: "lead", menuLabel: "New lead" },
  { kind: "client", menuLabel: "New client" },
  { kind: "invoice", menuLabel: "Issue an invoice" },
  { kind: "followup", menuLabel: "Schedule a follow-up" },
] as const;

export type CreateKind = (typeof CREATE_KINDS)[number]["kind"];
