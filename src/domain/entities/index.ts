export * from "./state";
export * from "./initial-state";
export * from "./evolve";
export * from "./fold";
export * from "./display-name";
export * from "./next-change";
export * from "./summary";
export * from "./loop-commands";
