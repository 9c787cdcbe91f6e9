/** credlink:ops:*: where alarms go, the SLO and its burn rates, the dashboard, the tier alarms, the uptime check, scheduled checks and the cost controls. */
export * from "./alerting";
export * from "./slo";
export * from "./dashboard";
export * from "./alarms";
export * from "./uptime";
export * from "./cost-controls";
export * from "./scheduled-check";
