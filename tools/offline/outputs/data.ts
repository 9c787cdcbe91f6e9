/** Realistic outputs for the data tier's resource types (RDS, ElastiCache, S3, Secrets Manager, random). */
import { TypeOutputs } from "./types";

export const dataOutputs: TypeOutputs = {
  "aws:rds/instance:Instance": (args, ctx) => {
    const identifier: string = args.inputs.identifier ?? ctx.physicalName;
    const address = `${identifier}.c${ctx.hex(args.name + "cluster", 11)}.${ctx.region}.rds.amazonaws.com`;
    const port = 5432;
    const secretUuid = `${ctx.hex(args.name + "s1", 8)}-${ctx.hex(args.name + "s2", 4)}-4${ctx.hex(args.name + "s3", 3)}-8${ctx.hex(args.name + "s4", 3)}-${ctx.hex(args.name + "s5", 12)}`;
    return {
      identifier,
      address,
      port,
      endpoint: `${address}:${port}`,
      arn: `arn:aws:rds:${ctx.region}:${ctx.accountId}:db:${identifier}`,
      resourceId: `db-${ctx.hex(args.name + "rid", 26).toUpperCase()}`,
      masterUserSecrets: args.inputs.manageMasterUserPassword
        ? [
            {
              kmsKeyId: args.inputs.masterUserSecretKmsKeyId,
              secretArn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:rds!db-${secretUuid}-${ctx.hex(args.name + "sfx", 6)}`,
              secretStatus: "active",
            },
          ]
        : [],
    };
  },
  "aws:rds/parameterGroup:ParameterGroup": (_args, ctx) => ({
    arn: `arn:aws:rds:${ctx.region}:${ctx.accountId}:pg:${ctx.physicalName}`,
  }),
  "aws:elasticache/replicationGroup:ReplicationGroup": (args, ctx) => {
    const id: string = args.inputs.replicationGroupId ?? ctx.physicalName;
    const suffix = `${ctx.hex(args.name + "ec", 6)}.ng.0001.${ctx.region.replace(/^(\w)\w*-(\w)\w*-(\d)$/, "$1$2$3")}.cache.amazonaws.com`;
    const nodes: number = args.inputs.numCacheClusters ?? 1;
    return {
      replicationGroupId: id,
      arn: `arn:aws:elasticache:${ctx.region}:${ctx.accountId}:replicationgroup:${id}`,
      primaryEndpointAddress: `master.${id}.${suffix}`,
      readerEndpointAddress: `replica.${id}.${suffix}`,
      memberClusters: Array.from({ length: nodes }, (_, i) => `${id}-${String(i + 1).padStart(3, "0")}`),
      // The auth token is write-only in practice; never echo it back as state.
      authToken: undefined,
    };
  },
  "aws:s3/bucket:Bucket": (args, ctx) => {
    const bucket: string = args.inputs.bucket ?? ctx.physicalName;
    return {
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.amazonaws.com`,
    };
  },
  "aws:secretsmanager/secret:Secret": (args, ctx) => ({
    arn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${ctx.physicalName}-${ctx.hex(args.name + "sfx", 6)}`,
  }),
  "random:index/randomId:RandomId": (args, ctx) => {
    // Depends on the keepers, as the real provider's replacement does: new keepers, new id.
    const hex = ctx.hex(args.name + JSON.stringify(args.inputs.keepers ?? {}), 2 * (args.inputs.byteLength ?? 8));
    const bytes = Buffer.from(hex, "hex");
    return { hex, dec: BigInt(`0x${hex}`).toString(), b64Std: bytes.toString("base64"), b64Url: bytes.toString("base64url"), id: bytes.toString("base64url") };
  },
  "random:index/randomPassword:RandomPassword": (args, ctx) => ({
    result: ctx.hex(args.name + "password", 64).slice(0, args.inputs.length ?? 64),
  }),
};
