/**
 * The data tier's stack config (`credlink:database`, `cache`, `proofs`, `dr`): the committed values parse, and bad
 * input fails with a message that names the full key, the bad value and what is allowed, including the prod rules.
 */
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { problemsFor } from "./helpers/config";
import { stackConfig } from "../tools/offline/program";


describe("data tier config", () => {
  it("GIVEN Pulumi.dev.yaml WHEN parsed THEN the data tier is single-AZ, single-node, unreplicated", () => {
    const cfg = parseStackConfig(stackConfig("dev"), "credlink", "dev");
    expect(cfg.database).to.deep.equal({
      engineVersion: "17",
      instanceClass: "db.t4g.micro",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 50,
      multiAz: false,
      backupRetentionDays: 1,
      logRetentionDays: 14,
      appUser: "credlink_app",
    });
    expect(cfg.cache).to.deep.equal({
      engine: "valkey",
      engineVersion: "8.0",
      nodeType: "cache.t4g.micro",
      replicas: 0,
      snapshotRetentionDays: 1,
      snapshotWindow: "03:00-04:00",
    });
    expect(cfg.proofs).to.deep.equal({ noncurrentTransitionDays: 30, noncurrentExpirationDays: 60, accessLogRetentionDays: 30, r2Copy: false });
    expect(cfg.dr).to.deep.equal({ region: "us-west-2", enabled: false, role: "primary", pilotLight: false, standby: false });
  });

  it("GIVEN Pulumi.prod.yaml WHEN parsed THEN the data tier is Multi-AZ, replicated, locked and copied to us-west-2", () => {
    const cfg = parseStackConfig(stackConfig("prod"), "credlink", "prod");
    expect(cfg.database).to.include({ multiAz: true, backupRetentionDays: 14, instanceClass: "db.t4g.micro" });
    expect(cfg.cache).to.include({ replicas: 1, snapshotRetentionDays: 7 });
    expect(cfg.proofs).to.deep.equal({
      noncurrentTransitionDays: 30,
      noncurrentExpirationDays: 730,
      accessLogRetentionDays: 365,
      objectLockRetentionDays: 365,
      objectLockMode: "COMPLIANCE",
      r2Copy: false,
    });
    expect(cfg.dr).to.deep.equal({ region: "us-west-2", enabled: true, role: "primary", pilotLight: true, standby: false });
  });

  const cases: { name: string; stack: string; patch: Record<string, unknown>; problems: string[] }[] = [
    {
      name: "an unknown instance class family",
      stack: "dev",
      patch: { "credlink:database": { instanceClass: "db.x9.large" } },
      problems: [
        'credlink:database.instanceClass must be of a family RDS for PostgreSQL offers: t4g, t3, m7g, m6g, m6i, r7g, r6g, r6i, got "db.x9.large"',
      ],
    },
    {
      name: "backup retention 0 in prod",
      stack: "prod",
      patch: { "credlink:database": { backupRetentionDays: 0 } },
      problems: [
        "credlink:database.backupRetentionDays must be an integer from 1 to 35 (0 would turn automated backups off), got 0",
        "credlink:database.backupRetentionDays must be at least 14 in prod: two weeks of point-in-time recovery, got 0",
      ],
    },
    {
      name: "7 days of backups in prod",
      stack: "prod",
      patch: { "credlink:database": { backupRetentionDays: 7 } },
      problems: ["credlink:database.backupRetentionDays must be at least 14 in prod: two weeks of point-in-time recovery, got 7"],
    },
    {
      name: "a single-AZ database in prod",
      stack: "prod",
      patch: { "credlink:database": { multiAz: false } },
      problems: ["credlink:database.multiAz must be true in prod: a standby in a second AZ takes over when the primary fails, got false"],
    },
    {
      name: "a replica count that can't fail over in prod",
      stack: "prod",
      patch: { "credlink:cache": { replicas: 0 } },
      problems: ["credlink:cache.replicas must be at least 1 in prod: automatic failover and Multi-AZ need a replica to promote, got 0"],
    },
    {
      name: "more replicas than ElastiCache allows",
      stack: "dev",
      patch: { "credlink:cache": { replicas: 6 } },
      problems: ["credlink:cache.replicas must be an integer from 0 to 5, got 6"],
    },
    {
      name: "an unknown cache node family",
      stack: "dev",
      patch: { "credlink:cache": { nodeType: "cache.x9.micro" } },
      problems: ['credlink:cache.nodeType must be of a family ElastiCache offers: t4g, t3, m7g, m6g, r7g, r6g, got "cache.x9.micro"'],
    },
    {
      name: "memcached",
      stack: "dev",
      patch: { "credlink:cache": { engine: "memcached" } },
      problems: ['credlink:cache.engine must be one of "valkey" | "redis", got "memcached"'],
    },
    {
      name: "cache snapshots off in prod",
      stack: "prod",
      patch: { "credlink:cache": { snapshotRetentionDays: 0 } },
      problems: ["credlink:cache.snapshotRetentionDays must be at least 7 in prod: a week of daily snapshots, got 0"],
    },
    {
      name: "an unquoted engine version",
      stack: "dev",
      patch: { "credlink:database": { engineVersion: 17 } },
      problems: ["credlink:database.engineVersion must be a string, got 17"],
    },
    {
      name: "a typo in a database key",
      stack: "dev",
      patch: { "credlink:database": { multiAZ: true } },
      problems: [
        'credlink:database.multiAZ is not a known key (did you mean "multiAz"?); allowed here: engineVersion, instanceClass, allocatedStorageGb, maxAllocatedStorageGb, multiAz, backupRetentionDays, logRetentionDays, appUser, restore',
      ],
    },
    {
      name: "an app user that is not a PostgreSQL identifier",
      stack: "prod",
      patch: { "credlink:database": { appUser: "credlink-app" } },
      problems: [
        'credlink:database.appUser must be a PostgreSQL identifier (1-63 lowercase letters, digits or \'_\', starting with a letter), not a reserved role (postgres, rdsadmin, rds_*, pg_*, public) and not masterUsername (credlink_admin), got "credlink-app"',
      ],
    },
    {
      name: "noncurrent proofs expiring before they transition",
      stack: "dev",
      patch: { "credlink:proofs": { noncurrentExpirationDays: 10 } },
      problems: ["credlink:proofs.noncurrentExpirationDays must be an integer greater than noncurrentTransitionDays (30), got 10"],
    },
    {
      name: "no Object Lock in prod",
      stack: "prod",
      patch: { "credlink:proofs": { objectLockRetentionDays: undefined } },
      problems: [
        "credlink:proofs.objectLockRetentionDays must be set in prod: proofs are evidence, and Object Lock keeps every version from being overwritten or deleted, got nothing",
        'credlink:proofs.objectLockMode needs credlink:proofs.objectLockRetentionDays: without a retention there is no Object Lock for it to act on, got "COMPLIANCE"',
      ],
    },
    // Old: prod committed GOVERNANCE, which a principal allowed s3:BypassGovernanceRetention could loosen.
    {
      name: "GOVERNANCE Object Lock in prod",
      stack: "prod",
      patch: { "credlink:proofs": { objectLockMode: "GOVERNANCE" } },
      problems: [
        'credlink:proofs.objectLockMode must be "COMPLIANCE" in prod: under GOVERNANCE a principal allowed s3:BypassGovernanceRetention (and whoever can rewrite the bucket policy to allow it) can shorten a proof\'s retention, got "GOVERNANCE"',
      ],
    },
    {
      name: "a lock mode in lowercase",
      stack: "prod",
      patch: { "credlink:proofs": { objectLockMode: "compliance" } },
      problems: ['credlink:proofs.objectLockMode must be one of "GOVERNANCE" | "COMPLIANCE", got "compliance"'],
    },
    {
      name: "a break-glass user instead of a role",
      stack: "prod",
      patch: { "credlink:account": { breakGlassRoleArn: "arn:aws:iam::222222222222:user/alice" } },
      problems: ['credlink:account.breakGlassRoleArn must be an IAM role ARN, arn:aws:iam::<12 digits>:role/[<path>/]<name>, got "arn:aws:iam::222222222222:user/alice"'],
    },
    {
      name: "no break-glass role in prod",
      stack: "prod",
      patch: { "credlink:account": { breakGlassRoleArn: undefined } },
      problems: [
        "credlink:account.breakGlassRoleArn must be set in prod: the key policies, the vault access policies and the proof buckets' policies reserve deletion to that role; without it the keys fall back to every IAM administrator of the account, got nothing",
      ],
    },
    {
      name: "the break-glass role under its old key (credlink:proofs), which has moved to credlink:account",
      stack: "prod",
      patch: { "credlink:proofs": { breakGlassRoleArn: "arn:aws:iam::222222222222:role/credlink-break-glass" } },
      problems: [
        'credlink:proofs.breakGlassRoleArn has moved to credlink:account.breakGlassRoleArn (one break-glass role per account, for the keys, the vaults, the trail, the proof buckets, the secrets-provider key and everything else reserved to it): set that key instead, got "arn:aws:iam::222222222222:role/credlink-break-glass"',
      ],
    },
    {
      name: "a lock mode on a bucket without Object Lock (dev)",
      stack: "dev",
      patch: { "credlink:proofs": { objectLockMode: "COMPLIANCE" } },
      problems: ['credlink:proofs.objectLockMode needs credlink:proofs.objectLockRetentionDays: without a retention there is no Object Lock for it to act on, got "COMPLIANCE"'],
    },
    {
      name: "replication off in prod",
      stack: "prod",
      patch: { "credlink:dr": { enabled: false } },
      problems: [
        "credlink:dr.enabled must be true in prod: the proofs, the database's backups and the images are replicated to the DR region, got false",
        "credlink:backup.airGappedCopy needs credlink:dr.enabled true: the air-gapped vault lives in the DR region, got true",
      ],
    },
    {
      name: "a DR region equal to the primary",
      stack: "prod",
      patch: { "credlink:dr": { region: "us-east-1" } },
      problems: ['credlink:dr.region must differ from aws:region: a DR copy in the same region survives nothing a regional outage does, got "us-east-1"'],
    },
    {
      name: "a malformed DR region",
      stack: "dev",
      patch: { "credlink:dr": { region: "oregon" } },
      problems: ['credlink:dr.region must be an AWS region, one of the provider\'s aws.Region values like "us-east-1", got "oregon"'],
    },
    {
      name: "no dr section",
      stack: "dev",
      patch: { "credlink:dr": undefined },
      problems: ["credlink:dr is required (an object), but it is not set"],
    },
    // ElastiCache's windows, named by their key (old: both accepted, refused by AWS at the first up).
    {
      name: "a 59-minute cache snapshot window",
      stack: "prod",
      patch: { "credlink:cache": { snapshotWindow: "03:00-03:59" } },
      problems: [`credlink:cache.snapshotWindow must be at least 60 minutes long (ElastiCache's minimum), got "03:00-03:59" (59 minutes)`],
    },
    {
      name: "a cache snapshot window overlapping the weekly maintenance window",
      stack: "dev",
      patch: { "credlink:cache": { snapshotWindow: "05:30-06:30" } },
      problems: ['credlink:cache.snapshotWindow must not overlap the maintenance window "sun:05:00-sun:06:00" (ElastiCache refuses overlapping windows), got "05:30-06:30"'],
    },
  ];

  for (const c of cases) {
    it(`GIVEN ${c.name} WHEN the ${c.stack} config is parsed THEN it is rejected with exactly that key named`, () => {
      expect(problemsFor(c.stack, c.patch)).to.deep.equal(c.problems);
    });
  }

  it("GIVEN a 60-minute snapshot window, and one that ends as maintenance starts, THEN both parse", () => {
    for (const snapshotWindow of ["03:00-04:00", "04:00-05:00"]) {
      expect(parseStackConfig(stackConfig("prod", { "credlink:cache": { snapshotWindow } }), "credlink", "prod").cache.snapshotWindow).to.equal(snapshotWindow);
    }
  });

  it("GIVEN dev with replication off WHEN its DR region equals the primary THEN it is accepted (nothing is replicated)", () => {
    expect(parseStackConfig(stackConfig("dev", { "credlink:dr": { region: "us-east-1" } }), "credlink", "dev").dr.region).to.equal("us-east-1");
  });
});
