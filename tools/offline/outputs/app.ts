/** Realistic outputs for the application tier's resource types (ECR, ECS, ELB, ACM, Route 53, CloudWatch, S3). */
import { TypeOutputs } from "./types";

/** The canonical hosted zone id of ALBs in each region (what `LoadBalancer.zoneId` returns). */
const ALB_ZONE_IDS: Record<string, string> = {
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-east-2": "Z3AADJGX6KTTL2",
  "us-west-2": "Z1H1FL5HABSF5",
  "eu-west-1": "Z32O12XQLNTSW2",
  "eu-central-1": "Z215JYRZR1TBD5",
};

export const appOutputs: TypeOutputs = {
  "aws:ecr/repository:Repository": (_args, ctx) => ({
    arn: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${ctx.physicalName}`,
    registryId: ctx.accountId,
    repositoryUrl: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${ctx.physicalName}`,
  }),
  "aws:ecs/cluster:Cluster": (_args, ctx) => ({ arn: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:cluster/${ctx.physicalName}` }),
  "aws:ecs/taskDefinition:TaskDefinition": (args, ctx) => ({
    arn: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:task-definition/${args.inputs.family}:1`,
    arnWithoutRevision: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:task-definition/${args.inputs.family}`,
    revision: 1,
  }),
  "aws:ecs/service:Service": (_args, ctx) => ({ arn: `arn:aws:ecs:${ctx.region}:${ctx.accountId}:service/${ctx.physicalName}` }),
  "aws:lb/loadBalancer:LoadBalancer": (args, ctx) => {
    const id = ctx.hex(args.name + "alb", 16);
    const lbName = ctx.physicalName.slice(0, 32);
    return {
      name: lbName,
      arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/app/${lbName}/${id}`,
      arnSuffix: `app/${lbName}/${id}`,
      dnsName: `${lbName}-${parseInt(ctx.hex(args.name, 8), 16)}.${ctx.region}.elb.amazonaws.com`,
      zoneId: ALB_ZONE_IDS[ctx.region] ?? "Z35SXDOTRQ7X7K",
    };
  },
  "aws:lb/targetGroup:TargetGroup": (args, ctx) => {
    const id = ctx.hex(args.name + "tg", 16);
    const tgName = ctx.physicalName.slice(0, 32);
    return {
      name: tgName,
      arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:targetgroup/${tgName}/${id}`,
      arnSuffix: `targetgroup/${tgName}/${id}`,
    };
  },
  "aws:lb/listener:Listener": (args, ctx) => ({
    arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:listener/app/${args.name}/${ctx.hex(args.name, 16)}/${ctx.hex(args.name + "l", 16)}`,
  }),
  "aws:acm/certificate:Certificate": (args, ctx) => {
    const h = (s: string, n: number) => ctx.hex(args.name + s, n);
    const domain: string = args.inputs.domainName;
    return {
      arn: `arn:aws:acm:${ctx.region}:${ctx.accountId}:certificate/${h("a", 8)}-${h("b", 4)}-4${h("c", 3)}-8${h("d", 3)}-${h("e", 12)}`,
      status: "PENDING_VALIDATION",
      domainValidationOptions: [
        {
          domainName: domain,
          resourceRecordName: `_${h("n", 32)}.${domain}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: `_${h("v", 32)}.${h("w", 10)}.acm-validations.aws.`,
        },
      ],
    };
  },
  "aws:route53/record:Record": (args) => ({ fqdn: String(args.inputs.name).replace(/\.$/, "") }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (_args, ctx) => ({ arn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${ctx.physicalName}` }),
  "aws:s3/bucket:Bucket": (args, ctx) => {
    const bucket: string = args.inputs.bucket ?? ctx.physicalName;
    return { bucket, arn: `arn:aws:s3:::${bucket}`, bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.amazonaws.com` };
  },
};
