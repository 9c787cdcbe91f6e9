/**
 * The CredLink program: stack config -> components -> exported outputs. It holds no resource logic of its own.
 *
 * It is exported as a function: Pulumi's nodejs language host calls it and exports what it returns, and the tests and
 * the offline plan can run it again under fresh mocks (module-level resources would register only once per process).
 */
import * as pulumi from "@pulumi/pulumi";
import { Cache, Database, Network, ProofStore } from "@credlink/components";
import { readStackConfig } from "./config";
import { createProviders } from "./providers";

export = async () => {
  const cfg = readStackConfig();
  const providers = createProviders(cfg);
  const base = `${cfg.project}-${cfg.stack}`;

  const network = new Network(
    base,
    {
      cidrBlock: cfg.network.cidrBlock,
      region: cfg.region,
      azCount: cfg.network.azCount,
      natGateways: cfg.network.natGateways,
      subnetMasks: cfg.network.subnetMasks,
      flowLogRetentionDays: cfg.network.flowLogRetentionDays,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    },
    { provider: providers.primary },
  );

  // Stateful resources (DB instance, replication group, buckets, keys) are protected and retained in prod only; each
  // component applies it to those children alone, so security groups and parameter groups stay replaceable.
  const protectData = cfg.isProd;
  // The security groups admitted to the database and the cache. The app tier adds its Fargate task security group
  // here; until it exists the list is empty, which admits nobody (the groups have no other ingress).
  const dataClientSecurityGroupIds: pulumi.Input<string>[] = [];

  const database = new Database(
    `${base}-db`,
    {
      vpcId: network.vpcId,
      dbSubnetGroupName: network.dbSubnetGroupName,
      allowedSecurityGroupIds: dataClientSecurityGroupIds,
      engineVersion: cfg.database.engineVersion,
      instanceClass: cfg.database.instanceClass,
      allocatedStorageGb: cfg.database.allocatedStorageGb,
      maxAllocatedStorageGb: cfg.database.maxAllocatedStorageGb,
      multiAz: cfg.database.multiAz,
      backupRetentionDays: cfg.database.backupRetentionDays,
      logRetentionDays: cfg.database.logRetentionDays,
      protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    },
    { provider: providers.primary },
  );

  const cache = new Cache(
    `${base}-cache`,
    {
      vpcId: network.vpcId,
      cacheSubnetGroupName: network.cacheSubnetGroupName,
      allowedSecurityGroupIds: dataClientSecurityGroupIds,
      engine: cfg.cache.engine,
      engineVersion: cfg.cache.engineVersion,
      nodeType: cfg.cache.nodeType,
      replicas: cfg.cache.replicas,
      snapshotRetentionDays: cfg.cache.snapshotRetentionDays,
      snapshotWindow: cfg.cache.snapshotWindow,
      protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    },
    { provider: providers.primary },
  );

  const proofs = new ProofStore(
    `${base}-proofs`,
    {
      noncurrentTransitionDays: cfg.proofs.noncurrentTransitionDays,
      noncurrentExpirationDays: cfg.proofs.noncurrentExpirationDays,
      accessLogRetentionDays: cfg.proofs.accessLogRetentionDays,
      objectLockRetentionDays: cfg.proofs.objectLockRetentionDays,
      replication: providers.dr ? { region: cfg.dr.region, provider: providers.dr } : undefined,
      protectData,
      keyDeletionWindowDays: cfg.kms.deletionWindowDays,
    },
    { provider: providers.primary },
  );

  return {
    environment: cfg.environment,
    region: cfg.region,
    vpcId: network.vpcId,
    publicSubnetIds: network.publicSubnetIds,
    privateSubnetIds: network.privateSubnetIds,
    isolatedSubnetIds: network.isolatedSubnetIds,
    dbSubnetGroupName: network.dbSubnetGroupName,
    cacheSubnetGroupName: network.cacheSubnetGroupName,
    flowLogGroupName: network.flowLogGroupName,
    databaseEndpoint: database.endpoint,
    databaseAddress: database.address,
    databasePort: database.port,
    databaseName: database.databaseName,
    databaseMasterSecretArn: database.masterUserSecretArn,
    databaseKeyArn: database.keyArn,
    databaseSecurityGroupId: database.securityGroupId,
    cacheEndpoint: cache.primaryEndpoint,
    cacheReaderEndpoint: cache.readerEndpoint,
    cachePort: cache.port,
    cacheAuthSecretArn: cache.authTokenSecretArn,
    cacheKeyArn: cache.keyArn,
    cacheSecurityGroupId: cache.securityGroupId,
    proofBucketName: proofs.bucketName,
    proofBucketArn: proofs.bucketArn,
    proofKeyArn: proofs.keyArn,
    proofAccessLogBucketName: proofs.accessLogBucketName,
    proofReplicaBucketName: proofs.replicaBucketName,
    proofReplicaBucketArn: proofs.replicaBucketArn,
    proofReplicaKeyArn: proofs.replicaKeyArn,
  };
};
