/**
 * The data tier through the whole program, per environment: sizing, Multi-AZ/failover/backups, replication only in
 * prod through the DR provider, `protect` on exactly the stateful resources in prod and on nothing in dev, wiring
 * onto the Network, and the outputs the app tier reads.
 */
import { expect } from "chai";
import { Recorder } from "../tools/offline/mocks";
import { runProgram } from "../tools/offline/program";
import { committedProgram } from "./helpers/programs";
import { stackKeyAdminStatements, keyUseActionsAllowedBy } from "./helpers/kms";

const INSTANCE = "aws:rds/instance:Instance";
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const BUCKET = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const ENVIRONMENTS = [
  {
    stack: "dev",
    db: { multiAz: false, backupRetentionPeriod: 1, instanceClass: "db.t4g.micro", maxAllocatedStorage: 50 },
    cache: { numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false, snapshotRetentionLimit: 1 },
    deletionWindow: 7,
  },
  {
    stack: "prod",
    db: { multiAz: true, backupRetentionPeriod: 14, instanceClass: "db.t4g.micro", maxAllocatedStorage: 100 },
    cache: { numCacheClusters: 2, automaticFailoverEnabled: true, multiAzEnabled: true, snapshotRetentionLimit: 7 },
    deletionWindow: 30,
  },
] as const;

for (const env of ENVIRONMENTS) {
  describe(`the data tier in ${env.stack}`, () => {
    let rec: Recorder;
    let outputs: Record<string, any>;
    const base = `credlink-${env.stack}`;

    before(async () => {
      // A key per store, the prod shape (dev commits keyPerStore false: tests/cost-levers.test.ts covers the shared key).
      ({ recorder: rec, outputs } = await runProgram(env.stack, { "credlink:kms": { keyPerStore: true } }));
    });

    it(`WHEN the program runs THEN the database is ${env.db.instanceClass}, Multi-AZ ${env.db.multiAz}, with ${env.db.backupRetentionPeriod} day(s) of backups`, () => {
      expect(rec.one(INSTANCE, `${base}-db`).inputs).to.include(env.db);
    });

    it(`WHEN the program runs THEN the cache has ${env.cache.numCacheClusters} node(s), failover ${env.cache.automaticFailoverEnabled}`, () => {
      expect(rec.one(GROUP, `${base}-cache`).inputs).to.include({ ...env.cache, engine: "valkey", nodeType: "cache.t4g.micro" });
    });

    it("WHEN the program runs THEN the database and cache sit in the Network's isolated subnet groups and VPC", () => {
      expect(rec.one(INSTANCE, `${base}-db`).inputs.dbSubnetGroupName).to.equal(rec.one("aws:rds/subnetGroup:SubnetGroup", `${base}-db`).state.name);
      expect(rec.one(GROUP, `${base}-cache`).inputs.subnetGroupName).to.equal(
        rec.one("aws:elasticache/subnetGroup:SubnetGroup", `${base}-cache`).state.name,
      );
      const vpcId = rec.one("awsx:ec2:Vpc", base).state.vpcId;
      for (const name of [`${base}-db`, `${base}-cache`]) {
        expect(rec.one("aws:ec2/securityGroup:SecurityGroup", name).inputs.vpcId).to.equal(vpcId);
      }
    });

    it("WHEN the program runs THEN the database admits 5432 and the cache 6379 from the Fargate tasks' group only", () => {
      const taskGroupId = outputs.taskSecurityGroupId;
      expect(taskGroupId).to.match(/^sg-/);
      const ingressTo = (groupId: string) => rec.ofType(INGRESS).filter((r) => r.inputs.securityGroupId === groupId).map((r) => r.inputs);
      expect(ingressTo(outputs.databaseSecurityGroupId)).to.deep.equal([
        {
          securityGroupId: outputs.databaseSecurityGroupId,
          referencedSecurityGroupId: taskGroupId,
          ipProtocol: "tcp",
          fromPort: 5432,
          toPort: 5432,
          description: `PostgreSQL from ${taskGroupId}`,
        },
      ]);
      const cacheRules = ingressTo(outputs.cacheSecurityGroupId);
      expect(cacheRules.map((r) => [r.referencedSecurityGroupId, r.ipProtocol, r.fromPort, r.toPort, r.cidrIpv4])).to.deep.equal([
        [taskGroupId, "tcp", 6379, 6379, undefined],
      ]);
      expect(cacheRules[0].description).to.be.a("string").and.not.equal("");
    });

    it(`WHEN the program runs THEN every data key rotates and has the ${env.deletionWindow}-day deletion window`, () => {
      const keys = rec.ofType(KEY).filter((k) => k.name !== `${base}-flow-logs`);
      expect(keys.length).to.be.greaterThan(2);
      for (const key of keys) expect(key.inputs, key.name).to.include({ enableKeyRotation: true, deletionWindowInDays: env.deletionWindow });
    });

    it("WHEN the program runs THEN every key is administered by the named roles only, and every statement that lets anyone use a key is scoped by a condition", () => {
      const keys = rec.ofType(KEY);
      // The data, network, registry and service keys, the alert topics' key (credlink:ops:Alerting), the backup vault
      // keys (credlink:recovery:Backup: the primary's, and in prod the DR vault's) and in prod the WAF logs' key
      // (credlink:edge:Firewall; dev has no WAF), the trail's key (each stack owns its account's trail), in prod's DR
      // region the replicated backups', the replicated images' and the DR alert topics' (restore tests, findings, tamper
      // pages). The copies' freshness check logs under the service's key.
      expect(keys.length).to.equal(env.stack === "prod" ? 15 : 9);
      for (const key of keys) {
        const statements = JSON.parse(key.inputs.policy).Statement;
        expect(statements.slice(0, 3), key.name).to.deep.equal(stackKeyAdminStatements(env.stack, rec.one("aws:iam/role:Role", `${base}-cicd-deploy`).state.arn));
        for (const statement of statements) {
          const uses = [statement.Action].flat().flatMap((a: string) => keyUseActionsAllowedBy(a));
          if (uses.length > 0) expect(statement.Condition, `${key.name} ${statement.Sid} allows ${uses.join(", ")}`).to.be.an("object");
        }
        // Use goes only through these: AWS services for this account (kms:ViaService) or CloudWatch Logs for named log groups.
        const conditions = statements.slice(3).map((s: any) => Object.values(s.Condition).flatMap((c: any) => Object.keys(c)).sort().join(","));
        // The alert topics' key: AWS services publishing for this account's alarms, budgets and anomaly monitors, and
        // EventBridge for the alert topics only (by their ARN in the encryption context: it sends no aws:Source* there).
        // Log delivery (flow logs) for this account's sources; CloudTrail for the trail, and this account reading its logs.
        const allowed = [
          "kms:CallerAccount,kms:ViaService",
          "kms:EncryptionContext:aws:logs:arn",
          "aws:SourceAccount,aws:SourceArn",
          "aws:SourceAccount",
          "kms:EncryptionContext:aws:sns:topicArn",
          "aws:SourceArn,kms:EncryptionContext:aws:cloudtrail:arn",
          "aws:SourceArn",
          "kms:CallerAccount,kms:EncryptionContext:aws:cloudtrail:arn",
        ];
        for (const c of conditions) expect(allowed, key.name).to.include(c);
      }
    });

    it("WHEN the program runs THEN no key policy has a wildcard principal", () => {
      for (const key of rec.ofType(KEY)) {
        for (const statement of JSON.parse(key.inputs.policy).Statement) {
          expect(JSON.stringify(statement.Principal), `${key.name} ${statement.Sid}`).to.not.match(/"\*"/);
        }
      }
    });

    it("WHEN the program runs THEN it exports the endpoints, secret ARNs, bucket and key ARNs the app tier needs, from the right resources", () => {
      const db = rec.one(INSTANCE, `${base}-db`).state;
      const cache = rec.one(GROUP, `${base}-cache`).state;
      const proofs = rec.one(BUCKET, `${base}-proofs`).state;
      expect(outputs).to.deep.include({
        databaseEndpoint: db.endpoint,
        databaseAddress: db.address,
        databasePort: 5432,
        databaseName: "credlink",
        databaseMasterSecretArn: db.masterUserSecrets[0].secretArn,
        databaseKeyArn: rec.one(KEY, `${base}-db`).state.arn,
        databaseSecurityGroupId: rec.one("aws:ec2/securityGroup:SecurityGroup", `${base}-db`).id,
        cacheEndpoint: cache.primaryEndpointAddress,
        cacheReaderEndpoint: cache.readerEndpointAddress,
        cachePort: 6379,
        cacheAuthSecretArn: rec.one("aws:secretsmanager/secret:Secret", `${base}-cache-auth-token`).state.arn,
        cacheKeyArn: rec.one(KEY, `${base}-cache`).state.arn,
        cacheSecurityGroupId: rec.one("aws:ec2/securityGroup:SecurityGroup", `${base}-cache`).id,
        proofBucketName: proofs.bucket,
        proofBucketArn: proofs.arn,
        proofKeyArn: rec.one(KEY, `${base}-proofs`).state.arn,
        proofAccessLogBucketName: rec.one(BUCKET, `${base}-proofs-logs`).state.bucket,
      });
    });

    it("WHEN the program runs THEN no output carries the cache AUTH token", () => {
      const token = rec.one("random:index/randomPassword:RandomPassword", `${base}-cache-auth-token`).state.result;
      expect(JSON.stringify(outputs)).to.not.include(token);
    });

    it("WHEN the program runs THEN no two resources share a URN", () => {
      expect(rec.duplicateUrns()).to.deep.equal([]);
    });
  });
}

describe("the data tier's environment differences", () => {
  let dev: Recorder;
  let prod: Recorder;
  let prodOutputs: Record<string, any>;
  before(async () => {
    // The committed stacks' runs, shared with tests/cost-levers.test.ts (tests/helpers/programs.ts).
    dev = (await committedProgram("dev")).recorder;
    ({ recorder: prod, outputs: prodOutputs } = await committedProgram("prod"));
  });

  it("GIVEN prod WHEN the program runs THEN exactly the data stores, the logs, the vaults (air-gapped included), the trail's buckets, every key they need (two in the DR region for the replicated backups and images) are protected and retained, and the backups replication protected", () => {
    const kept = prod.all.filter((r) => r.protect || r.retainOnDelete).map((r) => `${r.type} ${r.name} ${r.protect} ${r.retainOnDelete}`);
    const expected = [
      [INSTANCE, "credlink-prod-db"],
      [GROUP, "credlink-prod-cache"],
      [BUCKET, "credlink-prod-proofs"],
      [BUCKET, "credlink-prod-proofs-logs"],
      [BUCKET, "credlink-prod-proofs-replica"],
      [BUCKET, "credlink-prod-proofs-replica-logs"],
      [KEY, "credlink-prod-db"],
      [KEY, "credlink-prod-cache"],
      [KEY, "credlink-prod-proofs"],
      [KEY, "credlink-prod-proofs-replica"],
      // The DR region's copies: the replicated backups' key and the replicated images' (a failover reads them).
      [KEY, "credlink-prod-db-replica"],
      [KEY, "credlink-prod-ecr-replica"],
      // The images a rollback runs, the key without which they can't be read, and the request record.
      ["aws:ecr/repository:Repository", "credlink-prod"],
      [KEY, "credlink-prod-ecr"],
      // The images' replica in the DR region: what a failover runs.
      ["aws:ecr/repository:Repository", "credlink-prod-replica"],
      [BUCKET, "credlink-prod-alb-logs"],
      // Recovery: the backup vaults and their keys (the recovery points are unreadable without them).
      ["aws:backup/vault:Vault", "credlink-prod-backup"],
      ["aws:backup/vault:Vault", "credlink-prod-backup-dr"],
      [KEY, "credlink-prod-backup-vault"],
      [KEY, "credlink-prod-backup-dr-vault"],
      // The log keys: the flow logs, the service's logs, the WAF logs and the alerts outlive a mistake like the data's.
      [KEY, "credlink-prod-flow-logs"],
      [KEY, "credlink-prod-logs"],
      [KEY, "credlink-prod-waf-logs"],
      [KEY, "credlink-prod-alerts"],
      [KEY, "credlink-prod-restore-test-dr-alerts"],
      // The flow logs' bucket; the air-gapped vault; the trail, its key and its bucket's access logs.
      [BUCKET, "credlink-prod-flow-logs"],
      ["aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "credlink-prod-backup-air-gapped"],
      [BUCKET, "credlink-prod-audit"],
      [BUCKET, "credlink-prod-audit-logs"],
      [KEY, "credlink-prod-audit"],
    ].map(([type, name]) => `${type} ${name} true true`);
    // Deleting the backups replication would stop it: it is protected, and has nothing to retain.
    expected.push("aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication credlink-prod-db-replica true false");
    expect(kept).to.have.members(expected);
    expect(kept).to.have.length(expected.length);
  });

  it("GIVEN prod WHEN the program runs THEN deletion protection and final snapshots are on, each named with its own random suffix", () => {
    const suffix = (name: string) => prod.one("random:index/randomId:RandomId", `${name}-final-snapshot`).state.hex;
    expect(prod.one(INSTANCE, "credlink-prod-db").inputs).to.include({
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `credlink-prod-db-final-${suffix("credlink-prod-db")}`,
    });
    expect(prod.one(GROUP, "credlink-prod-cache").inputs.finalSnapshotIdentifier).to.equal(`credlink-prod-cache-final-${suffix("credlink-prod-cache")}`);
    expect(suffix("credlink-prod-db")).to.match(/^[0-9a-f]{8}$/).and.not.equal(suffix("credlink-prod-cache"));
  });

  it("GIVEN dev WHEN the program runs THEN nothing is protected or retained and the database can be deleted without a snapshot", () => {
    expect(dev.all.filter((r) => r.protect || r.retainOnDelete).map((r) => r.urn)).to.deep.equal([]);
    expect(dev.one(INSTANCE, "credlink-dev-db").inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true });
    expect(dev.ofType(BUCKET).every((b) => b.inputs.forceDestroy === true)).to.equal(true);
  });

  it("GIVEN prod WHEN the program runs THEN a us-west-2 provider with the same default tags is created and the proofs replicate through it", () => {
    const primary = prod.one("pulumi:providers:aws", "aws-us-east-1");
    const dr = prod.one("pulumi:providers:aws", "aws-us-west-2");
    expect(dr.inputs.region).to.equal("us-west-2");
    expect(JSON.parse(dr.inputs.defaultTags)).to.deep.equal(JSON.parse(primary.inputs.defaultTags));
    expect(prod.one(BUCKET, "credlink-prod-proofs-replica").provider).to.equal(`${dr.urn}::${dr.id}`);
    expect(prod.one(KEY, "credlink-prod-proofs-replica").provider).to.equal(`${dr.urn}::${dr.id}`);
    const replication = prod.one(REPLICATION, "credlink-prod-proofs");
    expect(replication.provider).to.equal(`${primary.urn}::${primary.id}`);
    expect(replication.inputs.rules[0].destination.bucket).to.equal(prod.one(BUCKET, "credlink-prod-proofs-replica").state.arn);
    expect(prodOutputs).to.deep.include({
      proofReplicaBucketName: prod.one(BUCKET, "credlink-prod-proofs-replica").state.bucket,
      proofReplicaBucketArn: prod.one(BUCKET, "credlink-prod-proofs-replica").state.arn,
      proofReplicaKeyArn: prod.one(KEY, "credlink-prod-proofs-replica").state.arn,
    });
  });

  it("GIVEN dev WHEN the program runs THEN there is no DR provider, no replica and no replication", () => {
    expect(dev.ofType("pulumi:providers:aws").map((p) => p.name)).to.deep.equal(["aws-us-east-1"]);
    expect(dev.ofType(REPLICATION)).to.deep.equal([]);
    const proofBuckets = dev.ofType(BUCKET).filter((b) => b.name.startsWith("credlink-dev-proofs"));
    expect(proofBuckets.map((b) => b.name)).to.have.members(["credlink-dev-proofs", "credlink-dev-proofs-logs"]);
  });

  it("GIVEN prod WHEN the program runs THEN the proofs and the trail's logs have a 365-day COMPLIANCE Object Lock, and dev has none", () => {
    const lock = prod.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
    expect(lock.map((l) => l.name)).to.have.members(["credlink-prod-proofs", "credlink-prod-proofs-replica", "credlink-prod-audit"]);
    for (const l of lock) expect(l.inputs.rule).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 365 } });
    expect(dev.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration")).to.deep.equal([]);
  });
});
