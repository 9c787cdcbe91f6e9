import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DataSecurityGroupArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The group's own description. */
  readonly description: string;
  /** The one TCP port the data store listens on. */
  readonly port: number;
  /** What listens on the port, for each rule's description: "PostgreSQL", "Valkey", ... */
  readonly serviceLabel: string;
  /** Groups admitted on `port`, one ingress rule each, named `<name>-from-<index>`: append, never reorder. */
  readonly allowedSecurityGroupIds: readonly pulumi.Input<string>[];
}

/**
 * A data store's security group: no inline rules, no egress (the provider removes AWS's default allow-all egress;
 * a data store answers connections and never opens any), and one described ingress rule per admitted group on the
 * store's port. Nothing else is admitted; an empty list admits nobody.
 */
export function createDataSecurityGroup(name: string, args: DataSecurityGroupArgs, parent: pulumi.Resource): aws.ec2.SecurityGroup {
  const securityGroup = new aws.ec2.SecurityGroup(name, { vpcId: args.vpcId, description: args.description }, { parent });
  args.allowedSecurityGroupIds.forEach((source, i) => {
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-${i}`,
      {
        securityGroupId: securityGroup.id,
        referencedSecurityGroupId: source,
        ipProtocol: "tcp",
        fromPort: args.port,
        toPort: args.port,
        description: pulumi.interpolate`${args.serviceLabel} from ${source}`,
      },
      { parent },
    );
  });
  return securityGroup;
}
