/**
 * Serverless (the R2 copy): Lambda functions and SQS queues. A function logs to a log group encrypted with a
 * customer managed key and with a retention, runs in a VPC, and is never public (no function URL without IAM auth,
 * no resource policy for everyone); queues are encrypted with a customer managed key.
 */
import { cmkProblem, isWildcardPrincipal } from "../lib/aws";
import { isExactAccount, isExactArn } from "../lib/pins";
import { CredlinkPolicy, eachOfType, getOr, many, plain, resourceRule, stackRule } from "../lib/rules";
import { T } from "../lib/types";

export const LAMBDA_FUNCTION = "aws:lambda/function:Function";
export const LAMBDA_PERMISSION = "aws:lambda/permission:Permission";
export const LAMBDA_FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl";
export const SQS_QUEUE = "aws:sqs/queue:Queue";

/** The log group a function writes to: `loggingConfig.logGroup`, else Lambda's default `/aws/lambda/<name>`. */
export function functionLogGroupName(props: Record<string, any>): string | undefined {
  const configured = getOr<string | undefined>(props, ["loggingConfig", "logGroup"], undefined);
  if (configured) return configured;
  const name = getOr<string | undefined>(props, ["name"], undefined);
  return name ? `/aws/lambda/${name}` : undefined;
}

export const lambdaLogGroup = stackRule({
  name: "lambda-log-group-encrypted-with-retention",
  description: "Every Lambda function's log group (loggingConfig.logGroup, or /aws/lambda/<name>) is in the stack, encrypted with a customer managed key and with a retention (Lambda would otherwise create it unencrypted and kept forever).",
  covers: ["Lambda log group: CMK and retention"],
  enforcementLevel: "mandatory",
  check: eachOfType([LAMBDA_FUNCTION], (fn, all) => {
    const name = functionLogGroupName(fn.props);
    if (!name) return undefined; // unknown during preview
    const group = all.find((r) => r.type === T.logGroup && getOr(r.props, ["name"], undefined) === name);
    if (!group) return `has no aws.cloudwatch.LogGroup named ${name} in the stack (Lambda would create one with no key and no retention)`;
    const problems: string[] = [];
    const cmk = cmkProblem("kmsKeyId", getOr(group.props, ["kmsKeyId"], undefined));
    if (cmk) problems.push(`its log group ${name}: ${cmk}`);
    const days = Number(getOr(group.props, ["retentionInDays"], 0));
    if (!(days > 0)) problems.push(`its log group ${name} must set retentionInDays`);
    return problems;
  }),
});

export const lambdaInVpc = resourceRule({
  name: "lambda-function-in-vpc",
  description: "Lambda functions run in the VPC (vpcConfig with subnets and security groups), so their egress goes through the stack's network controls.",
  covers: ["CKV_AWS_117"],
  enforcementLevel: "mandatory",
  types: [LAMBDA_FUNCTION],
  check: (p) => {
    const vpc = plain(p.vpcConfig) as { subnetIds?: string[]; securityGroupIds?: string[] } | undefined;
    if (!vpc || many(vpc.subnetIds).length === 0) return "vpcConfig.subnetIds must name the private subnets";
    if (many(vpc.securityGroupIds).length === 0) return "vpcConfig.securityGroupIds must name a security group";
    return undefined;
  },
});

export const lambdaNotPublic = resourceRule({
  name: "lambda-function-not-public",
  description: "No Lambda function is public: no function URL with authorizationType NONE, and no permission for the wildcard principal '*' (or for a service without an exact source ARN or a 12-digit source account: a pattern is not a pin).",
  covers: ["CKV_AWS_301", "CKV_AWS_258"],
  enforcementLevel: "mandatory",
  types: [LAMBDA_PERMISSION, LAMBDA_FUNCTION_URL],
  check: (p, _c, args) => {
    if (args.type === LAMBDA_FUNCTION_URL) {
      return p.authorizationType === "AWS_IAM" ? undefined : `authorizationType must be AWS_IAM, got ${p.authorizationType ?? "(unset)"}: a function URL with NONE is callable by anyone`;
    }
    if (isWildcardPrincipal(p.principal)) return 'principal must not be "*": anyone could invoke the function';
    // Pinned means exact (lib/pins.ts): a 12-digit sourceAccount, or a sourceArn without wildcards.
    if (/\.amazonaws\.com$/.test(String(p.principal ?? "")) && !isExactArn(p.sourceArn) && !isExactAccount(p.sourceAccount)) {
      return `a permission for the service ${p.principal} must set an exact sourceArn (no wildcard) or a 12-digit sourceAccount (else any account's ${p.principal} resources may invoke it), got sourceArn ${JSON.stringify(p.sourceArn ?? null)}, sourceAccount ${JSON.stringify(p.sourceAccount ?? null)}`;
    }
    return undefined;
  },
});

export const sqsEncryptedCmk = resourceRule({
  name: "sqs-queue-encrypted-with-cmk",
  description: "SQS queues are encrypted with a customer managed KMS key (kmsMasterKeyId), not SSE-SQS or the aws/sqs managed key.",
  covers: ["CKV_AWS_27", "AVD-AWS-0096"],
  enforcementLevel: "mandatory",
  types: [SQS_QUEUE],
  check: (p) => cmkProblem("kmsMasterKeyId", p.kmsMasterKeyId),
});

export const serverlessPolicies: CredlinkPolicy[] = [lambdaLogGroup, lambdaInVpc, lambdaNotPublic, sqsEncryptedCmk];
