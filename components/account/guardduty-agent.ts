/**
 * credlink:account:GuardDutyAgentAccess: lets a service's task execution role pull GuardDuty's runtime-monitoring
 * agent, the sidecar GuardDuty injects into every Fargate task once runtime monitoring with ECS_FARGATE_AGENT_MANAGEMENT
 * is on in the account (whichever stack owns the baseline). The execution roles here may pull only their own repository,
 * so without this the agent can't start and the task runs unmonitored.
 *
 * The agent's repository is `<account>.dkr.ecr.<region>.amazonaws.com/aws-guardduty-agent-fargate`, in an AWS account
 * per region: GuardDuty User Guide, "ECR Repository for GuardDuty agent on AWS Fargate (Amazon ECS only)".
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The AWS account hosting the Fargate agent, per region (GuardDuty User Guide, as read 2026-11). */
export const GUARDDUTY_AGENT_ACCOUNTS: Readonly<Record<string, string>> = {
  "us-east-1": "593207742271",
  "us-east-2": "307168627858",
  "us-west-1": "684579721401",
  "us-west-2": "733349766148",
  "ca-central-1": "354763396469",
  "eu-west-1": "694911143906",
  "eu-west-2": "892757235363",
  "eu-west-3": "665651866788",
  "eu-north-1": "591436053604",
  "eu-central-1": "323658145986",
  "sa-east-1": "758426053663",
  "ap-south-1": "251508486986",
  "ap-south-2": "950823858135",
  "me-central-1": "000014521398",
};

export interface GuardDutyAgentAccessArgs {
  /** The region the tasks run in: it picks the agent's repository. */
  readonly region: string;
  /** The ARN of the task execution role that pulls the agent. */
  readonly executionRoleArn: pulumi.Input<string>;
}

/** The agent repository's ARN in `region`; undefined where the table has no entry. */
export function guardDutyAgentRepositoryArn(region: string): string | undefined {
  const account = GUARDDUTY_AGENT_ACCOUNTS[region];
  return account ? `arn:aws:ecr:${region}:${account}:repository/aws-guardduty-agent-fargate` : undefined;
}

export class GuardDutyAgentAccess extends pulumi.ComponentResource {
  /** Plain-language warnings (a region without a known agent repository). */
  public readonly warnings: readonly string[];

  constructor(name: string, args: GuardDutyAgentAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("credlink:account:GuardDutyAgentAccess", name, {}, opts);
    const repository = guardDutyAgentRepositoryArn(args.region);
    if (repository === undefined) {
      this.warnings = [
        `${name}: no GuardDuty Fargate agent repository is known for ${args.region}: add it to GUARDDUTY_AGENT_ACCOUNTS (components/account/guardduty-agent.ts), or GuardDuty's agent can't start in the tasks`,
      ];
    } else {
      this.warnings = [];
      new aws.iam.RolePolicy(
        name,
        {
          role: pulumi.output(args.executionRoleArn).apply((arn) => arn.split("/").pop() as string),
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "PullTheGuardDutyAgent",
                Effect: "Allow",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                Resource: repository,
              },
            ],
          }),
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
