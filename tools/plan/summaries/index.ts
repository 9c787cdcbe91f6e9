/**
 * Which properties the plan shows per resource type. One module per area; a type without its own summarizer gets
 * the generic one, which picks the common size, availability and encryption properties when they are present.
 */
import { PropValue } from "../report";
import { appSummaries } from "./app";
import { networkSummaries } from "./network";
import { natSummaries } from "./nat";
import { securitySummaries } from "./security";
import { costSummaries } from "./cost";
import { COMPOSITE_ALARM, describeAlarm, METRIC_ALARM } from "../alarms";
import { SummaryInput, Summarizer } from "./types";

export type { SummaryInput, Summarizer } from "./types";

const SUMMARIZERS: Record<string, Summarizer> = {
  ...networkSummaries,
  ...appSummaries,
  ...securitySummaries,
  ...costSummaries,
  ...natSummaries,
  // Every alarm with the comparison it fires on, its own operator included (tools/plan/alarms.ts).
  [METRIC_ALARM]: ({ type, inputs }) => ({ fires: describeAlarm(type, inputs) }),
  [COMPOSITE_ALARM]: ({ type, inputs }) => ({ fires: describeAlarm(type, inputs) }),
};

/** Input names worth showing on any resource, in display order, with their display label. */
const GENERIC_PROPS: readonly [string, string][] = [
  ["instanceClass", "class"],
  ["nodeType", "node"],
  ["engine", "engine"],
  ["engineVersion", "version"],
  ["multiAz", "multiAz"],
  ["numCacheClusters", "nodes"],
  ["automaticFailoverEnabled", "failover"],
  ["allocatedStorage", "storageGB"],
  ["storageType", "storage"],
  ["cpu", "cpu"],
  ["memory", "memory"],
  ["desiredCount", "desired"],
  ["minCapacity", "min"],
  ["maxCapacity", "max"],
  ["retentionInDays", "retention"],
  ["backupRetentionPeriod", "backups"],
  ["storageEncrypted", "encrypted"],
  ["atRestEncryptionEnabled", "atRest"],
  ["transitEncryptionEnabled", "inTransit"],
  ["deletionProtection", "deletionProtection"],
  ["publiclyAccessible", "public"],
  ["internal", "internal"],
  ["loadBalancerType", "lb"],
  ["port", "port"],
  ["protocol", "protocol"],
  ["sslPolicy", "tls"],
];

function generic({ inputs }: SummaryInput): Record<string, PropValue | undefined> {
  const props: Record<string, PropValue | undefined> = {};
  for (const [key, label] of GENERIC_PROPS) {
    const value = inputs[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") props[label] = value;
  }
  if (typeof inputs.kmsKeyId === "string" || typeof inputs.kmsKeyArn === "string") props.kms = "CMK";
  return props;
}

/** The displayable properties of one resource: its type's summarizer over the generic ones, empty values dropped. */
export function summarize(r: SummaryInput): Record<string, PropValue> {
  const specific = SUMMARIZERS[r.type]?.(r) ?? {};
  const merged = { ...generic(r), ...specific };
  return Object.fromEntries(Object.entries(merged).filter((e): e is [string, PropValue] => e[1] !== undefined && e[1] !== ""));
}
