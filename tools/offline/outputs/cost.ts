/**
 * Mock outputs for the cost controls (credlink:ops:CostControls): AWS Budgets and Cost Anomaly Detection. Both are
 * global services: their ARNs carry no region. Budget ARN: `arn:aws:budgets::<account>:budget/<name>` (Budgets,
 * resource types for IAM); Cost Explorer ARNs: `arn:aws:ce::<account>:anomalymonitor/<uuid>` and
 * `:anomalysubscription/<uuid>` (Cost Explorer, resource types for IAM).
 */
import { TypeOutputs } from "./types";

const uuid = (seed: string, hex: (seed: string, length: number) => string) =>
  `${hex(`${seed}-a`, 8)}-${hex(`${seed}-b`, 4)}-${hex(`${seed}-c`, 4)}-${hex(`${seed}-d`, 4)}-${hex(`${seed}-e`, 12)}`;

export const costOutputs: TypeOutputs = {
  "aws:budgets/budget:Budget": (_args, ctx) => ({ arn: `arn:aws:budgets::${ctx.accountId}:budget/${ctx.physicalName}`, accountId: ctx.accountId }),
  "aws:costexplorer/anomalyMonitor:AnomalyMonitor": (args, ctx) => ({ arn: `arn:aws:ce::${ctx.accountId}:anomalymonitor/${uuid(args.name, ctx.hex)}` }),
  "aws:costexplorer/anomalySubscription:AnomalySubscription": (args, ctx) => ({
    arn: `arn:aws:ce::${ctx.accountId}:anomalysubscription/${uuid(args.name, ctx.hex)}`,
    accountId: ctx.accountId,
  }),
};
