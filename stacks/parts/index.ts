/**
 * The program's parts: one function per component, each turning the stack config (and the parts it needs) into the
 * component's args. stacks/index.ts calls them in order.
 */
export * from "./context";
export * from "./security";
export * from "./network";
export * from "./edge";
export * from "./app";
export * from "./data";
export * from "./ops";
export * from "./cicd";
export * from "./recovery";
export * from "./account";
export * from "./audit";
export * from "./outputs";
