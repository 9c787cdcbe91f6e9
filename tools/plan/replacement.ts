/**
 * Which input changes replace a resource, for `--compare`.
 *
 * The facts come from `@aws-cdk/aws-service-spec`, the AWS CDK team's machine-readable model of every CloudFormation
 * resource: each property is marked `causesReplacement` yes / maybe / no (from the CloudFormation resource schemas'
 * createOnlyProperties and the documentation's "Update requires: Replacement"). It is loaded offline, from the
 * package's own database file, and only when a plan compares.
 *
 * The Pulumi AWS provider is not CloudFormation, so each Pulumi type is mapped to its CloudFormation type, and each
 * input to a CloudFormation property, by rule where the names allow it:
 *  - the type: the module's CloudFormation service (`SERVICES` where the names differ), then the resource whose name
 *    equals the Pulumi name (case aside) or is the one that ends with it, or it with that (MetricAlarm -> Alarm,
 *    Instance -> DBInstance);
 *  - an input: the property of the same name (camelCase vs PascalCase, case aside: `dbName` -> `DBName`), else the
 *    resource's name and the input's (`identifier` -> `DBInstanceIdentifier`), else the only property ending with it
 *    (`username` -> `MasterUsername`); nested inputs the same way inside the property's type definition.
 * The known differences between the two providers are the tables below, each entry with its reason: types the rule
 * maps wrongly or not at all, types with no CloudFormation resource of their own (Pulumi flattens some CloudFormation
 * properties into resources of their own: a bucket's versioning, a role's managed policy attachments) with the inputs
 * whose change replaces them in the provider, and inputs whose replacement behaviour differs.
 * tests/plan-replacement.test.ts checks that every type a committed stack or example registers is mapped or listed,
 * and each table entry.
 */
import type { SpecDatabase } from "@aws-cdk/service-spec-types";

/** yes: the change replaces the resource; maybe: it may (CloudFormation: "some interruptions" or conditional); no. */
export type Replaces = "yes" | "maybe" | "no";

export interface ReplaceFact {
  readonly replaces: Replaces;
  /** Where the fact comes from: the CloudFormation property ("AWS::RDS::DBInstance.KmsKeyId"), or the table's reason. */
  readonly source: string;
}

/** A Pulumi type's CloudFormation counterpart, or why it has none. */
export type TypeMapping =
  | { readonly kind: "cloudformation"; readonly cfnType: string; readonly how: "rule" | "table" }
  /** The provider's own facts (PROVIDER_FACTS). */
  | { readonly kind: "provider"; readonly why: string }
  /** No facts: another package (OTHER_PACKAGES), or nothing found (which the tests refuse for a registered type). */
  | { readonly kind: "none"; readonly why: string };

/** Pulumi AWS modules whose CloudFormation service has another name (aws:lb/... is AWS::ElasticLoadBalancingV2::...). */
export const SERVICES: Readonly<Record<string, readonly string[]>> = {
  lb: ["ElasticLoadBalancingV2"],
  alb: ["ElasticLoadBalancingV2"],
  elb: ["ElasticLoadBalancing"],
  cloudwatch: ["CloudWatch", "Events", "Logs"],
  vpc: ["EC2"],
  appautoscaling: ["ApplicationAutoScaling"],
  costexplorer: ["CE"],
  acm: ["CertificateManager"],
  inspector2: ["InspectorV2"],
  cognito: ["Cognito"],
  cfg: ["Config"],
  elasticsearch: ["Elasticsearch"],
  sfn: ["StepFunctions"],
};

/** Types the name rule maps wrongly or not at all, with their CloudFormation type. */
export const TYPE_TABLE: Readonly<Record<string, { readonly cfnType: string; readonly why: string }>> = {
  "aws:s3/bucketV2:BucketV2": { cfnType: "AWS::S3::Bucket", why: "the provider's v6 name for a bucket (an alias of aws.s3.Bucket in v7)" },
  "aws:iam/policy:Policy": { cfnType: "AWS::IAM::ManagedPolicy", why: "aws.iam.Policy is a managed policy; AWS::IAM::Policy is CloudFormation's inline one" },
  "aws:backup/vault:Vault": { cfnType: "AWS::Backup::BackupVault", why: "two vault types end with Vault" },
  "aws:backup/plan:Plan": { cfnType: "AWS::Backup::BackupPlan", why: "three plan types end with Plan" },
  "aws:backup/selection:Selection": { cfnType: "AWS::Backup::BackupSelection", why: "two selection types end with Selection" },
  "aws:rds/parameterGroup:ParameterGroup": { cfnType: "AWS::RDS::DBParameterGroup", why: "the cluster's parameter group also ends with ParameterGroup" },
  "aws:route53/record:Record": { cfnType: "AWS::Route53::RecordSet", why: "CloudFormation calls a record a RecordSet" },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { cfnType: "AWS::IAM::OIDCProvider", why: "CloudFormation abbreviates OpenID Connect" },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": { cfnType: "AWS::ECS::ClusterCapacityProviderAssociations", why: "CloudFormation names the association" },
  "aws:ec2/managedPrefixList:ManagedPrefixList": { cfnType: "AWS::EC2::PrefixList", why: "CloudFormation's name has no Managed" },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { cfnType: "AWS::EC2::SubnetRouteTableAssociation", why: "CloudFormation has one per kind (subnet, gateway): the plan's are subnets'" },
  // A remote component: offline its children never register. For what replaces it, it stands for the VPC it makes
  // (its cidrBlock is the VPC's CidrBlock); the plan infers the children themselves (subnets, routes, gateways).
  "awsx:ec2:Vpc": { cfnType: "AWS::EC2::VPC", why: "awsx's Vpc component stands for the VPC it creates" },
};

/**
 * Types whose replacement facts come from the provider instead of CloudFormation, with the inputs whose change
 * replaces them (the arguments terraform-provider-aws marks ForceNew / RequiresReplace, "forces new resource" in the
 * Pulumi registry's API docs). Most have no CloudFormation resource of their own: they are a CloudFormation property
 * that Pulumi (like Terraform) makes a resource of its own, so their identity input (the bucket, the role) replaces
 * them and everything else updates. The VPC security group rules have one, AWS::EC2::SecurityGroupIngress/Egress,
 * which replaces on every change; the provider's rule is modified in place (ModifySecurityGroupRules) except for its
 * group (terraform-provider-aws internal/service/ec2/vpc_security_group_ingress_rule.go: security_group_id
 * RequiresReplace).
 */
export const PROVIDER_FACTS: Readonly<Record<string, { readonly why: string; readonly replaceOnChange: readonly string[] }>> = {
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { why: "AWS::IAM::Role's ManagedPolicyArns, as a resource", replaceOnChange: ["role", "policyArn"] },
  "aws:s3/bucketVersioning:BucketVersioning": { why: "AWS::S3::Bucket's VersioningConfiguration, as a resource", replaceOnChange: ["bucket", "expectedBucketOwner"] },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { why: "AWS::S3::Bucket's BucketEncryption, as a resource", replaceOnChange: ["bucket", "expectedBucketOwner"] },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { why: "AWS::S3::Bucket's PublicAccessBlockConfiguration, as a resource", replaceOnChange: ["bucket"] },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { why: "AWS::S3::Bucket's OwnershipControls, as a resource", replaceOnChange: ["bucket"] },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { why: "AWS::S3::Bucket's LifecycleConfiguration, as a resource", replaceOnChange: ["bucket", "expectedBucketOwner"] },
  "aws:s3/bucketLogging:BucketLogging": { why: "AWS::S3::Bucket's LoggingConfiguration, as a resource", replaceOnChange: ["bucket", "expectedBucketOwner"] },
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": { why: "AWS::S3::Bucket's ObjectLockConfiguration, as a resource", replaceOnChange: ["bucket", "expectedBucketOwner"] },
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { why: "AWS::S3::Bucket's ReplicationConfiguration, as a resource", replaceOnChange: ["bucket"] },
  "aws:s3/bucketNotification:BucketNotification": { why: "AWS::S3::Bucket's NotificationConfiguration, as a resource", replaceOnChange: ["bucket"] },
  "aws:s3/bucketObjectv2:BucketObjectv2": { why: "an object in a bucket: CloudFormation manages no objects", replaceOnChange: ["bucket", "key"] },
  "aws:cloudwatch/eventTarget:EventTarget": { why: "AWS::Events::Rule's Targets, as a resource", replaceOnChange: ["rule", "targetId", "eventBusName"] },
  "aws:backup/vaultLockConfiguration:VaultLockConfiguration": { why: "AWS::Backup::BackupVault's LockConfiguration, as a resource", replaceOnChange: ["backupVaultName"] },
  "aws:backup/vaultPolicy:VaultPolicy": { why: "AWS::Backup::BackupVault's AccessPolicy, as a resource", replaceOnChange: ["backupVaultName"] },
  // AWS::Backup::LogicallyAirGappedBackupVault names its type differently; AWS Backup has no call that changes a
  // logically air-gapped vault's name or retention bounds (CreateLogicallyAirGappedBackupVault only), so the provider
  // replaces it on any of them (terraform-provider-aws backup_logically_air_gapped_vault: ForceNew).
  "aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault": {
    why: "AWS::Backup::LogicallyAirGappedBackupVault, a vault whose name and retention bounds only its creation sets",
    replaceOnChange: ["name", "minRetentionDays", "maxRetentionDays"],
  },
  "aws:backup/regionSettings:RegionSettings": { why: "an account setting per region (AWS Backup's opt-in), not a CloudFormation resource", replaceOnChange: [] },
  "aws:secretsmanager/secretVersion:SecretVersion": { why: "AWS::SecretsManager::Secret's SecretString, as a resource", replaceOnChange: ["secretId"] },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": { why: "AWS::ECR::Repository's LifecyclePolicy, as a resource", replaceOnChange: ["repository"] },
  "aws:guardduty/detectorFeature:DetectorFeature": { why: "AWS::GuardDuty::Detector's Features, as a resource", replaceOnChange: ["detectorId", "name"] },
  "aws:inspector2/enabler:Enabler": { why: "an account setting (Inspector's enablement), not a CloudFormation resource", replaceOnChange: [] },
  "aws:acm/certificateValidation:CertificateValidation": { why: "a wait for DNS validation, not a CloudFormation resource", replaceOnChange: ["certificateArn", "validationRecordFqdns"] },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { why: "adopts the VPC's default group: CloudFormation can't manage it", replaceOnChange: ["vpcId"] },
  // The RDS API can only start and stop a replication (StartDBInstanceAutomatedBackupsReplication /
  // StopDBInstanceAutomatedBackupsReplication; no modify call), so the provider replaces it on any change: every
  // argument "Forces new resource" (terraform-provider-aws db_instance_automated_backups_replication docs).
  // CloudFormation has no resource for it (AWS::RDS::DBInstance's AutomaticBackupReplicationRegion is a property).
  "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": {
    why: "AWS::RDS::DBInstance's AutomaticBackupReplication* properties, as a resource the RDS API can only start and stop",
    replaceOnChange: ["sourceDbInstanceArn", "kmsKeyId", "retentionPeriod", "preSignedUrl"],
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { why: "the provider modifies a rule in place; CloudFormation's SecurityGroupIngress would replace it", replaceOnChange: ["securityGroupId"] },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { why: "the provider modifies a rule in place; CloudFormation's SecurityGroupEgress would replace it", replaceOnChange: ["securityGroupId"] },
};

/**
 * Whole packages without CloudFormation counterparts: our components (no state of their own: their children carry
 * every change), providers (changing a provider's region replaces the provider and every resource it manages), and
 * the random and tls providers, whose resources are immutable: every input is "forces new resource" in their docs.
 */
export const OTHER_PACKAGES: readonly { readonly prefix: string; readonly why: string; readonly replaceOnChange: readonly string[] | "every input" }[] = [
  { prefix: "credlink:", why: "a CredLink component: no state of its own, its children carry the changes", replaceOnChange: [] },
  { prefix: "awsx:", why: "an awsx component: its children carry the changes", replaceOnChange: [] },
  { prefix: "pulumi:providers:", why: "a provider: its region replaces it and every resource it manages", replaceOnChange: ["region"] },
  { prefix: "random:", why: "the random provider: every input forces a new value", replaceOnChange: "every input" },
  { prefix: "tls:", why: "the tls provider: every input forces a new key or certificate", replaceOnChange: "every input" },
  { prefix: "cloudflare:", why: "Cloudflare's provider: not CloudFormation, and no replacement facts offline (changes show as updates)", replaceOnChange: [] },
];

/** An input the rule can't map: the CloudFormation property it is (a path into the resource), or its own fact. */
export type InputDifference = { readonly cfn: string; readonly why: string } | { readonly replaces: Replaces; readonly why: string };

/**
 * Inputs the name rule maps wrongly or not at all, or whose behaviour in the provider differs from CloudFormation's.
 * `"*"` applies to every AWS type. Only inputs that matter for replacement are listed: an unmapped input updates.
 */
export const INPUT_TABLE: Readonly<Record<string, Readonly<Record<string, InputDifference>>>> = {
  "*": {
    // Pulumi AWS v7's per-resource region (registry: "Enhanced Region Support"): moving a resource to another region
    // creates it there and deletes the old one.
    region: { replaces: "yes", why: "the provider's per-resource region: a resource in another region is a new one" },
    tagsAll: { replaces: "no", why: "the provider's merged tags: updated in place" },
    // The provider's own switches for how it deletes a resource: no property of the resource, never a replacement.
    forceDestroy: { replaces: "no", why: "the provider's switch for deleting a non-empty resource" },
    forceDelete: { replaces: "no", why: "the provider's switch for deleting a non-empty resource" },
    skipFinalSnapshot: { replaces: "no", why: "the provider's switch for the snapshot it takes on delete" },
    finalSnapshotIdentifier: { replaces: "no", why: "the name of the snapshot the provider takes on delete" },
  },
  // The stateful types' inputs that CloudFormation names otherwise (tests/plan-replacement.test.ts wants every input
  // the stacks set on a stateful type to have a fact).
  "aws:rds/instance:Instance": {
    vpcSecurityGroupIds: { cfn: "VPCSecurityGroups", why: "another name" },
    iamDatabaseAuthenticationEnabled: { cfn: "EnableIAMDatabaseAuthentication", why: "another name" },
    enabledCloudwatchLogsExports: { cfn: "EnableCloudwatchLogsExports", why: "another name" },
    performanceInsightsEnabled: { cfn: "EnablePerformanceInsights", why: "another name" },
    masterUserSecretKmsKeyId: { cfn: "MasterUserSecret.KmsKeyId", why: "the managed master secret's key, one level down" },
  },
  "aws:secretsmanager/secret:Secret": { recoveryWindowInDays: { replaces: "no", why: "how long the provider's delete waits: updated in place" } },
  // CloudFormation fails an update of a key's spec or usage (it won't replace a key); the provider replaces the key
  // (terraform-provider-aws kms/key.go: customer_master_key_spec, key_usage, multi_region, custom_key_store_id and
  // xks_key_id are ForceNew).
  "aws:kms/key:Key": {
    deletionWindowInDays: { cfn: "PendingWindowInDays", why: "another name" },
    customerMasterKeySpec: { replaces: "yes", why: "the provider replaces a key whose spec changes" },
    keyUsage: { replaces: "yes", why: "the provider replaces a key whose usage changes" },
    multiRegion: { replaces: "yes", why: "the provider replaces a key made multi-Region" },
    customKeyStoreId: { replaces: "yes", why: "the provider replaces a key moved to another key store" },
    xksKeyId: { replaces: "yes", why: "the provider replaces a key bound to another external key" },
  },
  // The provider's name prefix is CloudFormation's name, generated: a new prefix is a new name.
  "aws:s3/bucket:Bucket": { bucketPrefix: { cfn: "BucketName", why: "a name prefix generates the bucket's name" } },
  "aws:s3/bucketV2:BucketV2": { bucketPrefix: { cfn: "BucketName", why: "a name prefix generates the bucket's name" } },
  "aws:ec2/flowLog:FlowLog": {
    vpcId: { cfn: "ResourceId", why: "the provider names the flow log's resource by its kind" },
    subnetId: { cfn: "ResourceId", why: "the provider names the flow log's resource by its kind" },
    eniId: { cfn: "ResourceId", why: "the provider names the flow log's resource by its kind" },
    iamRoleArn: { cfn: "DeliverLogsPermissionArn", why: "another name" },
  },
  "aws:iam/rolePolicy:RolePolicy": {
    role: { cfn: "RoleName", why: "another name" },
    name: { cfn: "PolicyName", why: "another name" },
    policy: { cfn: "PolicyDocument", why: "another name" },
  },
  "aws:sns/topicSubscription:TopicSubscription": { topic: { cfn: "TopicArn", why: "another name" } },
  "aws:sns/topicPolicy:TopicPolicy": { arn: { replaces: "yes", why: "the provider keeps one policy per topic (topic_arn forces a new resource); CloudFormation's takes a list" } },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": { clusterName: { cfn: "Cluster", why: "another name" } },
  "aws:backup/vault:Vault": { kmsKeyArn: { cfn: "EncryptionKeyArn", why: "another name" } },
  "aws:lb/loadBalancer:LoadBalancer": {
    internal: { cfn: "Scheme", why: "a boolean for CloudFormation's internet-facing | internal" },
    loadBalancerType: { cfn: "Type", why: "another name" },
  },
  "aws:ec2/launchTemplate:LaunchTemplate": { name: { cfn: "LaunchTemplateName", why: "another name" } },
};

let database: SpecDatabase | undefined;

/** The service spec database, loaded once per process (about half a second). */
export function serviceSpec(): SpecDatabase {
  if (!database) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadAwsServiceSpecSync } = require("@aws-cdk/aws-service-spec") as typeof import("@aws-cdk/aws-service-spec");
    database = loadAwsServiceSpecSync();
  }
  return database;
}

type CfnResource = { readonly properties: Record<string, CfnProperty>; readonly name: string; readonly cloudFormationType: string };
interface CfnProperty {
  readonly type: CfnType;
  readonly causesReplacement?: Replaces;
}
type CfnType = { type: string; reference?: { $ref: string }; element?: CfnType; types?: CfnType[] };

let byService: Map<string, CfnResource[]> | undefined;
function resourcesOf(service: string): CfnResource[] {
  if (!byService) {
    byService = new Map();
    for (const r of serviceSpec().all("resource") as CfnResource[]) {
      const key = r.cloudFormationType.split("::")[1].toLowerCase();
      byService.set(key, [...(byService.get(key) ?? []), r]);
    }
  }
  return byService.get(service.toLowerCase()) ?? [];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The CloudFormation counterpart of a Pulumi type, by the tables, then by rule. */
export function cfnTypeOf(type: string): TypeMapping {
  const table = TYPE_TABLE[type];
  if (table) return { kind: "cloudformation", cfnType: table.cfnType, how: "table" };
  const provider = PROVIDER_FACTS[type];
  if (provider) return { kind: "provider", why: provider.why };
  const other = OTHER_PACKAGES.find((p) => type.startsWith(p.prefix));
  if (other) return { kind: "none", why: other.why };
  const m = /^aws:([^/:]+)\/[^:]+:(.+)$/.exec(type);
  if (!m) return { kind: "none", why: "not an AWS provider type" };
  const [, module, name] = m;
  const candidates = (SERVICES[module] ?? [module]).flatMap(resourcesOf);
  const exact = candidates.filter((r) => same(r.name, name));
  if (exact.length === 1) return { kind: "cloudformation", cfnType: exact[0].cloudFormationType, how: "rule" };
  const lower = name.toLowerCase();
  const affix = candidates.filter((r) => r.name.toLowerCase().endsWith(lower) || lower.endsWith(r.name.toLowerCase()));
  if (affix.length === 1) return { kind: "cloudformation", cfnType: affix[0].cloudFormationType, how: "rule" };
  return { kind: "none", why: affix.length > 1 ? `ambiguous: ${affix.map((r) => r.cloudFormationType).join(", ")}` : "no CloudFormation resource of that name" };
}

function cfnResource(cfnType: string): CfnResource | undefined {
  return (serviceSpec().lookup("resource", "cloudFormationType", "equals", cfnType) as unknown as CfnResource[])[0];
}

/** Pulumi's plural for a list block: `encryptionConfigurations` -> `encryptionConfiguration`, `strategies` -> `strategy`. */
const singular = (name: string) => (name.endsWith("ies") ? `${name.slice(0, -3)}y` : name.endsWith("s") ? name.slice(0, -1) : name);

/** The property of `properties` an input of this name maps to (see the header), or undefined. */
export function cfnPropertyName(input: string, properties: Readonly<Record<string, unknown>>, ownerName: string): string | undefined {
  const names = Object.keys(properties);
  for (const candidate of [input, singular(input)]) {
    const exact = names.find((n) => same(n, candidate));
    if (exact) return exact;
    const prefixed = names.find((n) => same(n, `${ownerName}${candidate}`));
    if (prefixed) return prefixed;
  }
  if (input.length < 4) return undefined;
  const ending = names.filter((n) => n.toLowerCase().endsWith(input.toLowerCase()));
  return ending.length === 1 ? ending[0] : undefined;
}

/** The type definition a property type refers to (through arrays, maps and unions), if any. */
function definitionOf(type: CfnType | undefined): CfnOwner | undefined {
  if (!type) return undefined;
  if (type.type === "ref" && type.reference) return serviceSpec().get("typeDefinition", type.reference.$ref) as unknown as CfnOwner;
  if (type.element) return definitionOf(type.element);
  for (const t of type.types ?? []) {
    const d = definitionOf(t);
    if (d) return d;
  }
  return undefined;
}

interface CfnOwner {
  readonly name: string;
  readonly properties: Record<string, CfnProperty>;
}

/**
 * The CloudFormation path of an input, in `owner`: by name, or, when no property of `owner` has it, inside the one
 * property whose type definition does (Pulumi flattens some blocks: a Route 53 health check's `type` is
 * HealthCheckConfig.Type).
 */
function locate(input: string, owner: CfnOwner): string[] | undefined {
  const direct = cfnPropertyName(input, owner.properties, owner.name);
  if (direct) return [direct];
  const nested = Object.entries(owner.properties)
    .map(([name, p]) => {
      const def = definitionOf(p.type);
      const inner = def && cfnPropertyName(input, def.properties, def.name);
      return inner ? [name, inner] : undefined;
    })
    .filter((x): x is string[] => x !== undefined);
  return nested.length === 1 ? nested[0] : undefined;
}

/** The property at a CloudFormation path and the definition that holds its last segment. */
function propertyAt(resource: CfnOwner, path: readonly string[]): CfnProperty[] {
  const chain: CfnProperty[] = [];
  let owner: CfnOwner | undefined = resource;
  for (const name of path) {
    const property: CfnProperty | undefined = owner?.properties[name];
    if (!property) break;
    chain.push(property);
    owner = definitionOf(property.type);
  }
  return chain;
}

/**
 * Whether changing the input at `path` (property names, array indexes already removed) replaces a resource of `type`,
 * and the source of that fact; undefined when nothing maps it (the change is then an update).
 */
export function replacesOnChange(type: string, path: readonly string[]): ReplaceFact | undefined {
  const [top, ...rest] = path;
  if (top === undefined) return undefined;
  if (!TYPE_TABLE[type]) {
    const provider = PROVIDER_FACTS[type];
    if (provider) return provider.replaceOnChange.includes(top) ? { replaces: "yes", source: `the provider: ${provider.why}` } : undefined;
    const other = OTHER_PACKAGES.find((p) => type.startsWith(p.prefix));
    if (other) return other.replaceOnChange === "every input" || other.replaceOnChange.includes(top) ? { replaces: "yes", source: other.why } : undefined;
  }
  const difference = INPUT_TABLE[type]?.[top] ?? (type.startsWith("aws:") ? INPUT_TABLE["*"][top] : undefined);
  if (difference && "replaces" in difference) return { replaces: difference.replaces, source: difference.why };
  const mapping = cfnTypeOf(type);
  if (mapping.kind !== "cloudformation") return undefined;
  const resource = cfnResource(mapping.cfnType);
  if (!resource) return undefined;
  // The CloudFormation path: the top input by the table or the rule, then each nested input inside its definition.
  const cfnPath = difference ? difference.cfn.split(".") : locate(top, resource);
  if (!cfnPath) return undefined;
  let chain = propertyAt(resource, cfnPath);
  if (chain.length < cfnPath.length) return undefined;
  for (const segment of rest) {
    const def = definitionOf(chain[chain.length - 1]?.type);
    const more = def && locate(segment, def);
    if (!more) break;
    cfnPath.push(...more);
    chain = propertyAt(resource, cfnPath);
  }
  const source = (n: number) => `${mapping.cfnType}.${cfnPath.slice(0, n).join(".")}`;
  // The outermost property that replaces decides ("yes" before "maybe").
  const yes = chain.findIndex((p) => p.causesReplacement === "yes");
  if (yes >= 0) return { replaces: "yes", source: source(yes + 1) };
  const additional = (resource as unknown as { additionalReplacementProperties?: string[][] }).additionalReplacementProperties ?? [];
  const extra = additional.find((a) => a.every((seg, i) => cfnPath[i] === seg));
  if (extra) return { replaces: "yes", source: source(extra.length) };
  const maybe = chain.findIndex((p) => p.causesReplacement === "maybe");
  if (maybe >= 0) return { replaces: "maybe", source: source(maybe + 1) };
  return { replaces: "no", source: source(chain.length) };
}
