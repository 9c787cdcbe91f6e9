/**
 * The Cache component (phase 2) on its own: encryption at rest and in transit and which key, the AUTH token's path
 * from @pulumi/random to Secrets Manager, failover per replica count, ingress, and what `protectData` protects.
 */
import { expect } from "chai";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type { Cache } from "../components/data/cache";
import { resolveCacheArgs, validateCacheArgs } from "../components/data/cache";
import { Recorder, resolveDeep } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { keyAdminStatement, viaServiceStatement } from "./helpers/kms";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const KEY = "aws:kms/key:Key";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const SECRET = "aws:secretsmanager/secret:Secret";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const NAME = "credlink-test-cache";
const BASE_ARGS = { vpcId: "vpc-0123456789abcdef0", cacheSubnetGroupName: "credlink-test-cache-subnets" };

async function build(args: Record<string, unknown>) {
  const { Cache } = await import("../components/data/cache");
  return runComponent(() => new Cache(NAME, { ...BASE_ARGS, ...args }));
}

/** The plain value of a recorded input that must be marked secret; fails if it is not. */
function secretValue(input: unknown): unknown {
  expect(input, "expected a secret-marked value").to.be.an("object").and.have.property(specialSigKey, specialSecretSig);
  return (input as { value: unknown }).value;
}

describe("Cache", () => {
  describe("GIVEN one replica, two app security groups and protectData on", () => {
    let rec: Recorder;
    let cache: Cache;
    before(async () => {
      ({ recorder: rec, result: cache } = await build({
        replicas: 1,
        allowedSecurityGroupIds: ["sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb2"],
        protectData: true,
      }));
    });

    it("WHEN built THEN data at rest is encrypted with the cache's own key and TLS is required in transit", () => {
      const keyArn = rec.one(KEY, NAME).state.arn;
      expect(rec.one(GROUP, NAME).inputs).to.include({
        atRestEncryptionEnabled: true,
        kmsKeyId: keyArn,
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
      });
    });

    it("WHEN built THEN the AUTH token is a 64-character random password, passed to ElastiCache and Secrets Manager only as a secret", () => {
      const password = rec.one(PASSWORD, `${NAME}-auth-token`);
      expect(password.inputs).to.deep.include({ length: 64, special: false });
      const token = password.state.result;
      expect(token).to.have.length(64);
      expect(secretValue(rec.one(GROUP, NAME).inputs.authToken)).to.equal(token);
      const version = rec.one(SECRET_VERSION, `${NAME}-auth-token`).inputs;
      expect(secretValue(version.secretString)).to.equal(token);
      expect(version.secretId).to.equal(rec.one(SECRET, `${NAME}-auth-token`).id);
    });

    it("WHEN built THEN the AUTH-token secret is encrypted with the cache's key and keeps a 30-day recovery window", () => {
      expect(rec.one(SECRET, `${NAME}-auth-token`).inputs).to.deep.equal({
        description: `CredLink ${NAME}: the valkey AUTH token`,
        kmsKeyId: rec.one(KEY, NAME).state.arn,
        recoveryWindowInDays: 30,
      });
    });

    it("WHEN built THEN it is Valkey 8.0 on two cache.t4g.micro nodes with automatic failover and Multi-AZ", () => {
      expect(rec.one(GROUP, NAME).inputs).to.include({
        engine: "valkey",
        engineVersion: "8.0",
        nodeType: "cache.t4g.micro",
        port: 6379,
        numCacheClusters: 2,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        subnetGroupName: BASE_ARGS.cacheSubnetGroupName,
        snapshotRetentionLimit: 7,
        snapshotWindow: "03:00-04:00",
        maintenanceWindow: "sun:05:00-sun:06:00",
        autoMinorVersionUpgrade: true,
      });
      expect(rec.one(GROUP, NAME).inputs.securityGroupIds).to.deep.equal([rec.one(SG, NAME).id]);
    });

    it("WHEN built THEN the security group admits 6379 from each given group, with a description, and nothing else", () => {
      const sg = rec.one(SG, NAME);
      expect(sg.inputs).to.deep.equal({ vpcId: BASE_ARGS.vpcId, description: `CredLink ${NAME}: valkey, admits 6379 from the app tier only` });
      expect(rec.ofType(INGRESS).map((r) => ({ name: r.name, inputs: r.inputs }))).to.deep.equal(
        ["sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb2"].map((source, i) => ({
          name: `${NAME}-from-${i}`,
          inputs: {
            securityGroupId: sg.id,
            referencedSecurityGroupId: source,
            ipProtocol: "tcp",
            fromPort: 6379,
            toPort: 6379,
            description: `Valkey from ${source}`,
          },
        })),
      );
    });

    it("WHEN built THEN the key rotates, the account may only administer it, and only ElastiCache and Secrets Manager (via the service) may use it", () => {
      const key = rec.one(KEY, NAME).inputs;
      expect(key).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
      expect(JSON.parse(key.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          keyAdminStatement(),
          viaServiceStatement("AllowElastiCacheAndSecretsManagerInThisAccount", ["elasticache.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"]),
        ],
      });
    });

    it("WHEN built THEN the final snapshot's name ends in a random suffix that is renewed exactly when an input that replaces the group changes", () => {
      const suffix = rec.one("random:index/randomId:RandomId", `${NAME}-final-snapshot`);
      expect(suffix.inputs).to.deep.equal({
        byteLength: 4,
        keepers: { engine: "valkey", kmsKeyId: rec.one(KEY, NAME).state.arn, subnetGroupName: BASE_ARGS.cacheSubnetGroupName, port: "6379" },
      });
      expect(suffix.state.hex).to.match(/^[0-9a-f]{8}$/);
      expect(rec.one(GROUP, NAME).inputs.finalSnapshotIdentifier).to.equal(`${NAME}-final-${suffix.state.hex}`);
    });

    it("WHEN built THEN exactly the replication group and its key are protected and retained", () => {
      const kept = rec.all.filter((r) => r.protect || r.retainOnDelete).map((r) => `${r.type} ${r.name} ${r.protect} ${r.retainOnDelete}`);
      expect(kept).to.have.members([`${GROUP} ${NAME} true true`, `${KEY} ${NAME} true true`]);
      expect(kept).to.have.length(2);
    });

    it("WHEN built THEN the component exports both endpoints, the port, the secret's ARN, the key and the security group", async () => {
      const group = rec.one(GROUP, NAME).state;
      expect(
        await resolveDeep({
          primaryEndpoint: cache.primaryEndpoint,
          readerEndpoint: cache.readerEndpoint,
          port: cache.port,
          authTokenSecretArn: cache.authTokenSecretArn,
          keyArn: cache.keyArn,
          securityGroupId: cache.securityGroupId,
        }),
      ).to.deep.equal({
        primaryEndpoint: group.primaryEndpointAddress,
        readerEndpoint: group.readerEndpointAddress,
        port: 6379,
        authTokenSecretArn: rec.one(SECRET, `${NAME}-auth-token`).state.arn,
        keyArn: rec.one(KEY, NAME).state.arn,
        securityGroupId: rec.one(SG, NAME).id,
      });
    });
  });

  describe("GIVEN no replica and protectData off (dev)", () => {
    let rec: Recorder;
    before(async () => {
      rec = (await build({ replicas: 0, protectData: false })).recorder;
    });

    it("WHEN built THEN it is a single node without failover or Multi-AZ", () => {
      expect(rec.one(GROUP, NAME).inputs).to.include({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false });
    });

    it("WHEN built THEN no final snapshot is taken, the secret can go at once, and nothing is protected or retained", () => {
      expect(rec.one(GROUP, NAME).inputs).to.not.have.property("finalSnapshotIdentifier");
      expect(rec.ofType("random:index/randomId:RandomId")).to.deep.equal([]);
      expect(rec.one(SECRET, `${NAME}-auth-token`).inputs.recoveryWindowInDays).to.equal(0);
      expect(rec.all.filter((r) => r.protect || r.retainOnDelete).map((r) => r.urn)).to.deep.equal([]);
    });

    it("WHEN built with no allowed security groups THEN the security group has no ingress rule at all", () => {
      expect(rec.ofType(INGRESS)).to.deep.equal([]);
    });
  });

  it("GIVEN engine redis WHEN built THEN the version defaults to 7.1 and the rule descriptions say Redis", async () => {
    const { recorder } = await build({ engine: "redis", allowedSecurityGroupIds: ["sg-0aaaaaaaaaaaaaaa1"] });
    expect(recorder.one(GROUP, NAME).inputs).to.include({ engine: "redis", engineVersion: "7.1" });
    expect(recorder.one(INGRESS).inputs.description).to.equal("Redis from sg-0aaaaaaaaaaaaaaa1");
  });
});

describe("Cache argument validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an unknown node family", { nodeType: "cache.x9.large" }, 'nodeType must be of a family ElastiCache offers: t4g, t3, m7g, m6g, r7g, r6g, got "cache.x9.large"'],
    ["six replicas", { replicas: 6 }, "replicas must be an integer from 0 to 5, got 6"],
    ["memcached", { engine: "memcached" }, 'engine must be one of "valkey" | "redis", got "memcached"'],
    ["a snapshot window without minutes", { snapshotWindow: "3-4" }, 'snapshotWindow must be a UTC range "hh:mm-hh:mm" like "03:00-04:00", got "3-4"'],
    ["36 days of snapshots", { snapshotRetentionDays: 36 }, "snapshotRetentionDays must be an integer from 0 to 35, got 36"],
    // ElastiCache's minimum windows are 60 minutes, and the two must not overlap (old: accepted, refused by AWS at up).
    ["a 59-minute snapshot window", { snapshotWindow: "03:00-03:59" }, 'snapshotWindow must be at least 60 minutes long (ElastiCache\'s minimum), got "03:00-03:59" (59 minutes)'],
    ["a 59-minute window across midnight", { snapshotWindow: "23:30-00:29" }, 'snapshotWindow must be at least 60 minutes long (ElastiCache\'s minimum), got "23:30-00:29" (59 minutes)'],
    ["a 59-minute maintenance window", { maintenanceWindow: "sun:05:00-sun:05:59" }, 'maintenanceWindow must be at least 60 minutes long (ElastiCache\'s minimum), got "sun:05:00-sun:05:59" (59 minutes)'],
    [
      "a snapshot window overlapping Sunday's maintenance by a minute",
      { snapshotWindow: "04:01-05:01" },
      'snapshotWindow must not overlap the maintenance window "sun:05:00-sun:06:00" (ElastiCache refuses overlapping windows), got "04:01-05:01"',
    ],
    [
      "a snapshot window inside a maintenance window across Sunday midnight",
      { snapshotWindow: "00:00-01:00", maintenanceWindow: "sun:23:30-mon:01:00" },
      'snapshotWindow must not overlap the maintenance window "sun:23:30-mon:01:00" (ElastiCache refuses overlapping windows), got "00:00-01:00"',
    ],
  ];
  for (const [label, patch, message] of cases) {
    it(`GIVEN ${label} WHEN the component validates THEN it throws naming the argument`, () => {
      expect(() => validateCacheArgs(resolveCacheArgs({ ...BASE_ARGS, ...patch } as never))).to.throw(message);
    });
  }

  it("GIVEN windows at the boundaries THEN 60 minutes exactly and windows that only touch are accepted", () => {
    const valid = (patch: Record<string, unknown>) => () => validateCacheArgs(resolveCacheArgs({ ...BASE_ARGS, ...patch } as never));
    expect(valid({ snapshotWindow: "03:00-04:00" })).to.not.throw();
    expect(valid({ snapshotWindow: "23:30-00:30" })).to.not.throw();
    expect(valid({ maintenanceWindow: "sun:05:00-sun:06:00" })).to.not.throw();
    // Touching, not overlapping: the snapshot ends as maintenance starts, and starts as it ends.
    expect(valid({ snapshotWindow: "04:00-05:00" })).to.not.throw();
    expect(valid({ snapshotWindow: "06:00-07:00" })).to.not.throw();
    expect(valid({ snapshotWindow: "23:00-00:00", maintenanceWindow: "mon:00:00-mon:01:00" })).to.not.throw();
  });

  it("GIVEN only the required args WHEN defaults are applied THEN they are the documented ones", () => {
    expect(resolveCacheArgs(BASE_ARGS)).to.deep.equal({
      ...BASE_ARGS,
      allowedSecurityGroupIds: [],
      engine: "valkey",
      engineVersion: "8.0",
      nodeType: "cache.t4g.micro",
      replicas: 1,
      snapshotRetentionDays: 7,
      snapshotWindow: "03:00-04:00",
      maintenanceWindow: "sun:05:00-sun:06:00",
      protectData: true,
      keyDeletionWindowDays: 30,
    });
  });
});
