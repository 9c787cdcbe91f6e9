/** credlink:recovery:*: AWS Backup of the database and the proofs, restore testing, and the FIS chaos experiments. */
export * from "./backup";
export * from "./restore-testing";
export * from "./chaos";
