export * from "./catalog";
export * from "./primitives";
export * as payloads from "./payloads";
