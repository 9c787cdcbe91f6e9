/**
 * The deploy role's permission table: every resource type the program can register, to what its lifecycle calls in
 * AWS, one file per service. `entryFor` is the lookup the tests use; the policies are built from SERVICES.
 */
import { acm } from "./acm";
import { applicationAutoscaling } from "./application-autoscaling";
import { autoscaling } from "./autoscaling";
import { backup } from "./backup";
import { budgets } from "./budgets";
import { ce } from "./ce";
import { cloudtrail } from "./cloudtrail";
import { cloudwatch } from "./cloudwatch";
import { ec2 } from "./ec2";
import { ecr } from "./ecr";
import { ecs } from "./ecs";
import { elasticache } from "./elasticache";
import { elasticloadbalancing } from "./elasticloadbalancing";
import { events } from "./events";
import { fis } from "./fis";
import { guardduty } from "./guardduty";
import { iam } from "./iam";
import { inspector2 } from "./inspector2";
import { kms } from "./kms";
import { lambda } from "./lambda";
import { logs } from "./logs";
import { COMPONENT_ENTRY, COMPONENT_TYPE, INVOKES, NO_AWS } from "./pulumi";
import { rds } from "./rds";
import { route53 } from "./route53";
import { s3 } from "./s3";
import { secretsmanager } from "./secretsmanager";
import { securityhub } from "./securityhub";
import { sns } from "./sns";
import { sqs } from "./sqs";
import { ssm } from "./ssm";
import { AwsTypePermissions, isAws, ServicePermissions, TypeEntry } from "./types";
import { wafv2 } from "./wafv2";

export * from "./types";
export { INVOKES } from "./pulumi";
export { BOUNDED_ROLE_ACTIONS } from "./iam";

export const SERVICES: readonly ServicePermissions[] = [
  acm, applicationAutoscaling, autoscaling, backup, budgets, ce, cloudtrail, cloudwatch, ec2, ecr, ecs, elasticache,
  elasticloadbalancing, events, fis, guardduty, iam, inspector2, kms, lambda, logs, rds, route53, s3, secretsmanager,
  securityhub, sns, sqs, ssm, wafv2,
];

/** Every AWS type's entry, keyed by type token (a type is in exactly one service file: a test checks it). */
export const AWS_TYPES: Readonly<Record<string, AwsTypePermissions>> = Object.assign({}, ...SERVICES.map((s) => s.types));

/** The entry of a type token, or undefined when the table has none (a test fails on it). */
export function entryFor(type: string): TypeEntry | undefined {
  return AWS_TYPES[type] ?? NO_AWS[type] ?? (COMPONENT_TYPE.test(type) ? COMPONENT_ENTRY : undefined);
}

const awsEntries = () => Object.values(AWS_TYPES).filter(isAws);
const union = (pick: (e: AwsTypePermissions) => readonly string[] | undefined) => [...new Set(awsEntries().flatMap((e) => pick(e) ?? []))].sort();

/** The service principals the program passes roles to, from every type's `passRoleTo`. */
export const passedToServices = () => union((e) => e.passRoleTo);
/** The service-linked roles the program's first creates make. */
export const serviceLinkedRoleServices = () => union((e) => e.serviceLinkedRoles);
/** The services through which the program has a customer managed key used for the caller. */
export const kmsViaServices = () => union((e) => e.kmsVia);
/** The actions the deploy role is denied: reserved to break-glass. */
export const breakGlassActions = () => union((e) => e.breakGlassOnly);
/** Every action an invoke of the table calls (the deploy role's and the preview role's: invokes run at preview too). */
export const invokeActions = () => [...new Set(Object.values(INVOKES).flatMap((i) => i.actions))].sort();
/** Every lifecycle action of the table, and every invoke's, by service prefix. */
export function tableActions(): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const a of invokeActions()) {
    const prefix = a.split(":")[0];
    out.set(prefix, (out.get(prefix) ?? new Set()).add(a));
  }
  for (const e of awsEntries()) for (const a of [...(e.create ?? []), ...(e.read ?? []), ...(e.update ?? []), ...(e.delete ?? [])]) {
    const prefix = a.split(":")[0];
    out.set(prefix, (out.get(prefix) ?? new Set()).add(a));
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}
/** The read actions (refresh) of every type, and the invokes' (preview runs them). */
export const readActions = () => [...new Set([...union((e) => e.read), ...invokeActions()])].sort();
