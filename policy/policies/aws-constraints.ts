/**
 * AWS's own input constraints. Mocks accept any string; AWS does not. Each rule below is a
 * documented constraint of the API that creates the resource, cited beside it, so a value the real `pulumi up` would
 * have AWS reject fails the preview (and the offline plan) instead. Mandatory in every environment: there is nothing
 * to trade off against a request AWS refuses.
 *
 * Names count Pulumi's autonaming: with no explicit name, the engine names the resource `<logical name>-<7 hex>`
 * (8 characters more); with a `namePrefix`/`bucketPrefix`/`identifierPrefix`, the provider appends 26 characters.
 */
import type { ResourceValidationArgs } from "@pulumi/policy";
import { ec2DescriptionProblem, sgRules } from "../lib/aws";
import { CredlinkPolicy, many, parseJson, plain, resourceRule, tryGet } from "../lib/rules";
import { TAGGABLE_TYPES } from "../lib/taggable";
import { SG_RULE_TYPES, T } from "../lib/types";
import { providerDefaultTags } from "./tagging";
import { MAX_TAGS, RESERVED_TAG_PREFIX, TAG_CHARS, TAG_CHARS_SAID, TAG_KEY_MAX, TAG_VALUE_MAX } from "../lib/aws-tags";

/** The suffix Pulumi's autonaming appends to a logical name: "-" and 7 hex characters. */
export const AUTONAME_SUFFIX = "-a1b2c3d";
/** What the provider appends to a name prefix: 26 characters (a timestamp and a counter, digits only). */
export const PREFIX_SUFFIX = "20261126024000000000000001";

// ---------------------------------------------------------------------------------------------------------------
// Security group and rule descriptions

export const sgDescriptionsValid = resourceRule({
  name: "aws-security-group-descriptions-valid",
  description: "Security group and rule descriptions are at most 255 characters of EC2's charset (a-zA-Z0-9, spaces, ._-:/()#,@[]+=&;{}!$*; no & in a rule that references a group).",
  covers: ["AWS input constraint: EC2 security group descriptions"],
  enforcementLevel: "mandatory",
  types: [T.securityGroup, T.defaultSecurityGroup, ...SG_RULE_TYPES],
  check: (p, _c, args) => {
    const problems: string[] = [];
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (GroupDescription)
    if (args.type === T.securityGroup && typeof p.description === "string") {
      const problem = ec2DescriptionProblem(p.description);
      if (problem) problems.push(`description ${problem}`);
    }
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpRange.html (Description)
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_UserIdGroupPair.html (Description, no &)
    for (const rule of sgRules(args.type, p)) {
      const problem = typeof rule.description === "string" ? ec2DescriptionProblem(rule.description, rule.referencesGroup) : undefined;
      if (problem) problems.push(`${rule.where}: description ${problem}`);
    }
    return problems;
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Tags

/**
 * AWS's tag rules (policy/lib/aws-tags.ts, shared with the program's config validation): keys 1-128 and values 0-256
 * Unicode characters of letters, digits, spaces and _.:/=+-@; keys must not start with the reserved `aws:`; at most 50
 * user tags per resource.
 */
export function tagProblems(tags: Record<string, unknown>, fromProvider: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  const where = (k: string) => (fromProvider.has(k) ? " (from the provider's defaultTags)" : "");
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) problems.push(`${keys.length} tags; AWS allows at most ${MAX_TAGS} per resource`);
  for (const key of keys) {
    const value = tags[key];
    const keyLength = [...key].length;
    if (keyLength < 1 || keyLength > TAG_KEY_MAX) problems.push(`tag key ${JSON.stringify(key)}${where(key)} is ${keyLength} characters; keys are 1-${TAG_KEY_MAX}`);
    if (!TAG_CHARS.test(key)) problems.push(`tag key ${JSON.stringify(key)}${where(key)} has characters AWS rejects (allowed: ${TAG_CHARS_SAID})`);
    if (RESERVED_TAG_PREFIX.test(key)) problems.push(`tag key ${JSON.stringify(key)}${where(key)} starts with the reserved prefix aws:`);
    if (typeof value !== "string") continue;
    const valueLength = [...value].length;
    if (valueLength > TAG_VALUE_MAX) problems.push(`tag ${key}${where(key)}: value is ${valueLength} characters; values are at most ${TAG_VALUE_MAX}`);
    if (!TAG_CHARS.test(value)) problems.push(`tag ${key}${where(key)}: value ${JSON.stringify(value)} has characters AWS rejects (allowed: ${TAG_CHARS_SAID})`);
  }
  return problems;
}

export const tagsValid = resourceRule({
  name: "aws-tags-valid",
  description: "Tag keys (1-128) and values (0-256) use AWS's tag charset, no key starts with aws:, at most 50 tags; the provider's defaultTags count.",
  covers: ["AWS input constraint: tags"],
  enforcementLevel: "mandatory",
  types: TAGGABLE_TYPES,
  check: (p, _c, args) => {
    const defaults = providerDefaultTags(args.provider);
    const own = (plain(p.tags) ?? {}) as Record<string, unknown>;
    const fromProvider = new Set(Object.keys(defaults).filter((k) => !(k in own)));
    return tagProblems({ ...defaults, ...own }, fromProvider);
  },
});

// ---------------------------------------------------------------------------------------------------------------
// Names and identifiers

export interface NameRule {
  /** The property holding the name. */
  readonly prop: string;
  /** The property holding a name prefix, when the resource has one (the provider appends 26 characters). */
  readonly prefixProp?: string;
  /** Whether Pulumi autonames `prop` (logical name + "-" + 7 hex) when neither it nor the prefix is set. */
  readonly autoname: boolean;
  readonly min: number;
  readonly max: number;
  /** The whole-value pattern and how to say it. */
  readonly pattern: RegExp;
  readonly says: string;
  /** Further documented rules: returns a problem or undefined. */
  readonly extra?: (name: string) => string | undefined;
  /** The API reference page that documents the constraint. */
  readonly cite: string;
}

/** Letters, digits and hyphens; first a letter; no trailing hyphen and no two consecutive hyphens (RDS, ElastiCache). */
const DB_IDENTIFIER = /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*(?<!-)$/;
const DB_IDENTIFIER_LOWER = /^[a-z](?!.*--)[a-z0-9-]*(?<!-)$/;
const ELB_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const IAM_NAME = /^[\w+=,.@-]+$/;
const ECS_NAME = /^[a-zA-Z0-9_-]+$/;

const s3BucketExtra = (name: string): string | undefined => {
  if (name.includes("..")) return "must not contain two adjacent periods";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not be formatted as an IP address";
  const badStart = ["xn--", "sthree-", "amzn-s3-demo-"].find((p) => name.startsWith(p));
  if (badStart) return `must not start with the reserved prefix ${badStart}`;
  const badEnd = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"].find((s) => name.endsWith(s));
  if (badEnd) return `must not end with the reserved suffix ${badEnd}`;
  return undefined;
};

export const NAME_RULES: Readonly<Record<string, readonly NameRule[]>> = {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (Name)
  [T.loadBalancer]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 32, pattern: ELB_NAME, says: "letters, digits and hyphens, not beginning or ending with a hyphen", extra: (n) => (n.startsWith("internal-") ? "must not begin with internal-" : undefined), cite: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html" }],
  [T.albAlias]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 32, pattern: ELB_NAME, says: "letters, digits and hyphens, not beginning or ending with a hyphen", extra: (n) => (n.startsWith("internal-") ? "must not begin with internal-" : undefined), cite: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html" }],
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html (Name)
  "aws:lb/targetGroup:TargetGroup": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 32, pattern: ELB_NAME, says: "letters, digits and hyphens, not beginning or ending with a hyphen", cite: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html" }],
  "aws:alb/targetGroup:TargetGroup": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 32, pattern: ELB_NAME, says: "letters, digits and hyphens, not beginning or ending with a hyphen", cite: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html" }],
  [T.rdsInstance]: [
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (DBInstanceIdentifier; the provider requires lowercase)
    { prop: "identifier", prefixProp: "identifierPrefix", autoname: true, min: 1, max: 63, pattern: DB_IDENTIFIER_LOWER, says: "lowercase letters, digits and hyphens, first a letter, no trailing or double hyphen", cite: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html" },
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html (FinalDBSnapshotIdentifier)
    { prop: "finalSnapshotIdentifier", autoname: false, min: 1, max: 255, pattern: DB_IDENTIFIER, says: "letters, digits and hyphens, first a letter, no trailing or double hyphen", cite: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html" },
  ],
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html (DBParameterGroupName; the provider requires lowercase)
  [T.rdsParameterGroup]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 255, pattern: DB_IDENTIFIER_LOWER, says: "lowercase letters, digits and hyphens, first a letter, no trailing or double hyphen", cite: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html" }],
  // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html (DBSubnetGroupName)
  "aws:rds/subnetGroup:SubnetGroup": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 255, pattern: /^[a-z0-9 ._-]+$/, says: "lowercase letters, digits, periods, underscores, spaces and hyphens", extra: (n) => (n === "default" ? "must not be default" : undefined), cite: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html" }],
  [T.cacheReplicationGroup]: [
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (ReplicationGroupId: 1-40, stored lowercase)
    { prop: "replicationGroupId", autoname: true, min: 1, max: 40, pattern: DB_IDENTIFIER_LOWER, says: "lowercase letters, digits and hyphens, first a letter, no trailing or double hyphen", cite: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html" },
    // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html (FinalSnapshotIdentifier)
    { prop: "finalSnapshotIdentifier", autoname: false, min: 1, max: 255, pattern: DB_IDENTIFIER, says: "letters, digits and hyphens, first a letter, no trailing or double hyphen", cite: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteReplicationGroup.html" },
  ],
  // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html (CacheSubnetGroupName)
  "aws:elasticache/subnetGroup:SubnetGroup": [{ prop: "name", autoname: true, min: 1, max: 255, pattern: /^[a-z0-9-]+$/, says: "lowercase letters, digits and hyphens", cite: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheSubnetGroup.html" }],
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html -> https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  [T.bucket]: [{ prop: "bucket", prefixProp: "bucketPrefix", autoname: true, min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, says: "lowercase letters, digits, periods and hyphens, beginning and ending with a letter or digit", extra: s3BucketExtra, cite: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html" }],
  [T.bucketV2]: [{ prop: "bucket", prefixProp: "bucketPrefix", autoname: true, min: 3, max: 63, pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, says: "lowercase letters, digits, periods and hyphens, beginning and ending with a letter or digit", extra: s3BucketExtra, cite: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html" }],
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (RoleName 1-64 [\w+=,.@-]+; Description 0-1000)
  "aws:iam/role:Role": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 64, pattern: IAM_NAME, says: "letters, digits and +=,.@_-", cite: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html" }],
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (PolicyName 1-128)
  "aws:iam/rolePolicy:RolePolicy": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 128, pattern: IAM_NAME, says: "letters, digits and +=,.@_-", cite: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html" }],
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html (PolicyName 1-128)
  "aws:iam/policy:Policy": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 128, pattern: IAM_NAME, says: "letters, digits and +=,.@_-", cite: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html" }],
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html (AliasName 1-256 ^alias/[a-zA-Z0-9/_-]+$, never alias/aws/)
  "aws:kms/alias:Alias": [{ prop: "name", prefixProp: "namePrefix", autoname: false, min: 1, max: 256, pattern: /^alias\/[a-zA-Z0-9/_-]+$/, says: "alias/ followed by letters, digits and /_-", extra: (n) => (/^alias\/aws\//i.test(n) ? "must not begin with alias/aws/ (reserved for AWS managed keys)" : undefined), cite: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html" }],
  // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html (repositoryName 2-256)
  [T.ecrRepository]: [{ prop: "name", autoname: true, min: 2, max: 256, pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, says: "lowercase letters and digits, separated by single . _ - or /", cite: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html" }],
  // A repository creation template is named by the repository prefix it matches (ROOT for every other name).
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": [{ prop: "prefix", autoname: false, min: 1, max: 256, pattern: /^(?:ROOT|(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?)$/, says: "ROOT, or a repository name prefix: lowercase letters and digits, separated by single . _ - or /", cite: "https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepositoryCreationTemplate.html" }],
  // https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName: a name alone is 1-64 characters)
  "aws:lambda/function:Function": [{ prop: "name", autoname: true, min: 1, max: 64, pattern: /^[a-zA-Z0-9_-]+$/, says: "letters, digits, hyphens and underscores", cite: "https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html" }],
  // https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html (StatementId 1-100 ([a-zA-Z0-9-_]+); the provider generates one when unset)
  "aws:lambda/permission:Permission": [{ prop: "statementId", prefixProp: "statementIdPrefix", autoname: true, min: 1, max: 100, pattern: /^[a-zA-Z0-9_-]+$/, says: "letters, digits, hyphens and underscores", cite: "https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html" }],
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (logGroupName 1-512 [\.\-_/#A-Za-z0-9]+, not aws/)
  [T.logGroup]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 512, pattern: /^[.\-_/#A-Za-z0-9]+$/, says: "letters, digits and ._-/#", extra: (n) => (n.startsWith("aws/") ? "must not begin with aws/" : undefined), cite: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html" }],
  // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (Name 1-512, letters, digits and /_+=.@-)
  [T.secret]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 512, pattern: /^[a-zA-Z0-9/_+=.@-]+$/, says: "letters, digits and /_+=.@-", cite: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html" }],
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html (clusterName up to 255)
  [T.ecsCluster]: [{ prop: "name", autoname: true, min: 1, max: 255, pattern: ECS_NAME, says: "letters, digits, underscores and hyphens", cite: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateCluster.html" }],
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html (serviceName up to 255)
  [T.ecsService]: [{ prop: "name", autoname: true, min: 1, max: 255, pattern: ECS_NAME, says: "letters, digits, underscores and hyphens", cite: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html" }],
  // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html (family up to 255)
  [T.ecsTaskDefinition]: [{ prop: "family", autoname: false, min: 1, max: 255, pattern: ECS_NAME, says: "letters, digits, underscores and hyphens", cite: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html" }],
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmName 1-255)
  [T.metricAlarm]: [{ prop: "name", autoname: true, min: 1, max: 255, pattern: /^[\x20-\x7e]+$/, says: "printable ASCII", cite: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html" }],
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html (DashboardName up to 255: A-Z, a-z, 0-9, "-" and "_")
  [T.dashboard]: [{ prop: "dashboardName", autoname: false, min: 1, max: 255, pattern: /^[A-Za-z0-9_-]+$/, says: "letters, digits, - and _", cite: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html" }],
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html (AlarmName 1-255)
  [T.compositeAlarm]: [{ prop: "alarmName", autoname: false, min: 1, max: 255, pattern: /^[\x20-\x7e]+$/, says: "printable ASCII", cite: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutCompositeAlarm.html" }],
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (GroupName 255, the description charset, not sg-)
  [T.securityGroup]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 255, pattern: /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, says: "a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$*", extra: (n) => (n.startsWith("sg-") ? "must not begin with sg-" : undefined), cite: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html" }],
  // https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html (PolicyName 1-256, no control characters)
  "aws:appautoscaling/policy:Policy": [{ prop: "name", autoname: true, min: 1, max: 256, pattern: /^[^\p{Cc}]+$/u, says: "free of control characters", cite: "https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html" }],
  // https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html (DomainName 1-253, a DNS name, optionally *.)
  "aws:acm/certificate:Certificate": [{ prop: "domainName", autoname: false, min: 1, max: 253, pattern: /^(\*\.)?((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9]\.)+(?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9]$/, says: "a DNS name (labels of letters, digits and inner hyphens, optionally starting with *.)", cite: "https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html" }],
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html (Name: up to 1024)
  "aws:route53/record:Record": [{ prop: "name", autoname: false, min: 1, max: 1024, pattern: /^[\x21-\x7e]+$/, says: "a DNS name (printable ASCII, no spaces)", cite: "https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html" }],
  // NAT instances:
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html (LaunchTemplateName 3-128, [a-zA-Z0-9\(\)\.\-/_]+)
  "aws:ec2/launchTemplate:LaunchTemplate": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 3, max: 128, pattern: /^[a-zA-Z0-9().\-/_]+$/, says: "letters, digits and ().-/_", cite: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html" }],
  // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html (AutoScalingGroupName 1-255, no control characters)
  "aws:autoscaling/group:Group": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 255, pattern: /^[^\p{Cc}]+$/u, says: "free of control characters", cite: "https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html" }],
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html (InstanceProfileName 1-128 [\w+=,.@-]+)
  "aws:iam/instanceProfile:InstanceProfile": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 128, pattern: IAM_NAME, says: "letters, digits and +=,.@_-", cite: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html" }],
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (Name 1-256, letters, digits, _ and -; .fifo for FIFO)
  [T.snsTopic]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 256, pattern: /^[a-zA-Z0-9_-]+(\.fifo)?$/, says: "letters, digits, underscores and hyphens (and .fifo)", cite: "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html" }],
  // --- Cost controls ---
  // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html (BudgetName 1-100, [^:\\]+, not .../action/...)
  "aws:budgets/budget:Budget": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 100, pattern: /^[^:\\]+$/, says: "any characters but : and \\", extra: (n) => (/\/action\//.test(n) ? "must not contain /action/" : undefined), cite: "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_budgets_Budget.html" }],
  // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalyMonitor.html (MonitorName 0-1024, [\S\s]*)
  "aws:costexplorer/anomalyMonitor:AnomalyMonitor": [{ prop: "name", autoname: true, min: 1, max: 1024, pattern: /^[\S\s]+$/, says: "any characters", cite: "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalyMonitor.html" }],
  // https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html (SubscriptionName 0-1024, [\S\s]*)
  "aws:costexplorer/anomalySubscription:AnomalySubscription": [{ prop: "name", autoname: true, min: 1, max: 1024, pattern: /^[\S\s]+$/, says: "any characters", cite: "https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_AnomalySubscription.html" }],
  // --- Recovery: AWS Backup, EventBridge ---
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html (BackupVaultName ^[a-zA-Z0-9\-\_]{2,50}$)
  [T.backupVault]: [{ prop: "name", autoname: true, min: 2, max: 50, pattern: /^[a-zA-Z0-9_-]+$/, says: "letters, digits, hyphens and underscores", cite: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateBackupVault.html" }],
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html (BackupVaultName ^[a-zA-Z0-9\-\_]{2,50}$)
  "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": [
    { prop: "name", autoname: true, min: 2, max: 50, pattern: /^[a-zA-Z0-9_-]+$/, says: "letters, digits, hyphens and underscores", cite: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_CreateLogicallyAirGappedBackupVault.html" },
  ],
  // https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html (Name: 3-128; letters, digits,
  // periods, underscores and dashes; starting and ending with a letter or digit; no adjacent . _ -)
  "aws:cloudtrail/trail:Trail": [
    {
      prop: "name",
      autoname: true,
      min: 3,
      max: 128,
      pattern: /^(?!.*[._-]{2})[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/,
      says: "letters, digits, . _ and -, starting and ending with a letter or digit, no two of . _ - together",
      cite: "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html",
    },
  ],
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html (BackupPlanName 1-50 ^[a-zA-Z0-9\-\_\.]+$)
  [T.backupPlan]: [{ prop: "name", autoname: false, min: 1, max: 50, pattern: /^[a-zA-Z0-9._-]+$/, says: "letters, digits, periods, hyphens and underscores", cite: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupPlanInput.html" }],
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html (SelectionName 1-50 ^[a-zA-Z0-9\-\_\.]+$)
  "aws:backup/selection:Selection": [{ prop: "name", autoname: false, min: 1, max: 50, pattern: /^[a-zA-Z0-9._-]+$/, says: "letters, digits, periods, hyphens and underscores", cite: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupSelection.html" }],
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html (RestoreTestingPlanName: letters, digits and underscores only; 50 assumed, unverified)
  "aws:backup/restoreTestingPlan:RestoreTestingPlan": [{ prop: "name", autoname: true, min: 1, max: 50, pattern: /^[a-zA-Z0-9_]+$/, says: "letters, digits and underscores (no hyphen)", cite: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingPlanForCreate.html" }],
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html (RestoreTestingSelectionName: letters, digits and underscores only)
  "aws:backup/restoreTestingSelection:RestoreTestingSelection": [{ prop: "name", autoname: true, min: 1, max: 50, pattern: /^[a-zA-Z0-9_]+$/, says: "letters, digits and underscores (no hyphen)", cite: "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_RestoreTestingSelectionForCreate.html" }],
  // Edge security and the account baseline.
  // https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html (Name 1-128, ^[\w\-]+$)
  [T.webAcl]: [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 128, pattern: /^[\w-]+$/, says: "letters, digits, _ and -", cite: "https://docs.aws.amazon.com/waf/latest/APIReference/API_CreateWebACL.html" }],
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (Name 1-64, [\.\-_A-Za-z0-9]+)
  "aws:cloudwatch/eventRule:EventRule": [{ prop: "name", prefixProp: "namePrefix", autoname: true, min: 1, max: 64, pattern: /^[.\-_A-Za-z0-9]+$/, says: "letters, digits and .-_", cite: "https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html" }],
};

/** The name AWS will receive for `rule`: given, prefix + 26 characters, or autonamed; undefined when unknown or absent. */
export function effectiveName(props: Record<string, any>, rule: NameRule, logicalName: string): { value: string; how: string } | undefined {
  const given = tryGet(props, rule.prop);
  if (!given.known) return undefined;
  if (typeof given.value === "string") return { value: given.value, how: "" };
  if (rule.prefixProp) {
    const prefix = tryGet(props, rule.prefixProp);
    if (!prefix.known) return undefined;
    if (typeof prefix.value === "string") return { value: prefix.value + PREFIX_SUFFIX, how: ` (${rule.prefixProp} ${JSON.stringify(prefix.value)} + the 26 characters the provider appends)` };
  }
  if (rule.autoname) return { value: logicalName + AUTONAME_SUFFIX, how: ` (autonamed: logical name ${JSON.stringify(logicalName)} + "-" + 7 hex characters)` };
  return undefined;
}

export function nameProblems(type: string, props: Record<string, any>, logicalName: string): string[] {
  const problems: string[] = [];
  for (const rule of NAME_RULES[type] ?? []) {
    const name = effectiveName(props, rule, logicalName);
    if (!name) continue;
    const { value, how } = name;
    const shown = `${rule.prop} ${JSON.stringify(value)}${how}`;
    if (value.length < rule.min || value.length > rule.max) problems.push(`${shown} is ${value.length} characters; AWS allows ${rule.min}-${rule.max} (${rule.cite})`);
    if (!rule.pattern.test(value)) problems.push(`${shown} must be ${rule.says} (${rule.cite})`);
    const extra = rule.extra?.(value);
    if (extra) problems.push(`${shown} ${extra} (${rule.cite})`);
  }
  return problems;
}

export const namesValid = resourceRule({
  name: "aws-resource-names-valid",
  description: "Names and identifiers meet the creating API's length and charset rules, counting Pulumi's autoname suffix (+8) and the provider's name-prefix suffix (+26).",
  covers: ["AWS input constraint: names and identifiers"],
  enforcementLevel: "mandatory",
  types: Object.keys(NAME_RULES),
  check: (p, _c, args: ResourceValidationArgs) => nameProblems(args.type, p, args.name),
});

// ---------------------------------------------------------------------------------------------------------------
// Other free-text fields AWS constrains

/** IAM's description charset: tab, LF, CR, printable ASCII and Latin-1 letters. */
const IAM_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;

export const descriptionsValid = resourceRule({
  name: "aws-descriptions-valid",
  description: "Free-text descriptions AWS constrains fit: IAM roles (at most 1000, IAM's charset), KMS keys (8192), secrets (2048); ElastiCache replication groups have one.",
  covers: ["AWS input constraint: descriptions"],
  enforcementLevel: "mandatory",
  types: ["aws:iam/role:Role", T.kmsKey, T.secret, T.cacheReplicationGroup],
  check: (p, _c, args) => {
    const d = tryGet(p, "description");
    if (!d.known || typeof d.value !== "string") return undefined;
    const text: string = d.value;
    switch (args.type) {
      case "aws:iam/role:Role":
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Description: 0-1000, [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*)
        if (text.length > 1000) return `description is ${text.length} characters; IAM allows at most 1000`;
        return IAM_DESCRIPTION.test(text) ? undefined : "description has characters IAM rejects (allowed: printable ASCII, tab, newline and Latin-1 letters)";
      case T.kmsKey:
        // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html (Description: 0-8192)
        return text.length > 8192 ? `description is ${text.length} characters; KMS allows at most 8192` : undefined;
      case T.secret:
        // https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html (Description: at most 2048)
        return text.length > 2048 ? `description is ${text.length} characters; Secrets Manager allows at most 2048` : undefined;
      default:
        // https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html (ReplicationGroupDescription: required)
        return text.trim().length === 0 ? "description must not be empty (ElastiCache requires ReplicationGroupDescription)" : undefined;
    }
  },
});


/**
 * Types the program creates that have no name or identifier of their own for AWS to constrain (their names are only
 * tags, or they are configuration of another resource). With NAME_RULES, this accounts for every type the program
 * creates: a test fails when a new type is in neither, so a new resource's name can't go unchecked by omission.
 */
export const UNNAMED_TYPES: readonly string[] = [
  "pulumi:providers:aws", "random:index/randomPassword:RandomPassword", "random:index/randomId:RandomId",
  T.bucketOwnershipControls, T.bucketPublicAccessBlock, T.bucketVersioning, T.bucketSse, T.bucketLogging, T.bucketLifecycle, T.bucketPolicy,
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  "aws:acm/certificateValidation:CertificateValidation",
  T.kmsKey, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", T.defaultSecurityGroup, T.ingressRule, T.egressRule, T.securityGroupRule,
  "aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws:secretsmanager/secretVersion:SecretVersion", T.flowLog, T.listener, "aws:appautoscaling/target:Target",
  T.vpc, T.subnet, "aws:ec2/internetGateway:InternetGateway", "aws:ec2/routeTable:RouteTable", "aws:ec2/routeTableAssociation:RouteTableAssociation",
  "aws:ec2/route:Route", T.natGateway, T.eip,
  // A network interface's only name is its Name tag; associating capacity providers names nothing new.
  "aws:ec2/networkInterface:NetworkInterface", "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  T.snsTopicPolicy, T.snsSubscription,
  // A health check has no name: CreateHealthCheck takes a CallerReference (the provider generates a unique one) and the
  // console's name is the Name tag, which tagsValid checks.
  // https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateHealthCheck.html
  T.route53HealthCheck,
  // CI/CD: a listener rule has no name (CreateRule takes a priority, 1-50000, and the component uses the
  // last one, PRODUCTION_RULE_PRIORITY); an OIDC provider is named by its issuer URL (CreateOpenIDConnectProvider).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
  "aws:lb/listenerRule:ListenerRule", "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
  // Recovery: a vault lock configures the vault it names; an event target's id is generated by the provider;
  // an FIS experiment template has no name (CreateExperimentTemplate takes a clientToken; the Name tag is checked by tagsValid).
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "aws:cloudwatch/eventTarget:EventTarget", "aws:fis/experimentTemplate:ExperimentTemplate",
  // Edge security and the account baseline: configuration of another resource, or an account setting. The
  // event target's id is generated by the provider; the cost allocation tag's key is checked by credlink:account:Baseline.
  T.webAclAssociation, T.webAclLogging, T.guardDuty, "aws:guardduty/detectorFeature:DetectorFeature",
  "aws:inspector2/enabler:Enabler", "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", "aws:costexplorer/costAllocationTag:CostAllocationTag",
  "aws:securityhub/account:Account", "aws:securityhub/standardsSubscription:StandardsSubscription",
  // AWS Backup's service opt-in: UpdateRegionSettings configures the account in one region and takes no name; a vault
  // access policy configures the vault it names (PutBackupVaultAccessPolicy).
  "aws:backup/regionSettings:RegionSettings", "aws:backup/vaultPolicy:VaultPolicy",
  // The DR region's copies: a registry's replication configuration is its one rule set (PutReplicationConfiguration
  // takes no name); replicated automated backups are named by their source instance (StartDBInstanceAutomatedBackupsReplication).
  "aws:ecr/replicationConfiguration:ReplicationConfiguration", "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
];

// ---------------------------------------------------------------------------------------------------------------
// Rules that span fields or services: no schema shows them, AWS refuses (or silently ignores) the wrong pairing.

/** Principal.Service of a policy statement, as a list (IAM's "one or many"). */
function servicePrincipals(statement: any): string[] {
  const principal = statement?.Principal;
  if (!principal || typeof principal !== "object") return [];
  const service = principal.Service;
  return Array.isArray(service) ? service.map(String) : service === undefined ? [] : [String(service)];
}

/** The global source condition keys EventBridge does not send on the KMS call SNS makes for an encrypted topic. */
export const EVENTBRIDGE_UNSUPPORTED_KEY_POLICY_CONDITIONS = ["aws:SourceAccount", "aws:SourceArn", "aws:SourceOrgID", "aws:SourceOrgPaths"] as const;

/**
 * The problems of a KMS key policy document: a statement for events.amazonaws.com conditioned on a source key.
 * The SNS developer guide ("Enable compatibility between event sources from AWS services and encrypted topics",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services) says
 * aws:SourceAccount, aws:SourceArn, aws:SourceOrgID and aws:SourceOrgPaths are not supported in the KMS key policy for
 * EventBridge delivery to an encrypted topic: the condition never matches, and every event is dropped (the rule's
 * FailedInvocations is the only trace). Scope by `kms:EncryptionContext:aws:sns:topicArn` instead.
 */
export function eventBridgeKeyPolicyProblems(policy: unknown): string[] {
  const document = parseJson(policy);
  const problems: string[] = [];
  for (const [i, statement] of many<any>(document?.Statement).entries()) {
    if (!servicePrincipals(statement).includes("events.amazonaws.com")) continue;
    const keys = Object.values(statement.Condition ?? {}).flatMap((block) => (block && typeof block === "object" ? Object.keys(block) : []));
    const unsupported = keys.filter((k) => EVENTBRIDGE_UNSUPPORTED_KEY_POLICY_CONDITIONS.some((u) => u.toLowerCase() === k.toLowerCase()));
    if (unsupported.length > 0) {
      problems.push(
        `Statement[${i}]${statement.Sid ? ` (${statement.Sid})` : ""} lets events.amazonaws.com use the key under ${unsupported.join(", ")}, which EventBridge does not send to KMS for an encrypted SNS topic: every event would be dropped; scope it with kms:EncryptionContext:aws:sns:topicArn (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services)`,
      );
    }
  }
  return problems;
}

export const kmsEventBridgeConditionsSupported = resourceRule({
  name: "aws-kms-eventbridge-statement-conditions-supported",
  description: "A KMS key policy statement for events.amazonaws.com (EventBridge to an encrypted SNS topic) uses no aws:SourceAccount/aws:SourceArn/aws:SourceOrgID/aws:SourceOrgPaths: KMS never sees them there.",
  covers: ["AWS cross-service constraint: EventBridge to an SSE-KMS SNS topic"],
  enforcementLevel: "mandatory",
  types: [T.kmsKey, "aws:kms/keyPolicy:KeyPolicy"],
  check: (p) => {
    const policy = tryGet(p, "policy");
    return policy.known ? eventBridgeKeyPolicyProblems(policy.value) : undefined;
  },
});

/**
 * S3 refuses replication metrics with an event threshold unless Replication Time Control is on in the same
 * destination: "InvalidArgument: Metrics cannot contain an event threshold when ReplicationTime is not specified or
 * Disabled" (the S3 API's answer to PutBucketReplication, reported in
 * https://github.com/crossplane-contrib/provider-aws/issues/1117; API_Metrics documents EventThreshold as the
 * s3:Replication:OperationMissedThreshold event, which only RTC emits).
 */
export function replicationMetricsProblems(rules: unknown): string[] {
  const problems: string[] = [];
  for (const [i, rule] of many<any>(plain(rules)).entries()) {
    const destination = rule?.destination;
    const threshold = destination?.metrics?.eventThreshold;
    if (threshold === undefined || threshold === null) continue;
    if (destination?.replicationTime?.status !== "Enabled") {
      problems.push(
        `rules[${i}]${rule.id ? ` (${rule.id})` : ""}.destination.metrics.eventThreshold is set without destination.replicationTime status "Enabled": S3 refuses it (InvalidArgument: Metrics cannot contain an event threshold when ReplicationTime is not specified or Disabled); send metrics { status } only, or turn Replication Time Control on`,
      );
    }
  }
  return problems;
}

export const s3ReplicationMetricsThreshold = resourceRule({
  name: "aws-s3-replication-metrics-threshold-needs-rtc",
  description: "A replication rule's metrics carry an eventThreshold only with Replication Time Control enabled in the same destination (S3 refuses the pair otherwise).",
  covers: ["AWS cross-field constraint: S3 replication metrics and RTC"],
  enforcementLevel: "mandatory",
  types: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
  check: (p) => {
    const rules = tryGet(p, "rules");
    return rules.known ? replicationMetricsProblems(rules.value) : undefined;
  },
});

/**
 * An Auto Scaling group's maximum instance lifetime: 0 (none) or 86,400 (one day) to 31,536,000 seconds (365 days)
 * (EC2 Auto Scaling API reference, CreateAutoScalingGroup, MaxInstanceLifetime:
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html).
 */
export const MIN_INSTANCE_LIFETIME_SECONDS = 86400;
export const MAX_INSTANCE_LIFETIME_SECONDS = 31536000;

export const autoScalingLifetimeValid = resourceRule({
  name: "aws-autoscaling-max-instance-lifetime-valid",
  description: "An Auto Scaling group's maxInstanceLifetime is 0, or 86,400 to 31,536,000 seconds (EC2 Auto Scaling refuses anything else).",
  covers: ["AWS input constraint: Auto Scaling MaxInstanceLifetime"],
  enforcementLevel: "mandatory",
  types: ["aws:autoscaling/group:Group"],
  check: (p) => {
    const lifetime = tryGet(p, "maxInstanceLifetime");
    if (!lifetime.known || lifetime.value === undefined || lifetime.value === null || lifetime.value === 0) return undefined;
    const n = Number(lifetime.value);
    return Number.isInteger(n) && n >= MIN_INSTANCE_LIFETIME_SECONDS && n <= MAX_INSTANCE_LIFETIME_SECONDS
      ? undefined
      : `maxInstanceLifetime ${JSON.stringify(lifetime.value)} must be 0 or an integer from ${MIN_INSTANCE_LIFETIME_SECONDS} (one day) to ${MAX_INSTANCE_LIFETIME_SECONDS} seconds (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html)`;
  },
});

export const awsCrossFieldPolicies: CredlinkPolicy[] = [kmsEventBridgeConditionsSupported, s3ReplicationMetricsThreshold, autoScalingLifetimeValid];

export const awsConstraintPolicies: CredlinkPolicy[] = [sgDescriptionsValid, tagsValid, namesValid, descriptionsValid, ...awsCrossFieldPolicies];
