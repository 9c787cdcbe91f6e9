/** Realistic outputs for the NAT instances' resource types: what EC2 and Auto Scaling return. */
import { TypeOutputs } from "./types";

export const natOutputs: TypeOutputs = {
  // A new template is version 1, and with updateDefaultVersion its default too.
  "aws:ec2/launchTemplate:LaunchTemplate": (args, ctx) => ({
    latestVersion: 1,
    defaultVersion: 1,
    arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:launch-template/lt-${ctx.hex(args.name + args.type, 17)}`,
  }),
  "aws:ec2/networkInterface:NetworkInterface": (args, ctx) => {
    const id = `eni-${ctx.hex(args.name + args.type, 17)}`;
    return { arn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:network-interface/${id}`, macAddress: `02:${ctx.hex(args.name, 10).match(/../g)!.join(":")}`, ownerId: ctx.accountId };
  },
  "aws:autoscaling/group:Group": (args, ctx) => ({
    arn: `arn:aws:autoscaling:${ctx.region}:${ctx.accountId}:autoScalingGroup:${ctx.hex(args.name, 8)}-${ctx.hex(args.name + "g", 4)}-4${ctx.hex(args.name + "h", 3)}-8${ctx.hex(args.name + "i", 3)}-${ctx.hex(args.name + "j", 12)}:autoScalingGroupName/${ctx.physicalName}`,
  }),
  "aws:iam/instanceProfile:InstanceProfile": (_args, ctx) => ({ arn: `arn:aws:iam::${ctx.accountId}:instance-profile/${ctx.physicalName}` }),
};
