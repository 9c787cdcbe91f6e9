/**
 * The shape of the deploy role's permission table: one file per AWS service (its IAM prefix), each mapping the
 * resource types whose API belongs to that service to the IAM actions their create, read (refresh), update and
 * delete call, and turning those actions into policy statements scoped to one stack.
 *
 * A type's entry lists what the AWS provider calls for it, including the other services' actions it needs from the
 * caller (an Auto Scaling group's `ec2:RunInstances` check, a KMS-encrypted database's `kms:CreateGrant` through RDS,
 * a role passed to a service). Tests run every committed stack and example and fail on a registered type without an
 * entry, an entry action the generated policies do not allow, and a name IAM does not define.
 */
import * as pulumi from "@pulumi/pulumi";

/** What one stack's deploy role is scoped to. */
export interface DeployScope {
  readonly partition: pulumi.Input<string>;
  readonly accountId: pulumi.Input<string>;
  /** The regions the stack deploys to: the primary first. */
  readonly regions: readonly string[];
  /** `<project>-<stack>` (`credlink-prod`): the prefix of every physical name the stack creates. */
  readonly prefix: string;
  readonly project: string;
  readonly stack: string;
  /** The `Environment` tag the provider's default tags put on every taggable resource (stacks/providers.ts). */
  readonly environment: string;
  /** The Route 53 zone the stack writes records in, if any. */
  readonly hostedZoneId?: string;
  /** Whether this stack owns the account's singletons (GuardDuty, Inspector, Security Hub, registry scanning, cost tags). */
  readonly ownsAccountBaseline: boolean;
  /** The stack's permissions boundary: every role the deploy role creates or changes must carry it. */
  readonly boundaryArn: pulumi.Input<string>;
  /**
   * The name prefixes of the other stacks in this account that extend this one's (`credlink-prod-dr`, prod's failover
   * stack, beside prod's `credlink-prod`): every `<prefix>-*` scope of the table also matches their names, so the
   * guardrails deny every action on them (deploy-policy.ts, nestedStackResources). @default none
   */
  readonly nestedStackPrefixes?: readonly string[];
  /**
   * A failover stack's adopted proof replica: the primary's bucket-name prefix (`credlink-prod-proofs-replica-`, which
   * also starts its access-log bucket's name). The deploy role reads their configuration (the import, a refresh) and
   * writes nothing there (s3.ts; the guardrails' proof-bucket deny covers them). @default none
   */
  readonly adoptedBucketPrefix?: string;
}

/** An IAM policy statement whose strings may still be Outputs (the account id, the partition, an ARN). */
export interface Statement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: readonly string[];
  /** Only in a Deny: everything but these (a regional guard that leaves the global services alone). */
  readonly NotAction?: readonly string[];
  readonly Resource: pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The actions one resource type's lifecycle calls. */
export interface AwsTypePermissions {
  readonly create?: readonly string[];
  /** What a refresh (and the read after every create and update) calls. */
  readonly read?: readonly string[];
  readonly update?: readonly string[];
  readonly delete?: readonly string[];
  /** The service principals this type passes a role to: `iam:PassRole` with `iam:PassedToService`. */
  readonly passRoleTo?: readonly string[];
  /** The service-linked roles its first create makes (`iam:CreateServiceLinkedRole` with `iam:AWSServiceName`). */
  readonly serviceLinkedRoles?: readonly string[];
  /** The services through which it uses a customer managed key for the caller (`kms:ViaService`). */
  readonly kmsVia?: readonly string[];
  /**
   * Actions the deploy role never holds in IAM: a key policy grants them on each key (KMS administers key policies
   * through the key policy itself).
   */
  readonly throughKeyPolicy?: readonly string[];
  /**
   * Actions reserved to the break-glass role: the deploy role is explicitly denied them (evidence destruction, the
   * CI identity itself). A `pulumi up` that needs one fails in CI and is run by an administrator.
   */
  readonly breakGlassOnly?: readonly string[];
}

/** A type that calls no AWS API: a component, a provider, or another provider's resource. */
export interface NoAwsPermissions {
  readonly none: string;
}

/** A remote component whose children the real engine registers (the mocks see only the component). */
export interface ComponentChildren {
  readonly children: readonly string[];
  /**
   * The invokes (data sources) the component itself calls with the stack's credentials, at preview and at up (INVOKES
   * has their actions): the mocks never see them, because the component's code runs in its provider plugin.
   */
  readonly invokes?: readonly string[];
}

/** An invoke (data source) the program or a remote component calls: the IAM actions it needs, and why. */
export interface InvokePermissions {
  /** The actions the provider calls for it (empty: the call needs no permission). */
  readonly actions: readonly string[];
  readonly why: string;
}

export type TypeEntry = AwsTypePermissions | NoAwsPermissions | ComponentChildren;

export interface ServicePermissions {
  /** The IAM service prefix (`ec2`, `elasticloadbalancing`). */
  readonly service: string;
  /** Other prefixes whose actions this file places (a service with a second prefix, such as `backup-storage`). */
  readonly alsoPlaces?: readonly string[];
  /** The AWS Service Authorization Reference page of that service. */
  readonly reference: string;
  /** Resource type tokens to the actions they call. */
  readonly types: Readonly<Record<string, TypeEntry>>;
  /**
   * This service's Allow statements for one stack: `actions` are every table action (of any file's types) with this
   * service's prefix, each placed in one statement (see `place`).
   */
  readonly statements: (scope: DeployScope, actions: readonly string[]) => Statement[];
}

export const isAws = (e: TypeEntry): e is AwsTypePermissions => !("none" in e) && !("children" in e);

/** Every action of an entry's lifecycle (not the key-policy or break-glass ones). */
export function lifecycleActions(e: AwsTypePermissions): string[] {
  return [...(e.create ?? []), ...(e.read ?? []), ...(e.update ?? []), ...(e.delete ?? [])];
}

/** `arn:<partition>:<service>:<region>:<account>:<tail>` for each of the stack's regions. */
export function regional(s: DeployScope, service: string, tail: string): pulumi.Output<string>[] {
  return s.regions.map((r) => pulumi.interpolate`arn:${s.partition}:${service}:${r}:${s.accountId}:${tail}`);
}

/** An ARN without a region (IAM, S3, Route 53, CloudWatch dashboards). */
export function global(s: DeployScope, service: string, tail: string, account = true): pulumi.Output<string> {
  return account ? pulumi.interpolate`arn:${s.partition}:${service}::${s.accountId}:${tail}` : pulumi.interpolate`arn:${s.partition}:${service}:::${tail}`;
}

/** The condition every regional statement on `*` carries: the stack's regions only. */
export const inRegions = (s: DeployScope) => ({ "aws:RequestedRegion": [...s.regions] });

/** Creates tagged as this stack (the provider's default tags), and changes to what is tagged so. */
export const requestTagged = (s: DeployScope) => ({ "aws:RequestTag/Environment": s.environment });
export const resourceTagged = (s: DeployScope) => ({ "aws:ResourceTag/Environment": s.environment });


/** Where a service's actions go: the statement's Sid, its resources and condition, and which actions it takes. */
export interface Placement {
  readonly sid: string;
  /** The first placement whose matcher takes an action gets it. */
  readonly takes: RegExp | readonly string[];
  readonly resources: (s: DeployScope) => pulumi.Input<string> | readonly pulumi.Input<string>[];
  readonly condition?: (s: DeployScope) => Record<string, Record<string, unknown>>;
  /** The actions it takes also go on to the next placement that takes them (an action authorised on two resources). */
  readonly shared?: boolean;
  /** The actions it takes are not granted to this stack at all (a feature the stack doesn't have). @default false */
  readonly omit?: boolean;
}

const takes = (p: Placement, action: string) => (p.takes instanceof RegExp ? p.takes.test(action) : p.takes.includes(action));

/**
 * The service's statements: each action placed in the first placement that takes it. An action no placement takes is a
 * programming error: it throws, so a new entry can't be silently left out of the policy.
 */
export function place(service: string, actions: readonly string[], placements: readonly Placement[], s: DeployScope): Statement[] {
  const placed = new Map<Placement, string[]>();
  for (const a of [...new Set(actions)].sort()) {
    for (const shared of placements.filter((x) => x.shared && takes(x, a))) placed.set(shared, [...(placed.get(shared) ?? []), a]);
    const p = placements.find((x) => !x.shared && takes(x, a));
    if (!p) throw new Error(`${a}: no statement of the ${service} permissions takes it (components/cicd/permissions/${service}.ts)`);
    placed.set(p, [...(placed.get(p) ?? []), a]);
  }
  return placements
    .filter((p) => placed.has(p) && !p.omit)
    .map((p) => ({ Sid: p.sid, Effect: "Allow" as const, Action: placed.get(p)!, Resource: p.resources(s), ...(p.condition ? { Condition: p.condition(s) } : {}) }));
}
