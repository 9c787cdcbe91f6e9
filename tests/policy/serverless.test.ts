/** The serverless policies (the R2 copy's Lambda function and SQS queues), each with passing and failing cases. */
import * as sls from "../../policy/policies/serverless";
import { T } from "../../policy/lib/types";
import { resourceCases, stackCases } from "./cases";
import { KEY_ARN, res } from "./fixtures";

const fn = {
  name: "credlink-prod-proofs-r2-copy",
  runtime: "nodejs22.x",
  loggingConfig: { logFormat: "JSON", logGroup: "/aws/lambda/credlink-prod-proofs-r2-copy" },
  vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
};
const logGroup = { name: "/aws/lambda/credlink-prod-proofs-r2-copy", retentionInDays: 90, kmsKeyId: KEY_ARN };
const stack = (fnProps: Record<string, any>, groupProps?: Record<string, any>) => [
  { type: sls.LAMBDA_FUNCTION, name: "fn", props: fnProps },
  ...(groupProps ? [{ type: T.logGroup, name: "logs", props: groupProps }] : []),
];

describe("serverless policies", () => {
  stackCases(sls.lambdaLogGroup, {
    pass: [
      { title: "a function logging to its own CMK-encrypted group with a retention", stack: stack(fn, logGroup) },
      { title: "a function without loggingConfig whose default /aws/lambda/<name> group is in the stack", stack: stack({ ...fn, loggingConfig: undefined }, logGroup) },
    ],
    fail: [
      { title: "a function whose log group is not in the stack", stack: stack(fn), expect: /has no aws.cloudwatch.LogGroup named/ },
      { title: "a log group without a key", stack: stack(fn, { ...logGroup, kmsKeyId: undefined }), expect: /kmsKeyId must name a customer managed key/ },
      { title: "a log group on the aws/logs managed key", stack: stack(fn, { ...logGroup, kmsKeyId: "alias/aws/logs" }), expect: /AWS managed key/ },
      { title: "a log group kept forever", stack: stack(fn, { ...logGroup, retentionInDays: undefined }), expect: /retentionInDays/ },
    ],
  });
  resourceCases(sls.lambdaInVpc, {
    pass: [{ title: "a function in two private subnets with a security group", resource: res(sls.LAMBDA_FUNCTION, fn) }],
    fail: [
      { title: "a function outside any VPC", resource: res(sls.LAMBDA_FUNCTION, { ...fn, vpcConfig: undefined }), expect: /subnetIds/ },
      { title: "a function with subnets but no security group", resource: res(sls.LAMBDA_FUNCTION, { ...fn, vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: [] } }), expect: /securityGroupIds/ },
    ],
  });
  resourceCases(sls.lambdaNotPublic, {
    pass: [
      { title: "a function URL with IAM auth", resource: res(sls.LAMBDA_FUNCTION_URL, { functionName: "fn", authorizationType: "AWS_IAM" }) },
      { title: "an S3 permission scoped to a bucket", resource: res(sls.LAMBDA_PERMISSION, { function: "fn", action: "lambda:InvokeFunction", principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::b" }) },
    ],
    fail: [
      { title: "a function URL with NONE", resource: res(sls.LAMBDA_FUNCTION_URL, { functionName: "fn", authorizationType: "NONE" }), expect: /callable by anyone/ },
      { title: "a permission for principal *", resource: res(sls.LAMBDA_PERMISSION, { function: "fn", action: "lambda:InvokeFunction", principal: "*" }), expect: /anyone could invoke/ },
      { title: "a service permission without a source", resource: res(sls.LAMBDA_PERMISSION, { function: "fn", action: "lambda:InvokeFunction", principal: "s3.amazonaws.com" }), expect: /must set an exact sourceArn \(no wildcard\) or a 12-digit sourceAccount/ },
    ],
  });
  resourceCases(sls.sqsEncryptedCmk, {
    pass: [{ title: "a queue on a customer managed key", resource: res(sls.SQS_QUEUE, { kmsMasterKeyId: KEY_ARN }) }],
    fail: [
      { title: "a queue with SSE-SQS only", resource: res(sls.SQS_QUEUE, { sqsManagedSseEnabled: true }), expect: /kmsMasterKeyId must name a customer managed key/ },
      { title: "a queue on the aws/sqs managed key", resource: res(sls.SQS_QUEUE, { kmsMasterKeyId: "alias/aws/sqs" }), expect: /AWS managed key/ },
    ],
  });
});
