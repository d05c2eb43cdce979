export * from "./replay-as-of";
export * from "./provenance";
export * from "./loop-history";
export * from "./loop-changes-between";
