/** credlink:security:*: the stack-wide KMS key every store uses when the stack keeps one key instead of one per store. */
export * from "./shared-key";
