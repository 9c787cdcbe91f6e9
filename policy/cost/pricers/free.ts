/**
 * Types AWS doesn't charge for, or that cost nothing by themselves (their cost is another resource's line or a usage
 * line), each with the reason: one free line per resource, so the table shows that the model saw it.
 */
import { T } from "../../lib/types";
import type { Pricer } from "./types";

/** "Role" from "aws:iam/role:Role": the item of a line about the resource as a whole. */
export const typeName = (type: string): string => type.split(":").pop() ?? type;

/** The pricer of a type that costs nothing itself: one free line named after the type, saying why. */
export const free =
  (why: string): Pricer =>
  (r, ctx) =>
    ctx.push(r, typeName(r.type), 0, 0, `free: ${why}`, "free");

const FREE: Readonly<Record<string, string>> = {
  [T.vpc]: "VPCs are free",
  [T.subnet]: "subnets are free",
  "aws:ec2/routeTable:RouteTable": "route tables are free",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "free",
  "aws:ec2/route:Route": "free",
  "aws:ec2/internetGateway:InternetGateway": "internet gateways are free (data transfer is usage)",
  [T.securityGroup]: "security groups are free",
  [T.defaultSecurityGroup]: "security groups are free",
  [T.securityGroupRule]: "free",
  [T.ingressRule]: "free",
  [T.egressRule]: "free",
  "aws:iam/role:Role": "IAM is free",
  "aws:iam/rolePolicy:RolePolicy": "IAM is free",
  "aws:iam/policy:Policy": "IAM is free",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is free",
  "aws:kms/alias:Alias": "aliases are free",
  "aws:rds/subnetGroup:SubnetGroup": "free",
  [T.rdsParameterGroup]: "free",
  "aws:elasticache/subnetGroup:SubnetGroup": "free",
  "aws:elasticache/parameterGroup:ParameterGroup": "free",
  [T.bucketSse]: "configuration of a bucket",
  [T.bucketPublicAccessBlock]: "configuration of a bucket",
  [T.bucketOwnershipControls]: "configuration of a bucket",
  [T.bucketVersioning]: "configuration of a bucket (versions are storage usage)",
  [T.bucketLifecycle]: "configuration of a bucket",
  [T.bucketLogging]: "configuration of a bucket (log objects are storage usage)",
  [T.bucketPolicy]: "configuration of a bucket",
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": "configuration of a bucket",
  [T.ecsCluster]: "ECS clusters are free (Container Insights metrics are CloudWatch usage)",
  [T.ecsTaskDefinition]: "task definitions are free; the service's tasks are priced",
  [T.listener]: "listeners are included in the ALB's hours and LCUs",
  [T.albListenerAlias]: "listeners are included in the ALB's hours and LCUs",
  "aws:lb/listenerRule:ListenerRule": "included in the ALB's LCUs",
  "aws:lb/targetGroup:TargetGroup": "included in the ALB's hours",
  "aws:appautoscaling/target:Target": "free",
  [T.webAclAssociation]: "free",
  [T.webAclLogging]: "free (log delivery is CloudWatch/S3 usage)",
  [T.snsTopic]: "SNS topics are free at low volume",
  [T.snsTopicPolicy]: "free",
  [T.snsSubscription]: "free at low volume (email and HTTPS deliveries: the first 1,000 emails and 100,000 HTTP/S a month free)",
  "aws:backup/selection:Selection": "free",
  "aws:backup/vaultPolicy:VaultPolicy": "a vault's access policy is configuration",
  "aws:route53/record:Record": "records are free; queries are usage",
  [T.acmCertificate]: "public ACM certificates are free",
  "aws:acm/certificateValidation:CertificateValidation": "free",
  "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "free",
  "aws:cloudwatch/eventRule:EventRule": "free for AWS service events",
  "aws:cloudwatch/eventTarget:EventTarget": "free",
};

export const freePricers: Readonly<Record<string, Pricer>> = Object.fromEntries(Object.entries(FREE).map(([type, why]) => [type, free(why)]));
