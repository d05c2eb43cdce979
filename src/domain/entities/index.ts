export * from "./state";
export * from "./initial-state";
export * from "./evolve";
export * from "./fold";
export * from "./display-name";
export * from "./next-change";
