export * from "./replay-as-of";
