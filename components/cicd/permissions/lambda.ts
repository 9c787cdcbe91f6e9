/**
 * AWS Lambda: the R2 copy function and its SQS event source mapping, and the scheduled checks' functions with the
 * permission that lets their EventBridge schedule invoke them.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
 */
import { place, regional, ServicePermissions } from "./types";

export const lambda: ServicePermissions = {
  service: "lambda",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html",
  types: {
    "aws:lambda/function:Function": {
      // A function in a VPC: Lambda checks the caller may describe the subnets, groups and VPCs it names.
      create: ["lambda:CreateFunction", "lambda:TagResource", "lambda:PutFunctionConcurrency", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"],
      // GetFunction returns the code's location too: the deploy role needs it for refresh; the preview role does not get it.
      read: ["lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency", "lambda:ListVersionsByFunction", "lambda:ListTags"],
      update: ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:TagResource", "lambda:UntagResource", "lambda:PublishVersion"],
      delete: ["lambda:DeleteFunction"],
      passRoleTo: ["lambda.amazonaws.com"],
      // Environment variables encrypted with a customer managed key.
      kmsVia: ["lambda"],
    },
    // A scheduled check's: EventBridge may invoke the function (its resource-based policy), for the one rule.
    "aws:lambda/permission:Permission": {
      create: ["lambda:AddPermission"],
      read: ["lambda:GetPolicy"],
      delete: ["lambda:RemovePermission"],
    },
    "aws:lambda/eventSourceMapping:EventSourceMapping": {
      create: ["lambda:CreateEventSourceMapping", "lambda:TagResource"],
      read: ["lambda:GetEventSourceMapping", "lambda:ListTags"],
      update: ["lambda:UpdateEventSourceMapping", "lambda:TagResource", "lambda:UntagResource"],
      delete: ["lambda:DeleteEventSourceMapping"],
    },
  },
  statements: (s, actions) =>
    place(
      "lambda",
      actions,
      [
        // Event source mappings are created without a resource ARN of their own (a generated UUID): the function is named
        // by the lambda:FunctionArn condition.
        {
          sid: "EventSourceMappingsOfThisStacksFunctions",
          takes: /EventSourceMapping$/,
          resources: () => "*",
          condition: (x) => ({ ArnLike: { "lambda:FunctionArn": regional(x, "lambda", `function:${x.prefix}-*`) } }),
        },
        { sid: "ThisStacksFunctions", takes: /^lambda:/, resources: (x) => [...regional(x, "lambda", `function:${x.prefix}-*`), ...regional(x, "lambda", `event-source-mapping:*`)] },
      ],
      s,
    ),
};
