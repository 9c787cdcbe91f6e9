import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The account, partition and region a component's provider points at, for ARNs and key policies. */
export interface AwsContext {
  readonly accountId: pulumi.Output<string>;
  readonly partition: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
}

/**
 * Looks up the caller's account, partition and region through the component's own provider (inherited from
 * `parent`), so a component pointed at the DR region reads the DR region.
 */
export function awsContext(parent: pulumi.Resource): AwsContext {
  const opts: pulumi.InvokeOutputOptions = { parent };
  return {
    accountId: aws.getCallerIdentityOutput({}, opts).accountId,
    partition: aws.getPartitionOutput({}, opts).partition,
    region: aws.getRegionOutput({}, opts).region,
  };
}
