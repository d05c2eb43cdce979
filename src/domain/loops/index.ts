export * from "./types";
export * from "./ids";
export * from "./rules";
export * from "./derive";
export * from "./invoice-overdue";
export * from "./loops-of";
export { normalizeIso } from "./instants";
export * from "./snooze-filter";
export * from "./changes";
