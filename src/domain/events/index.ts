export * from "./catalog";
export * from "./json-limits";
export * from "./primitives";
export * as payloads from "./payloads";
export * from "./snooze-window";
