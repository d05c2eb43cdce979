export * from "./replay-as-of";
export * from "./provenance";
