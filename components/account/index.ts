/** credlink:account:*: the account-level singletons (one stack owns them), and the GuardDuty agent access every stack needs. */
export * from "./baseline";
export * from "./guardduty-agent";
