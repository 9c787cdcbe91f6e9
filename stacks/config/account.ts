/**
 * `credlink:account`: the AWS account the stack deploys to, and the account-level singletons it owns
 * (`credlink:account:Baseline`). Each environment has its own account: the config refuses two stacks of different
 * environments in one account unless both say so (`sharedWith`), and then says what isolation is lost.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { listStacks, loadStackConfig, REPO_ROOT } from "../../tools/project";
import { keyOf, show } from "./lib";

/** An AWS account id: exactly 12 digits (AWS General Reference, "AWS account identifiers"). Kept a string: leading zeros count. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
/** A Pulumi stack name as this project names them (the committed files are Pulumi.<stack>.yaml). */
const STACK_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** An IAM role ARN (IAM user guide, "IAM identifiers"): its account is the fifth field. */
const ROLE_ARN = /^arn:aws[\w-]*:iam::([0-9]{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/**
 * The account and its singletons (see "Accounts"). One stack per account owns the singletons; two stacks share an
 * account only when both name each other in `sharedWith`.
 */
export const account = z.strictObject({
  /**
   * The AWS account this stack deploys to: every AWS provider of the stack refuses any other (`allowedAccountIds`),
   * so credentials for the wrong account fail before anything changes. The committed files hold documentation-style
   * placeholders (111111111111 for dev, 222222222222 for prod) and the plan warns: REPLACE them.
   * @accepts 12 digits, as a quoted string; a different account from every stack of another environment unless
   * `sharedWith` names it
   */
  id: z.string().regex(ACCOUNT_ID_PATTERN, { error: 'must be the AWS account id, 12 digits as a quoted string (e.g. "123456789012")' }),
  /**
   * A stack of another environment this one deliberately shares its account with (both stack files name each other).
   * The plan then warns what isolation is lost, and refuses both stacks owning the account's singletons.
   * @accepts the other stack's name (`Pulumi.<name>.yaml` exists), whose `credlink:account.id` is this one's
   * @default absent (the account is this stack's alone)
   */
  sharedWith: z.string().regex(STACK_NAME_PATTERN, { error: "must be a stack name (Pulumi.<name>.yaml)" }).optional(),
  /**
   * This stack owns the account's singletons in every region it uses (the primary and, with DR, the DR region):
   * GuardDuty, Inspector, ECR registry scanning, AWS Backup's region settings, and cost allocation tag activation.
   * @accepts `true` in exactly one stack per account (with `sharedWith`, one of the two); true by default, since each
   * environment has its own account
   */
  baseline: z.boolean().default(true),
  /**
   * GuardDuty runtime monitoring for ECS Fargate (billed per monitored vCPU) in the baseline's detectors. Off where
   * the cluster opts out of GuardDuty's agent (dev: `GuardDutyManaged: false`, so its destroy never meets the agent's
   * endpoint): there it would monitor nothing.
   * @accepts `true` or `false`; prod: `true`
   */
  runtimeMonitoring: z.boolean().default(true),
  /**
   * Security Hub with AWS Foundational Security Best Practices (billed per check; needs AWS Config).
   * @accepts `true` only with `account.baseline` (the baseline owner's)
   */
  securityHub: z.boolean().default(false),
  /**
   * Activate Project, Environment and CostCenter as cost allocation tags. Off by default, turned on deliberately later:
   * Cost Explorer refuses a key it has not yet seen in billing data (about a day after the first tagged resource), and
   * refuses any activation from an AWS Organizations member account (only the management account may: then leave it
   * off and activate there). Until the tags are active the budget's filter and the anomaly monitor count nothing.
   * @accepts `true` only with `account.baseline`, a day after the first `up`, in the management account or a standalone one
   */
  activateCostAllocationTags: z.boolean().default(false),
  /**
   * The account's one break-glass role, created by hand before the first `up` (see "Break-glass"): an administrator
   * assumes it for what CI may never do (evidence, the CI identity). It alone administers the stack's KMS keys and may
   * delete or disable them, delete recovery points or a vault's lock and access policy, change the proof buckets'
   * policies and loosen their retention, and delete trail logs; it uses the stack's secrets-provider key. The first
   * `up` runs as it.
   * @accepts an IAM role ARN in this account, `arn:aws:iam::<account.id>:role/[<path>/]<name>`; prod: must be set
   * @default absent (the key policies fall back to the account root statement, and the vaults get no access policy:
   * the plan warns)
   */
  breakGlassRoleArn: z.string().regex(ROLE_ARN, { error: "must be an IAM role ARN, arn:aws:iam::<12 digits>:role/[<path>/]<name>" }).optional(),
});

/** Keys that moved: the old key's problem names the new one. One key, one meaning. */
export const MOVED_KEYS: Readonly<Record<string, { to: string; why: string }>> = {
  "proofs.breakGlassRoleArn": {
    to: "account.breakGlassRoleArn",
    why: "one break-glass role per account, for the keys, the vaults, the trail, the proof buckets, the secrets-provider key and everything else reserved to it",
  },
};

/** A problem per moved key the config still sets (`data` is the `credlink:` map, with the moved keys removed from it). */
export function movedKeyProblems(data: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [from, { to, why }] of Object.entries(MOVED_KEYS)) {
    const [section, key] = from.split(".");
    const map = data[section];
    if (typeof map !== "object" || map === null || Array.isArray(map) || !(key in map)) continue;
    const { [key]: value, ...rest } = map as Record<string, unknown>;
    data[section] = rest;
    problems.push(`${keyOf([section, key])} has moved to ${keyOf(to.split("."))} (${why}): set that key instead, got ${show(value)}`);
  }
  return problems;
}

/**
 * Security Hub and cost allocation tag activation are part of the account baseline; a stack that doesn't own it must
 * not turn them on. Reads the section as
 * written (`raw`), so neither key's own type error hides it; runs with the cross-module rules.
 */
export function securityHubProblems(raw: unknown): string[] {
  const section = raw as { baseline?: unknown; securityHub?: unknown; activateCostAllocationTags?: unknown } | undefined;
  const problems: string[] = [];
  const owns = section?.baseline !== false;
  if (section?.securityHub === true && !owns) {
    problems.push(`${keyOf(["account", "securityHub"])} needs credlink:account.baseline true: Security Hub is an account-level singleton, owned by the stack that owns the baseline, got true`);
  }
  if (section?.activateCostAllocationTags === true && !owns) {
    problems.push(
      `${keyOf(["account", "activateCostAllocationTags"])} needs credlink:account.baseline true: cost allocation tag activation is account-wide, owned by the stack that owns the baseline, got true`,
    );
  }
  return problems;
}

/** The account an IAM ARN belongs to (its fifth field), when it is a 12-digit one. */
export const accountOfArn = (arn: string): string | undefined => {
  const field = arn.split(":")[4];
  return field !== undefined && ACCOUNT_ID_PATTERN.test(field) ? field : undefined;
};

/**
 * ARNs the config names that must be in the stack's own account (the break-glass role, an existing OIDC provider, the
 * secrets-provider key, and a failover stack's restore inputs and adopted key: prod's copies live in the account the
 * failover stack shares with it), as "<key> must be in credlink:account.id ...". Reads the raw sections; silent where a
 * value has its own type error. A restore input pasted from another account would otherwise fail only at the restore.
 */
export function sameAccountProblems(data: Record<string, unknown>): string[] {
  const accountRaw = data.account as { id?: unknown; breakGlassRoleArn?: unknown } | undefined;
  const id = typeof accountRaw?.id === "string" && ACCOUNT_ID_PATTERN.test(accountRaw.id) ? accountRaw.id : undefined;
  if (id === undefined) return [];
  const cicdRaw = data.cicd as { oidcProviderArn?: unknown; stateKeyArn?: unknown } | undefined;
  const restoreRaw = (data.database as { restore?: { automatedBackupsArn?: unknown; keyArn?: unknown } } | undefined)?.restore;
  const adoptRaw = (data.dr as { adopt?: { proofKeyArn?: unknown } } | undefined)?.adopt;
  const arns: [string[], unknown][] = [
    [["account", "breakGlassRoleArn"], accountRaw?.breakGlassRoleArn],
    [["cicd", "oidcProviderArn"], cicdRaw?.oidcProviderArn],
    [["cicd", "stateKeyArn"], cicdRaw?.stateKeyArn],
    [["database", "restore", "automatedBackupsArn"], restoreRaw?.automatedBackupsArn],
    [["database", "restore", "keyArn"], restoreRaw?.keyArn],
    [["dr", "adopt", "proofKeyArn"], adoptRaw?.proofKeyArn],
  ];
  return arns.flatMap(([key, arn]) => {
    const other = typeof arn === "string" ? accountOfArn(arn) : undefined;
    return other !== undefined && other !== id
      ? [`${keyOf(key)} must be in the stack's own account (credlink:account.id ${id}): the providers refuse any other, got ${show(arn)} in ${other}`]
      : [];
  });
}

/** What the config reads of another committed stack file: its environment and account section, as written. */
export interface OtherStack {
  readonly stack: string;
  /** The file, as a message shows it. */
  readonly file: string;
  readonly environment?: unknown;
  readonly account?: { readonly id?: unknown; readonly sharedWith?: unknown; readonly baseline?: unknown };
  readonly cicd?: { readonly createOidcProvider?: unknown };
  /** Its DR role, for the DR pair (a failover stack names the primary it stands in for). */
  readonly dr?: { readonly role?: unknown; readonly primaryStack?: unknown };
}

/** The stack being checked: its name and its raw `environment` and `account` (and `cicd`) sections. */
export interface ThisStack {
  readonly stack: string;
  readonly environment?: unknown;
  readonly account?: unknown;
  readonly cicd?: unknown;
}

/**
 * What two stacks in one account lose, against an account per environment. Printed as one warning when `sharedWith`
 * makes it deliberate.
 */
export const SHARED_ACCOUNT_LOSSES: readonly string[] = [
  "GitHub's OIDC provider is one per account: both stacks' CI roles trust the provider one of them creates",
  "the account-level singletons (GuardDuty, Inspector, ECR registry scanning, AWS Backup region settings, Security Hub, cost allocation tags, the CloudTrail trail) belong to one stack: the other's findings, scans and opt-ins depend on it",
  "IAM blast radius: an account administrator, or a role that escapes its permissions boundary, reaches both stacks (the boundaries deny other environments' tagged resources only, and untagged ones not at all)",
  "service quotas (VPCs, Elastic IPs, Fargate vCPUs, KMS request rates, API throttles) are shared: dev's load test can throttle prod",
  "the secrets-provider keys sit side by side: whoever administers one account's keys administers both stacks' secrets",
  "one bill and one set of account-wide settings: a budget or anomaly monitor can only tell the stacks apart by tag",
];

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const validId = (v: unknown) => (typeof v === "string" && ACCOUNT_ID_PATTERN.test(v) ? v : undefined);

/**
 * The account-isolation rules between this stack and the other committed stack files (pure: the caller reads them,
 * readOtherStacks). A stack of another environment in the same account is refused unless this stack's `sharedWith`
 * names it; then the losses are a warning, and only one of the two may own the account's singletons (the baseline,
 * GitHub's OIDC provider), whatever the environments. `sharedWith` must name a stack file in the same account.
 */
export function accountSharing(self: ThisStack, others: readonly OtherStack[]): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const own = (self.account ?? {}) as { id?: unknown; sharedWith?: unknown; baseline?: unknown };
  const id = validId(own.id);
  const sharedWith = str(own.sharedWith);
  const environment = str(self.environment);
  const ownsBaseline = own.baseline !== false;
  const createsProvider = (self.cicd as { createOidcProvider?: unknown } | undefined)?.createOidcProvider === true;

  if (sharedWith !== undefined) {
    const partner = others.find((o) => o.stack === sharedWith);
    if (sharedWith === self.stack) {
      problems.push(`${keyOf(["account", "sharedWith"])} must name another stack, not this one, got ${show(sharedWith)}`);
    } else if (partner === undefined) {
      problems.push(`${keyOf(["account", "sharedWith"])} must name a stack with a committed Pulumi.<stack>.yaml; there is none for it (stacks: ${others.map((o) => o.stack).join(", ") || "none"}), got ${show(sharedWith)}`);
    } else if (id !== undefined && validId(partner.account?.id) !== undefined && partner.account?.id !== id) {
      problems.push(
        `${keyOf(["account", "sharedWith"])} names ${sharedWith}, whose credlink:account.id is ${show(partner.account?.id)} (${partner.file}), not this stack's ${show(id)}: remove sharedWith, the accounts are already apart, got ${show(sharedWith)}`,
      );
    }
  }
  if (id === undefined) return { problems, warnings };

  // Sharing with a stack shares with its environment: that environment's other stacks in the account (a failover
  // stack beside its primary) come with it.
  const partnerEnvironment = str(others.find((o) => o.stack === sharedWith)?.environment);
  for (const other of others.filter((o) => validId(o.account?.id) === id)) {
    const otherEnvironment = str(other.environment);
    const deliberate = sharedWith === other.stack || (partnerEnvironment !== undefined && otherEnvironment === partnerEnvironment);
    if (otherEnvironment !== environment && !deliberate) {
      problems.push(
        `${keyOf(["account", "id"])} ${show(id)} is also the account of stack ${other.stack} (${other.file}, credlink:environment ${show(other.environment)}): each environment has its own AWS account. Give this stack its own, or share it deliberately with credlink:account.sharedWith: ${other.stack} in both stack files`,
      );
      continue;
    }
    if (sharedWith === other.stack) {
      warnings.push(`credlink:account.id ${id} is shared with stack ${other.stack} (credlink:account.sharedWith): the isolation an account per environment gives is lost: ${SHARED_ACCOUNT_LOSSES.map((l, i) => `(${i + 1}) ${l}`).join("; ")}`);
    }
    if (ownsBaseline && other.account?.baseline !== false) {
      problems.push(
        `${keyOf(["account", "baseline"])} must be false in one of the stacks sharing account ${id}: ${other.stack} (${other.file}) owns the account's singletons too (GuardDuty, Inspector, registry scanning exist once per account and region), got true`,
      );
    }
    if (createsProvider && other.cicd?.createOidcProvider === true) {
      problems.push(
        `${keyOf(["cicd", "createOidcProvider"])} must be false in one of the stacks sharing account ${id}: ${other.stack} (${other.file}) creates GitHub's OIDC provider too (one per account), got true`,
      );
    }
  }
  return { problems, warnings };
}

/**
 * The other committed stack files next to Pulumi.yaml (tools/project.ts's loader, as the CLI would read them), for
 * accountSharing. A file that does not parse is left out: its own plan reports it.
 */
export function readOtherStacks(stack: string, root = REPO_ROOT): OtherStack[] {
  if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) return [];
  const json = (v: string | undefined): any => {
    try {
      return v === undefined ? undefined : JSON.parse(v);
    } catch {
      return undefined;
    }
  };
  return listStacks(root)
    .filter((s) => s !== stack)
    .flatMap((other) => {
      try {
        const { config, file } = loadStackConfig(other, root);
        return [{ stack: other, file: path.relative(root, file), environment: config["credlink:environment"], account: json(config["credlink:account"]), cicd: json(config["credlink:cicd"]), dr: json(config["credlink:dr"]) }];
      } catch {
        return [];
      }
    });
}

/** Placeholders an account id can hold: one digit twelve times (the committed 111111111111, 222222222222), or AWS's documentation id. */
export const isPlaceholderAccountId = (id: string) => /^(\d)\1{11}$/.test(id) || id === "123456789012";
