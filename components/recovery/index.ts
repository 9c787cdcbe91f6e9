/** credlink:recovery:*: AWS Backup of the database and the proofs, restore testing, the FIS chaos experiments, and the DR copies' freshness check. */
export * from "./backup";
export * from "./restore-testing";
export * from "./chaos";
export * from "./copy-freshness";
