/**
 * Region failover: the copies prod keeps in the DR region (replicated automated backups, replicated images, the proof
 * replica), the failover stack that rebuilds prod there from them (Pulumi.prod-dr.yaml), and the config rules that keep
 * a failover stack from writing to the region that is down. One program run per committed stack (shared).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import {
  Database,
  Registry,
  RestoreTesting,
  resolveDatabaseArgs,
  resolveLoadBalancerArgs,
  resolveProofStoreArgs,
  resolveRestoreTestingArgs,
  validateDatabaseArgs,
  validateLoadBalancerArgs,
  validateProofStoreArgs,
  validateRestoreTestingArgs,
} from "../components";
import { parseStackConfig } from "../stacks/config";
import { MOCK_ACCOUNT_ID, Recorder, Registration } from "../tools/offline/mocks";
import { runComponent, runProgram, stackConfig } from "../tools/offline/program";
import { REPO_ROOT } from "../tools/project";
import { failoverPlan, recoveryObjectives } from "../tools/plan/sections/recovery";
import { problemsFor } from "./helpers/config";
import { stackKeyAdminStatements, viaServiceStatement } from "./helpers/kms";
import { committedProgram } from "./helpers/programs";
import * as pulumi from "@pulumi/pulumi";

const RDS = "aws:rds/instance:Instance";
const BACKUPS_REPLICATION = "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication";
const ECR_REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
const REPOSITORY = "aws:ecr/repository:Repository";
const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const BUCKET = "aws:s3/bucket:Bucket";
const S3_REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const KEY = "aws:kms/key:Key";
const PROVIDER = "pulumi:providers:aws";
const RT_PLAN = "aws:backup/restoreTestingPlan:RestoreTestingPlan";
const RT_SELECTION = "aws:backup/restoreTestingSelection:RestoreTestingSelection";

/** The region of a registration's provider. */
const regionOf = (rec: Recorder, r: Registration): string | undefined => rec.byUrnOf(r.provider.split("::").slice(0, -1).join("::"))?.inputs.region;

/** The committed stack file's `config:` as YAML values (structured keys as objects). */
const stackFile = (stack: string): Record<string, any> => parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")).config;

/** The failover stack's account (credlink:account.id in Pulumi.prod-dr.yaml, prod's): its restore inputs must be there. */
const PROD_ACCOUNT = "222222222222";
const BACKUPS_ARN = `arn:aws:rds:us-west-2:${PROD_ACCOUNT}:auto-backup:ab-L2IJCEXJP7XQ7HOJ4SIEXAMPLE`;
const DR_KEY = `arn:aws:kms:us-west-2:${PROD_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

/** The OIDC claims the CI roles' trust compares (token.actions.githubusercontent.com). */
const AUD = "token.actions.githubusercontent.com:aud";
const SUB = "token.actions.githubusercontent.com:sub";
/**
 * A CI job's customized subject with the committed files' placeholder ids: the deploy workflow on main (deploy and
 * check jobs), or the pull-request workflow of any pull request (preview jobs), in the GitHub environment `env`.
 */
const ciSubject = (env: string, job: "deploy" | "preview") =>
  `repository_owner_id:11111111:repository_id:22222222:environment:${env}:job_workflow_ref:credlink/infrastructure/.github/workflows/${job === "deploy" ? "deploy.yml@refs/heads/main" : "pull-request.yml@refs/pull/*/merge"}`;
/** A CI role's whole trust policy: GitHub's provider, web identity, the given condition. */
const githubTrust = (provider: string, condition: object) => ({
  Version: "2012-10-17",
  Statement: [{ Sid: "GitHubActionsOidc", Effect: "Allow", Principal: { Federated: provider }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }],
});

describe("the failover config (credlink:dr, credlink:database.restore)", () => {
  it("GIVEN the committed Pulumi.prod-dr.yaml THEN it parses as prod's failover in us-west-2, and warns about each placeholder it adopts", () => {
    const cfg = parseStackConfig(stackConfig("prod-dr"), "credlink", "prod-dr");
    expect([cfg.region, cfg.environment, cfg.isProd, cfg.dr]).to.deep.equal([
      "us-west-2",
      "prod",
      true,
      {
        region: "us-east-1",
        enabled: false,
        role: "failover",
        primaryStack: "prod",
        pilotLight: true,
        standby: false,
        adopt: {
          proofBucket: "credlink-prod-proofs-replica-0000000",
          proofLogBucket: "credlink-prod-proofs-replica-logs-0000000",
          proofKeyArn: "arn:aws:kms:us-west-2:222222222222:key/00000000-0000-0000-0000-000000000000",
        },
      },
    ]);
    expect(cfg.warnings.filter((w) => /^credlink:(dr\.adopt|database\.restore)\./.test(w)).map((w) => w.split(" ")[0])).to.deep.equal([
      "credlink:dr.adopt.proofBucket",
      "credlink:dr.adopt.proofLogBucket",
      "credlink:dr.adopt.proofKeyArn",
      "credlink:database.restore.automatedBackupsArn",
      "credlink:database.restore.keyArn",
    ]);
  });

  it("GIVEN a failover stack with credlink:dr.enabled true THEN it is refused: a replica of the replica, copies to the region that is down", () => {
    expect(problemsFor("prod-dr", { "credlink:dr": { enabled: true } })).to.deep.equal([
      'credlink:dr.enabled must be false in a failover stack (credlink:dr.role "failover"): it would replicate the adopted replica (a replica of the replica) and copy backups to us-east-1, the region that is down, got true',
    ]);
  });

  it("GIVEN a failover stack whose credlink:dr.region is its own aws:region THEN it is refused, naming the key", () => {
    expect(problemsFor("prod-dr", { "credlink:dr": { region: "us-west-2" } })).to.deep.equal([
      'credlink:dr.region must differ from aws:region in a failover stack: it names the region of the stack it stands in for, got "us-west-2"',
    ]);
  });

  it("GIVEN a primary copying out (prod) whose DR region is its own THEN refused as before; with dr.enabled false (dev) THEN not checked", () => {
    expect(problemsFor("prod", { "credlink:dr": { region: "us-east-1" } })).to.deep.equal([
      'credlink:dr.region must differ from aws:region: a DR copy in the same region survives nothing a regional outage does, got "us-east-1"',
    ]);
    expect(() => parseStackConfig(stackConfig("dev", { "credlink:dr": { region: "us-east-1" } }), "credlink", "dev")).not.to.throw();
  });

  it("GIVEN a failover stack without its restore, its adoptions or its primary stack THEN each is required, by name", () => {
    expect(problemsFor("prod-dr", { "credlink:database": { restore: undefined }, "credlink:dr": { adopt: undefined, primaryStack: undefined } })).to.deep.equal([
      'credlink:dr.primaryStack is required with credlink:dr.role "failover" (the stack whose copies it restores), but it is not set',
      "credlink:database.restore is required in a failover stack unless credlink:dr.standby: the database is restored from the primary's replicated automated backups, not created empty, but it is not set",
      "credlink:dr.adopt is required in a failover stack unless credlink:dr.standby (proofBucket, proofLogBucket, proofKeyArn: the primary's proof replica), but it is not set",
    ]);
  });

  it("GIVEN the standby (the pilot light) THEN neither the restore nor the adoptions are required", () => {
    expect(() => parseStackConfig(stackConfig("prod-dr", { "credlink:database": { restore: undefined }, "credlink:dr": { adopt: undefined, standby: true } }), "credlink", "prod-dr")).not.to.throw();
  });

  it("GIVEN the adopted bucket names THEN exactly the primary's prefix and 7 lowercase letters or digits pass; 6, 8, uppercase, another stack's or the replica's log bucket are refused", () => {
    const ok = (name: string) => () => parseStackConfig(stackConfig("prod-dr", { "credlink:dr": { adopt: { proofBucket: name } } }), "credlink", "prod-dr");
    expect(ok("credlink-prod-proofs-replica-a1b2c3d")).not.to.throw();
    for (const bad of ["credlink-prod-proofs-replica-a1b2c3", "credlink-prod-proofs-replica-a1b2c3d4", "credlink-prod-proofs-replica-A1B2C3D", "credlink-dev-proofs-replica-a1b2c3d", "credlink-prod-proofs-replica-logs-a1b2c3d"]) {
      expect(problemsFor("prod-dr", { "credlink:dr": { adopt: { proofBucket: bad } } }), bad).to.deep.equal([
        `credlink:dr.adopt.proofBucket must be the primary's bucket "credlink-prod-proofs-replica-" and 7 lowercase letters or digits (how Pulumi named it), got "${bad}"`,
      ]);
    }
  });

  it("GIVEN restore inputs or the replica's key in another region THEN each is refused: a restore reads them where they were replicated to", () => {
    expect(
      problemsFor("prod-dr", {
        "credlink:database": { restore: { automatedBackupsArn: BACKUPS_ARN.replace("us-west-2", "us-east-1"), keyArn: DR_KEY.replace("us-west-2", "us-east-1") } },
        "credlink:dr": { adopt: { proofKeyArn: DR_KEY.replace("us-west-2", "us-east-1") } },
      }),
    ).to.deep.equal([
      "credlink:dr.adopt.proofKeyArn must be a key in aws:region us-west-2 (the replica's key lives beside it), got one in us-east-1",
      "credlink:database.restore.automatedBackupsArn must be in aws:region us-west-2, where the primary's backups were replicated to (a restore reads them in this region), got one in us-east-1",
      "credlink:database.restore.keyArn must be in aws:region us-west-2, where the primary's backups were replicated to (a restore reads them in this region), got one in us-east-1",
    ]);
  });

  it("GIVEN restore inputs or the replica's key in another account than credlink:account.id THEN each is refused, naming the key; in the stack's own account THEN accepted", () => {
    const other = (arn: string) => arn.replace(PROD_ACCOUNT, "333333333333");
    expect(
      problemsFor("prod-dr", {
        "credlink:database": { restore: { automatedBackupsArn: other(BACKUPS_ARN), keyArn: other(DR_KEY) } },
        "credlink:dr": { adopt: { proofKeyArn: other(DR_KEY) } },
      }),
    ).to.deep.equal([
      `credlink:database.restore.automatedBackupsArn must be in the stack's own account (credlink:account.id 222222222222): the providers refuse any other, got "${other(BACKUPS_ARN)}" in 333333333333`,
      `credlink:database.restore.keyArn must be in the stack's own account (credlink:account.id 222222222222): the providers refuse any other, got "${other(DR_KEY)}" in 333333333333`,
      `credlink:dr.adopt.proofKeyArn must be in the stack's own account (credlink:account.id 222222222222): the providers refuse any other, got "${other(DR_KEY)}" in 333333333333`,
    ]);
    expect(() => parseStackConfig(stackConfig("prod-dr", { "credlink:database": { restore: { automatedBackupsArn: BACKUPS_ARN, keyArn: DR_KEY } }, "credlink:dr": { adopt: { proofKeyArn: DR_KEY } } }), "credlink", "prod-dr")).not.to.throw();
  });

  it("GIVEN a restore key in another region than its backups THEN the component's own check names it", () => {
    expect(problemsFor("prod-dr", { "credlink:database": { restore: { automatedBackupsArn: BACKUPS_ARN, keyArn: DR_KEY.replace("us-west-2", "eu-west-1") } } })).to.include(
      "credlink:database.restore.keyArn must be in the backups' region us-west-2 (the key that encrypts them), got one in eu-west-1",
    );
  });

  it("GIVEN a malformed backups ARN or restore time THEN each is refused with its shape", () => {
    expect(problemsFor("prod-dr", { "credlink:database": { restore: { automatedBackupsArn: "arn:aws:rds:us-west-2:222222222222:db:credlink-prod-db" } } })).to.deep.equal([
      'credlink:database.restore.automatedBackupsArn must be replicated automated backups\' ARN like "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-<id>", got "arn:aws:rds:us-west-2:222222222222:db:credlink-prod-db"',
    ]);
    expect(problemsFor("prod-dr", { "credlink:database": { restore: { restoreTime: "2026-11-26 03:55" } } })).to.deep.equal([
      'credlink:database.restore.restoreTime must be a UTC time like "2026-11-26T03:55:00Z", got "2026-11-26 03:55"',
    ]);
    expect(() => parseStackConfig(stackConfig("prod-dr", { "credlink:database": { restore: { restoreTime: "2026-11-26T03:55:00Z" } } }), "credlink", "prod-dr")).not.to.throw();
  });

  it("GIVEN a failover stack on the primary region's image THEN refused: it must pull from the replication's destination", () => {
    expect(problemsFor("prod-dr", { "credlink:service": { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:v1" } })).to.deep.equal([
      'credlink:service.image must be in this region\'s replicated repository "credlink-prod" (<account>.dkr.ecr.us-west-2.amazonaws.com/credlink-prod), not the primary\'s: a failover stack pulls from the replication\'s destination, got "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod:v1"',
    ]);
  });

  it("GIVEN a primary stack with a restore, a standby or adoptions THEN each is refused: only a failover stack has them", () => {
    expect(problemsFor("prod", { "credlink:dr": { standby: true }, "credlink:database": { restore: { automatedBackupsArn: BACKUPS_ARN.replace("us-west-2", "us-east-1"), keyArn: DR_KEY.replace("us-west-2", "us-east-1") } } })).to.deep.equal([
      'credlink:dr.standby needs credlink:dr.role "failover": only a failover stack stands by or adopts a primary\'s copies, got true',
      'credlink:database.restore needs credlink:dr.role "failover": a primary stack\'s database is created, not restored from another stack\'s replicated backups',
    ]);
  });

  it("GIVEN prod with credlink:dr.enabled false THEN refused (a primary copies out); the failover role is prod with it false", () => {
    expect(problemsFor("prod", { "credlink:dr": { enabled: false } })).to.deep.equal([
      "credlink:dr.enabled must be true in prod: the proofs, the database's backups and the images are replicated to the DR region, got false",
      "credlink:backup.airGappedCopy needs credlink:dr.enabled true: the air-gapped vault lives in the DR region, got true",
    ]);
  });

  it("GIVEN the failover stack with the Cloudflare edge THEN refused: its DNS failover is a Route 53 pair", () => {
    expect(problemsFor("prod-dr", { "credlink:edge": { provider: "cloudflare" } })).to.include(
      'credlink:edge.provider must be "aws" in a failover stack: its DNS failover is a Route 53 failover record pair; with the Cloudflare edge, switch the origin in Cloudflare instead (docs/DISASTER-RECOVERY.md), got "cloudflare"',
    );
  });

  it("GIVEN Pulumi.prod-dr.yaml THEN every key not about the failover is prod's (tags included: the adopted bucket's tags must match for its import)", () => {
    const prod = stackFile("prod");
    const dr = stackFile("prod-dr");
    const strip = (c: Record<string, any>) => {
      const out = structuredClone(c);
      delete out["aws:region"];
      delete out["credlink:dr"];
      delete out["credlink:database"].restore;
      delete out["credlink:service"].image;
      delete out["credlink:cicd"].createOidcProvider;
      // The baseline owner's settings: the account's singletons in us-west-2 are prod's, and so is its trail.
      delete out["credlink:account"].baseline;
      delete out["credlink:account"].runtimeMonitoring;
      delete out["credlink:audit"];
      // The heartbeats guard the pages the tamper alerts send: the baseline owner's (the failover stack builds none).
      delete out["credlink:alerts.heartbeatUrl"];
      delete out["credlink:alerts.drHeartbeatUrl"];
      // It copies nowhere, so no air-gapped copy: prod's are what it restores from.
      delete out["credlink:backup"].airGappedCopy;
      return out;
    };
    expect(strip(dr)).to.deep.equal(strip(prod));
    expect([dr["aws:region"], prod["credlink:dr"].region, dr["credlink:dr"].region, prod["aws:region"]]).to.deep.equal(["us-west-2", "us-west-2", "us-east-1", "us-east-1"]);
    // One GitHub OIDC provider per account (prod's); the account's singletons in us-west-2 are prod's (its DR region).
    expect([dr["credlink:cicd"].createOidcProvider, dr["credlink:account"].baseline, dr["credlink:audit"], dr["credlink:backup"].airGappedCopy]).to.deep.equal([false, false, undefined, undefined]);
    expect(dr["credlink:dr"].pilotLight).to.equal(prod["credlink:dr"].pilotLight);
  });

  it("GIVEN the failover policy config THEN it is prod's with exactly the four rules a failover stack can't keep relaxed", () => {
    const prod = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy/config/prod.json"), "utf8"));
    const failover = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy/config/prod-failover.json"), "utf8"));
    const differences = Object.keys({ ...prod, ...failover })
      .filter((k) => JSON.stringify(prod[k]) !== JSON.stringify(failover[k]))
      .map((k) => [k, prod[k] ?? null, failover[k]]);
    expect(differences).to.deep.equal([
      // It copies nowhere: its DR region is the one that failed (still shown, as advisory).
      ["backup-plan-copies-to-dr-vault-in-another-region", { requireDrCopy: true }, { enforcementLevel: "advisory", requireDrCopy: true }],
      // The account's trail is prod's (the baseline owner's): the failover stack records into it and builds none.
      ["cloudtrail-trail-multi-region-validated-encrypted", { requireTrail: true }, { requireTrail: false }],
      // The account's detector in us-west-2 is prod's (the baseline owner's).
      ["guardduty-runtime-monitoring-enabled", { requireDetector: true, requireRuntimeMonitoring: true }, { requireDetector: false }],
      // The adopted bucket is the replica: it is never replicated again (shown as advisory).
      ["s3-bucket-replicated-cross-region", null, "advisory"],
    ]);
  });
});

describe("the DR region's copies, as prod registers them", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await committedProgram("prod"));
  });

  it("WHEN it runs THEN the automated backups are replicated to us-west-2, 14 days, under a key of their own there", () => {
    const replication = rec.one(BACKUPS_REPLICATION);
    const key = rec.one(KEY, "credlink-prod-db-replica");
    expect(replication.inputs).to.deep.equal({ sourceDbInstanceArn: rec.one(RDS).state.arn, kmsKeyId: key.state.arn, retentionPeriod: 14 });
    expect([regionOf(rec, replication), regionOf(rec, key), replication.protect, key.protect, key.retainOnDelete]).to.deep.equal(["us-west-2", "us-west-2", true, true, true]);
    expect(JSON.parse(key.inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [...stackKeyAdminStatements("prod", rec.one("aws:iam/role:Role", "credlink-prod-cicd-deploy").state.arn), viaServiceStatement("AllowRdsInThisAccount", ["rds.us-west-2.amazonaws.com"])],
    });
    expect([outputs.databaseReplicatedBackupsArn, outputs.databaseReplicaKeyArn]).to.deep.equal([replication.id, key.state.arn]);
  });

  it("WHEN it runs THEN its images are replicated to us-west-2 by a rule filtered to its repository, into a replica it creates there first: immutable, scanned, encrypted, expiring as the source", () => {
    const replication = rec.one(ECR_REPLICATION);
    const replica = rec.one(REPOSITORY, "credlink-prod-replica");
    const source = rec.one(REPOSITORY, "credlink-prod");
    const key = rec.one(KEY, "credlink-prod-ecr-replica");
    const lifecycle = rec.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", "credlink-prod-replica");
    expect(replication.inputs.replicationConfiguration).to.deep.equal({
      rules: [{ destinations: [{ region: "us-west-2", registryId: MOCK_ACCOUNT_ID }], repositoryFilters: [{ filter: "credlink-prod", filterType: "PREFIX_MATCH" }] }],
    });
    // The name ECR replicates into (a template's prefix could never match a top-level name: ECR assumes a trailing "/").
    expect(replica.inputs).to.deep.equal({
      name: "credlink-prod",
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: key.state.arn }],
      forceDelete: false,
    });
    expect([source.inputs.name, source.inputs.imageTagMutability, source.inputs.imageScanningConfiguration]).to.deep.equal([replica.inputs.name, replica.inputs.imageTagMutability, replica.inputs.imageScanningConfiguration]);
    expect(lifecycle.inputs).to.deep.equal({ repository: replica.state.name, policy: rec.one("aws:ecr/lifecyclePolicy:LifecyclePolicy", "credlink-prod").inputs.policy });
    expect([regionOf(rec, replica), regionOf(rec, lifecycle), regionOf(rec, key), regionOf(rec, replication)]).to.deep.equal(["us-west-2", "us-west-2", "us-west-2", "us-east-1"]);
    expect([replica.protect, replica.retainOnDelete, key.protect]).to.deep.equal([true, true, true]);
    // The replica, its key and its lifecycle exist before the first image is replicated into it.
    expect(replication.dependsOn).to.include.members([replica.urn, lifecycle.urn]);
    expect(JSON.parse(key.inputs.policy)).to.deep.equal({ Version: "2012-10-17", Statement: [...stackKeyAdminStatements("prod", rec.one("aws:iam/role:Role", "credlink-prod-cicd-deploy").state.arn), viaServiceStatement("AllowEcrInThisAccount", ["ecr.us-west-2.amazonaws.com"])] });
    // No creation template and no role for one: ECR creates nothing here.
    expect([rec.ofType(TEMPLATE).length, rec.ofType("aws:iam/role:Role").filter((r) => r.name.includes("ecr-replica")).length]).to.deep.equal([0, 0]);
    expect(outputs.repositoryReplicaUrl).to.equal(replica.state.repositoryUrl);
  });

  // Old: nothing watched the replicated backups or images: stopping either was one silent call, and the 15-minute
  // region RPO became "the last drill".
  it("WHEN it runs THEN a check every 15 minutes reads the replicated backups, the replica's images and the backup plan's recovery points in its three vaults, and pages prod's page topic when any is behind or the check stops", () => {
    const fn = rec.one("aws:lambda/function:Function", "credlink-prod-copy-freshness");
    const replication = rec.one(BACKUPS_REPLICATION);
    const source = rec.one(REPOSITORY, "credlink-prod");
    const replicaArn = source.state.arn.replace(":us-east-1:", ":us-west-2:");
    // The daily rule's recovery points land in the primary vault and are copied to the DR vault and the air-gapped one.
    const vaults = [rec.one("aws:backup/vault:Vault", "credlink-prod-backup"), rec.one("aws:backup/vault:Vault", "credlink-prod-backup-dr"), rec.one("aws:backup/logicallyAirGappedVault:LogicallyAirGappedVault", "credlink-prod-backup-air-gapped")];
    const protectedArns = [rec.one("aws:rds/instance:Instance", "credlink-prod-db").state.arn, rec.one("aws:s3/bucket:Bucket", "credlink-prod-proofs").state.arn];
    expect(rec.one("aws:backup/selection:Selection", "credlink-prod-backup").inputs.resources).to.deep.equal(protectedArns);
    expect(fn.inputs.environment.variables).to.deep.equal({
      DR_REGION: "us-west-2",
      REPLICATED_BACKUPS_ARN: replication.id,
      REPOSITORY_NAME: "credlink-prod",
      MAX_LAG_MINUTES: "30",
      IMAGE_GRACE_MINUTES: "30",
      IMAGES_CHECKED: "5",
      RECOVERY_VAULTS: JSON.stringify([
        { region: "us-east-1", name: vaults[0].state.name },
        { region: "us-west-2", name: vaults[1].state.name },
        { region: "us-west-2", name: vaults[2].state.name },
      ]),
      PROTECTED_RESOURCES: JSON.stringify(protectedArns),
      MAX_RECOVERY_POINT_AGE_HOURS: "30",
    });
    expect([regionOf(rec, fn), ...vaults.map((v) => regionOf(rec, v))]).to.deep.equal(["us-east-1", "us-east-1", "us-west-2", "us-west-2"]);
    expect(JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", "credlink-prod-copy-freshness").inputs.policy).Statement.slice(0, 4)).to.deep.equal([
      { Sid: "ReadTheReplicatedBackups", Effect: "Allow", Action: ["rds:DescribeDBInstanceAutomatedBackups"], Resource: replication.id },
      { Sid: "ReadTheImagesAndTheirReplicas", Effect: "Allow", Action: ["ecr:DescribeImages"], Resource: [source.state.arn, replicaArn] },
      { Sid: "ReadTheReplicaRepository", Effect: "Allow", Action: ["ecr:DescribeRepositories"], Resource: replicaArn },
      { Sid: "ReadTheVaultsRecoveryPoints", Effect: "Allow", Action: ["backup:DescribeBackupVault", "backup:ListRecoveryPointsByBackupVault"], Resource: vaults.map((v) => v.state.arn) },
    ]);
    expect(rec.one("aws:cloudwatch/eventRule:EventRule", "credlink-prod-copy-freshness").inputs.scheduleExpression).to.equal("rate(15 minutes)");
    const alarms = ["failing", "not-running"].map((a) => rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `credlink-prod-copy-freshness-${a}`));
    expect(alarms.map((a) => a.inputs.alarmActions)).to.deep.equal([[outputs.pageTopicArn], [outputs.pageTopicArn]]);
    expect(outputs.recovery.copyFreshnessAlarmNames).to.deep.equal(alarms.map((a) => a.state.name));
    // Its role carries the stack's boundary, like every role the program makes.
    expect(rec.one("aws:iam/role:Role", "credlink-prod-copy-freshness").inputs.permissionsBoundary).to.equal(rec.one("aws:iam/policy:Policy", "credlink-prod-cicd-boundary").state.arn);
  });

  it("WHEN it runs THEN the copy-freshness check logs under the service's log key, whose policy names the check's log group: no key of its own", () => {
    const logKey = rec.one("aws:kms/key:Key", "credlink-prod-logs");
    expect(rec.one("aws:cloudwatch/logGroup:LogGroup", "credlink-prod-copy-freshness").inputs.kmsKeyId).to.equal(logKey.state.arn);
    expect(rec.ofType("aws:kms/key:Key").filter((k) => k.name === "credlink-prod-copy-freshness")).to.deep.equal([]);
    const logs = JSON.parse(logKey.inputs.policy).Statement.find((st: any) => st.Sid === "AllowCloudWatchLogsForTheseLogGroups");
    const group = (name: string) => `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:${name}`;
    expect(logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).to.deep.equal([group("/credlink/ecs/credlink-prod"), group("/credlink/ecs-exec/credlink-prod"), group("/aws/lambda/credlink-prod-copy-freshness")]);
  });

  it("WHEN it runs THEN its name is the PRIMARY of a Route 53 failover pair, answered while HTTPS to its own load balancer passes", () => {
    const check = rec.one(HEALTH_CHECK, "credlink-prod-failover");
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer");
    expect(check.inputs).to.deep.equal({
      type: "HTTPS",
      fqdn: alb.state.dnsName,
      port: 443,
      resourcePath: "/healthz",
      enableSni: true,
      requestInterval: 30,
      failureThreshold: 3,
      tags: { Name: "credlink-prod: failover primary HTTPS /healthz on the load balancer" },
    });
    expect(rec.one(RECORD, "credlink-prod-alias").inputs).to.deep.equal({
      zoneId: "Z0000000000000000000",
      name: "api.credlink.example",
      type: "A",
      aliases: [{ name: alb.state.dnsName, zoneId: alb.state.zoneId, evaluateTargetHealth: true }],
      setIdentifier: "primary",
      failoverRoutingPolicies: [{ type: "PRIMARY" }],
      healthCheckId: check.id,
    });
    expect(outputs.failover).to.deep.equal({ role: "primary", drRegion: "us-west-2", primaryStack: undefined, pilotLight: true, standby: false, dnsFailover: "PRIMARY", primaryHealthCheckId: check.id });
  });

  it("WHEN it runs THEN a second restore testing plan in us-west-2 tests every recovery point of the DR vault, reporting to topics there", () => {
    const plan = rec.one(RT_PLAN, "credlink-prod-restore-test-dr");
    const drVault = rec.one("aws:backup/vault:Vault", "credlink-prod-backup-dr");
    expect(plan.inputs.recoveryPointSelection).to.deep.equal({ algorithm: "LATEST_WITHIN_WINDOW", includeVaults: [drVault.state.arn], recoveryPointTypes: ["SNAPSHOT"], selectionWindowDays: 7 });
    expect([plan.inputs.name, plan.inputs.scheduleExpression, regionOf(rec, plan)]).to.deep.equal(["credlink_prod_restore_test_dr", "cron(0 6 ? * SUN *)", "us-west-2"]);
    const selections = rec.ofType(RT_SELECTION).filter((s) => s.name.startsWith("credlink-prod-restore-test-dr-"));
    expect(selections.map((s) => [s.name, s.inputs.protectedResourceType, s.inputs.protectedResourceArns, s.inputs.restoreMetadataOverrides, regionOf(rec, s)])).to.deep.equal([
      ["credlink-prod-restore-test-dr-rds", "RDS", ["*"], undefined, "us-west-2"],
      ["credlink-prod-restore-test-dr-s3", "S3", ["*"], undefined, "us-west-2"],
    ]);
    // The restore tests' two (the DR region's heartbeat, on the same topics' component, is the alerting's own).
    const rules = rec.ofType("aws:cloudwatch/eventTarget:EventTarget").filter((t) => t.name.startsWith("credlink-prod-restore-test-dr-") && t.name !== "credlink-prod-restore-test-dr-heartbeat");
    const topics = rec.ofType("aws:sns/topic:Topic").filter((t) => t.name.startsWith("credlink-prod-restore-test-dr"));
    expect(rules.map((t) => regionOf(rec, t))).to.deep.equal(["us-west-2", "us-west-2"]);
    expect(rules.every((t) => topics.some((topic) => topic.state.arn === t.inputs.arn))).to.equal(true);
  });
});

describe("the failover stack (Pulumi.prod-dr.yaml) as it registers", () => {
  let rec: Recorder;
  let outputs: Record<string, any>;
  before(async () => {
    ({ recorder: rec, outputs } = await committedProgram("prod-dr"));
  });

  it("WHEN it runs THEN every AWS resource is in us-west-2: nothing reaches the region that is down", () => {
    const regions = new Set(rec.all.filter((r) => r.custom && r.type.startsWith("aws:")).map((r) => regionOf(rec, r)));
    expect([...regions]).to.deep.equal(["us-west-2"]);
    expect(rec.ofType(PROVIDER).map((p) => p.inputs.region)).to.deep.equal(["us-west-2"]);
  });

  it("WHEN it runs THEN it copies nowhere: no backups replication, no proof replication, no image replication, no DR vault", () => {
    expect([BACKUPS_REPLICATION, S3_REPLICATION, ECR_REPLICATION, TEMPLATE, REPOSITORY].map((t) => rec.ofType(t).length)).to.deep.equal([0, 0, 0, 0, 0]);
    expect(rec.ofType("aws:backup/vault:Vault").map((v) => v.name)).to.deep.equal(["credlink-prod-dr-backup"]);
    expect(rec.one("aws:backup/plan:Plan").inputs.rules.flatMap((r: any) => r.copyActions ?? [])).to.deep.equal([]);
  });

  it("WHEN it runs THEN the database is restored from prod's replicated backups, to the latest restorable time, keeping their key, Multi-AZ and protected", () => {
    const db = rec.one(RDS);
    expect(db.inputs.restoreToPointInTime).to.deep.equal({
      sourceDbInstanceAutomatedBackupsArn: "arn:aws:rds:us-west-2:222222222222:auto-backup:ab-placeholder0000000000000000",
      useLatestRestorableTime: true,
    });
    expect([db.inputs.kmsKeyId, db.inputs.dbName, db.inputs.username, db.inputs.multiAz, db.inputs.deletionProtection]).to.deep.equal([
      "arn:aws:kms:us-west-2:222222222222:key/00000000-0000-0000-0000-000000000000",
      undefined,
      undefined,
      true,
      true,
    ]);
    // The rest of the instance uses the stack's own database key (Performance Insights, the master secret, the logs).
    const own = rec.one(KEY, "credlink-prod-dr-db").state.arn;
    expect([db.inputs.performanceInsightsKmsKeyId, db.inputs.masterUserSecretKmsKeyId]).to.deep.equal([own, own]);
    expect([db.protect, db.retainOnDelete, db.ignoreChanges, db.customTimeouts]).to.deep.equal([true, true, ["restoreToPointInTime"], { create: "90m", update: "", delete: "" }]);
  });

  it("WHEN it runs THEN the proof store adopts prod's replica: every resource of the bucket and its logs is imported by name, kept on delete, and ignores every input it sets (the engine would update prod's replica to them)", () => {
    const adopted = rec.all.filter((r) => r.custom && r.urn.includes("credlink:data:ProofStore"));
    const byName = (a: unknown[], b: unknown[]) => `${a[1]} ${a[0]}`.localeCompare(`${b[1]} ${b[0]}`);
    const BUCKET_ID = "credlink-prod-proofs-replica-0000000";
    const LOGS_ID = "credlink-prod-proofs-replica-logs-0000000";
    const PAB = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];
    expect(adopted.map((r) => [r.type.split(":").pop(), r.name, r.importId, r.retainOnDelete, r.ignoreChanges]).sort(byName)).to.deep.equal([
      ["Bucket", "credlink-prod-dr-proofs", BUCKET_ID, true, ["forceDestroy", "objectLockEnabled"]],
      ["BucketPublicAccessBlock", "credlink-prod-dr-proofs", BUCKET_ID, true, PAB],
      ["BucketOwnershipControls", "credlink-prod-dr-proofs", BUCKET_ID, true, ["rule"]],
      ["BucketServerSideEncryptionConfiguration", "credlink-prod-dr-proofs", BUCKET_ID, true, ["rules"]],
      ["BucketVersioning", "credlink-prod-dr-proofs", BUCKET_ID, true, ["versioningConfiguration"]],
      ["BucketLifecycleConfiguration", "credlink-prod-dr-proofs", BUCKET_ID, true, ["rules"]],
      ["BucketObjectLockConfiguration", "credlink-prod-dr-proofs", BUCKET_ID, true, ["objectLockEnabled", "rule"]],
      ["BucketPolicy", "credlink-prod-dr-proofs", BUCKET_ID, true, ["policy"]],
      ["Bucket", "credlink-prod-dr-proofs-logs", LOGS_ID, true, ["forceDestroy"]],
      ["BucketPublicAccessBlock", "credlink-prod-dr-proofs-logs", LOGS_ID, true, PAB],
      ["BucketOwnershipControls", "credlink-prod-dr-proofs-logs", LOGS_ID, true, ["rule"]],
      ["BucketServerSideEncryptionConfiguration", "credlink-prod-dr-proofs-logs", LOGS_ID, true, ["rules"]],
      ["BucketVersioning", "credlink-prod-dr-proofs-logs", LOGS_ID, true, ["versioningConfiguration"]],
      ["BucketLifecycleConfiguration", "credlink-prod-dr-proofs-logs", LOGS_ID, true, ["rules"]],
      ["BucketPolicy", "credlink-prod-dr-proofs-logs", LOGS_ID, true, ["policy"]],
      ["BucketLogging", "credlink-prod-dr-proofs-logs", BUCKET_ID, true, ["targetBucket", "targetPrefix"]],
    ].sort(byName));
    // Each adopted bucket is named what it is, never autonamed; the import reads it by that name.
    expect([rec.one(BUCKET, "credlink-prod-dr-proofs").inputs.bucket, rec.one(BUCKET, "credlink-prod-dr-proofs-logs").inputs.bucket]).to.deep.equal([BUCKET_ID, LOGS_ID]);
    expect(rec.ofType(KEY).filter((k) => k.urn.includes("credlink:data:ProofStore"))).to.deep.equal([]);
    expect([outputs.proofBucketName, outputs.proofKeyArn]).to.deep.equal([rec.one(BUCKET, "credlink-prod-dr-proofs").state.bucket, "arn:aws:kms:us-west-2:222222222222:key/00000000-0000-0000-0000-000000000000"]);
  });

  it("WHEN it runs THEN the registry names the replication's destination and the service pulls from it", () => {
    expect(outputs.repositoryUrl).to.equal(`${MOCK_ACCOUNT_ID}.dkr.ecr.us-west-2.amazonaws.com/credlink-prod`);
    const execution = rec.ofType("aws:iam/rolePolicy:RolePolicy").map((p) => p.inputs.policy as string).find((p) => p.includes("PullFromThisRepository"));
    expect(execution).to.include(`arn:aws:ecr:us-west-2:${MOCK_ACCOUNT_ID}:repository/credlink-prod`);
    const container = JSON.parse(rec.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions)[0];
    expect(container.image).to.equal("123456789012.dkr.ecr.us-west-2.amazonaws.com/credlink-prod:bootstrap");
  });

  it("WHEN it runs THEN its name is the SECONDARY of the failover pair, with no health check of its own, and it never deletes the shared certificate validation record", async () => {
    const alb = rec.one("aws:lb/loadBalancer:LoadBalancer");
    expect(rec.one(RECORD, "credlink-prod-dr-alias").inputs).to.deep.equal({
      zoneId: "Z0000000000000000000",
      name: "api.credlink.example",
      type: "A",
      aliases: [{ name: alb.state.dnsName, zoneId: alb.state.zoneId, evaluateTargetHealth: true }],
      setIdentifier: "secondary",
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
    });
    expect(rec.ofType(HEALTH_CHECK)).to.deep.equal([]);
    // The certificate's validation CNAME is the same one prod's certificate renews with: kept on delete here.
    expect([rec.one(RECORD, "credlink-prod-dr-cert-validation").retainOnDelete, (await committedProgram("prod")).recorder.one(RECORD, "credlink-prod-cert-validation").retainOnDelete]).to.deep.equal([true, false]);
  });

  // Old: no uptime check in us-west-2 (its alarm would have had to live in us-east-1, the region that may be down).
  it("WHEN it runs THEN a probe in us-west-2 checks its own load balancer every minute and pages its page topic (there): nothing of it needs us-east-1", () => {
    const fn = rec.one("aws:lambda/function:Function", "credlink-prod-dr-uptime-probe");
    expect(fn.inputs.environment.variables).to.deep.equal({
      TARGET_HOST: rec.one("aws:lb/loadBalancer:LoadBalancer").state.dnsName,
      SERVER_NAME: "api.credlink.example",
      HEALTH_PATH: "/healthz",
      TIMEOUT_MS: "10000",
    });
    const alarms = ["failing", "not-running"].map((a) => rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `credlink-prod-dr-uptime-probe-${a}`));
    expect(alarms.map((a) => [a.inputs.alarmActions, regionOf(rec, a)])).to.deep.equal([
      [[outputs.pageTopicArn], "us-west-2"],
      [[outputs.pageTopicArn], "us-west-2"],
    ]);
    expect(outputs.warnings.filter((w: string) => w.startsWith("no uptime check"))).to.deep.equal([]);
    expect(rec.ofType("aws:lambda/function:Function").filter((f) => f.name.includes("copy-freshness"))).to.deep.equal([]);
  });

  // Old: its CI roles trusted prod's GitHub environments (credlink:environment prod), so prod's deploy job could assume
  // the failover stack's deploy role, whose names prod's own guardrails deny to prod's.
  it("WHEN it runs THEN its deploy, preview and scan roles trust exactly its own GitHub environments, prod-dr, prod-dr-preview and prod-dr-checks, and the outputs print those subjects", () => {
    const provider = `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`;
    const trustOf = (role: string) => JSON.parse(rec.one("aws:iam/role:Role", `credlink-prod-dr-cicd-${role}`).inputs.assumeRolePolicy);
    expect([trustOf("deploy"), trustOf("preview"), trustOf("scan")]).to.deep.equal([
      githubTrust(provider, { StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: ciSubject("prod-dr", "deploy") } }),
      githubTrust(provider, { StringEquals: { [AUD]: "sts.amazonaws.com" }, StringLike: { [SUB]: ciSubject("prod-dr-preview", "preview") } }),
      githubTrust(provider, { StringEquals: { [AUD]: "sts.amazonaws.com", [SUB]: ciSubject("prod-dr-checks", "deploy") } }),
    ]);
    expect([outputs.deploySubject, outputs.previewSubject, outputs.checksSubject]).to.deep.equal([ciSubject("prod-dr", "deploy"), ciSubject("prod-dr-preview", "preview"), ciSubject("prod-dr-checks", "deploy")]);
  });

  it("WHEN it runs THEN every Environment tag its deploy role's grants name is still prod (the environment, not the stack)", () => {
    const tagValues = rec
      .ofType("aws:iam/policy:Policy")
      .filter((p) => p.inputs.name.startsWith("credlink-prod-dr-deploy-"))
      .flatMap((p) => JSON.parse(p.inputs.policy).Statement)
      .flatMap((st: any) => Object.entries(st.Condition ?? {}).filter(([op]) => op !== "Null").flatMap(([, keys]: [string, any]) => Object.entries(keys)))
      .filter(([key]) => key.endsWith("Tag/Environment"))
      .map(([, value]) => value);
    expect(tagValues.length).to.be.greaterThan(10);
    expect([...new Set(tagValues)]).to.deep.equal(["prod"]);
  });

  it("WHEN prod runs beside it THEN prod's roles still trust exactly prod, prod-preview and prod-checks, and no subject of one stack is the other's", async () => {
    const prod = await committedProgram("prod");
    const subjectsOf = (o: Record<string, any>) => [o.deploySubject, o.previewSubject, o.checksSubject];
    expect(subjectsOf(prod.outputs)).to.deep.equal([ciSubject("prod", "deploy"), ciSubject("prod-preview", "preview"), ciSubject("prod-checks", "deploy")]);
    const subOf = (role: string) => {
      const c = JSON.parse(prod.recorder.one("aws:iam/role:Role", `credlink-prod-cicd-${role}`).inputs.assumeRolePolicy).Statement[0].Condition;
      return (c.StringLike ?? c.StringEquals)[SUB];
    };
    expect([subOf("deploy"), subOf("preview"), subOf("scan")]).to.deep.equal(subjectsOf(prod.outputs));
    expect(subjectsOf(prod.outputs).filter((sub) => subjectsOf(outputs).includes(sub))).to.deep.equal([]);
  });

  it("WHEN the plan derives its objectives THEN a region's loss costs 15 minutes of data and 57 minutes, within the hour", () => {
    expect(recoveryObjectives(rec, outputs.failover).filter((o) => o.scenario === "region").map((o) => [o.store, o.rpoMinutes, o.rtoMinutes])).to.deep.equal([
      ["PostgreSQL", 15, 57],
      ["Proof bucket", 15, 57],
    ]);
  });
});

describe("the failover's steps (tools/plan/sections/recovery.ts)", () => {
  it("GIVEN prod's sizes with the pilot light THEN the critical path is 57 minutes; cold THEN 65, over the hour", () => {
    const at = (pilotLight: boolean) => failoverPlan({ pilotLight, multiAz: true, allocatedStorageGb: 20 }).rtoMinutes;
    expect([at(true), at(false)]).to.deep.equal([57, 65]);
  });

  it("GIVEN the steps THEN the cache and the load balancer run in parallel and add nothing; a single-AZ restore skips the standby", () => {
    const plan = failoverPlan({ pilotLight: true, multiAz: false, allocatedStorageGb: 20 });
    expect(plan.steps.filter((s) => !s.criticalPath).map((s) => s.step.split(":")[0])).to.deep.equal(["cache", "load balancer, certificate and WAF"]);
    expect(plan.rtoMinutes).to.equal(47);
  });

  it("GIVEN a database larger than the 20 GB the restore estimate is for THEN its source says to re-measure", () => {
    const source = failoverPlan({ pilotLight: true, multiAz: true, allocatedStorageGb: 21 }).steps.find((s) => s.step.startsWith("database: point-in-time"))?.source;
    expect(source).to.match(/re-measure, the database has 21 GB$/);
    expect(failoverPlan({ pilotLight: true, multiAz: true, allocatedStorageGb: 20 }).steps.find((s) => s.step.startsWith("database: point-in-time"))?.source).not.to.include("re-measure");
  });
});

describe("the failover's parts on their own", () => {
  const restore = { automatedBackupsArn: BACKUPS_ARN, keyArn: DR_KEY };

  it("GIVEN a restore time THEN the instance restores to it instead of the latest restorable time", async () => {
    const { recorder } = await runComponent(() => new Database("credlink-x-db", { vpcId: "vpc-1", dbSubnetGroupName: "sg", restore: { ...restore, restoreTime: "2026-11-26T03:55:00Z" } }), { region: "us-west-2" });
    expect(recorder.one(RDS).inputs.restoreToPointInTime).to.deep.equal({ sourceDbInstanceAutomatedBackupsArn: BACKUPS_ARN, restoreTime: "2026-11-26T03:55:00Z" });
  });

  const provider = {} as pulumi.ProviderResource;

  it("GIVEN a restore and a backups replication together THEN refused: a restored database never replicates back", () => {
    expect(() => validateDatabaseArgs(resolveDatabaseArgs({ vpcId: "vpc-1", dbSubnetGroupName: "sg", restore, backupReplication: { region: "us-east-1", provider } }))).to.throw(
      "backupReplication must be left out with restore: a restored (failover) database never replicates its backups back to the region that is down",
    );
  });

  it("GIVEN an existing repository THEN the registry creates nothing and names it in its own region", async () => {
    const { recorder, result } = await runComponent(() => new Registry("credlink-prod-dr", { existingRepositoryName: "credlink-prod" }), { region: "us-west-2" });
    expect(recorder.all.filter((r) => r.custom)).to.deep.equal([]);
    const [arn, url] = await Promise.all([result.repositoryArn, result.repositoryUrl].map((o) => new Promise((resolve) => o.apply(resolve))));
    expect([arn, url, result.keyArn]).to.deep.equal([`arn:aws:ecr:us-west-2:${MOCK_ACCOUNT_ID}:repository/credlink-prod`, `${MOCK_ACCOUNT_ID}.dkr.ecr.us-west-2.amazonaws.com/credlink-prod`, undefined]);
  });

  it("GIVEN dnsFailover without a hosted zone, or with mutual TLS THEN refused, each with why", () => {
    const base = { vpcId: "vpc-1", subnetIds: ["a", "b"], securityGroupId: "sg-1" };
    const check = (args: Parameters<typeof resolveLoadBalancerArgs>[0]) => () => validateLoadBalancerArgs(resolveLoadBalancerArgs(args));
    expect(check({ ...base, dnsFailover: "PRIMARY" })).to.throw("dnsFailover needs hostedZoneId: the failover pair is a pair of Route 53 records in that zone");
    expect(check({ ...base, domainName: "api.credlink.example", certificateArn: "arn:c", mutualTlsTrustStoreArn: "arn:t", dnsFailover: "SECONDARY" })).to.throw(
      "dnsFailover needs hostedZoneId: the failover pair is a pair of Route 53 records in that zone",
    );
    expect(check({ ...base, domainName: "api.credlink.example", hostedZoneId: "Z123", mutualTlsTrustStoreArn: "arn:t", dnsFailover: "PRIMARY" })).to.throw(/^dnsFailover must be left out with mutualTlsTrustStoreArn/);
    expect(check({ ...base, domainName: "api.credlink.example", hostedZoneId: "Z123", dnsFailover: "SECONDARY" })).not.to.throw();
  });

  it("GIVEN an adopted replica with replication, or one bucket as its own log bucket THEN refused", () => {
    const adopt = { bucketName: "credlink-prod-proofs-replica-a1b2c3d", logBucketName: "credlink-prod-proofs-replica-logs-e4f5a6b", keyArn: DR_KEY };
    const check = (args: Parameters<typeof resolveProofStoreArgs>[0]) => () => validateProofStoreArgs(resolveProofStoreArgs(args));
    expect(check({ adopt, replication: { region: "us-east-1", provider } })).to.throw("replication must be left out with adopt: the adopted bucket is already the replica, and replicating it again doubles the copies");
    expect(check({ adopt: { ...adopt, logBucketName: adopt.bucketName } })).to.throw(/^adopt\.logBucketName must differ from adopt\.bucketName/);
    expect(check({ adopt })).not.to.throw();
  });

  it("GIVEN restore testing with no subnet group THEN the database selection has no overrides; with only one of the pair THEN refused", async () => {
    const args = { vaultArn: "arn:vault", roleArn: "arn:role", databaseArn: "*", bucketArn: "*", frequency: "weekly" as const };
    const { recorder } = await runComponent(() => new RestoreTesting("credlink-x-rt", args));
    expect(recorder.one(RT_SELECTION, "credlink-x-rt-rds").inputs.restoreMetadataOverrides).to.equal(undefined);
    expect(() => validateRestoreTestingArgs(resolveRestoreTestingArgs({ ...args, dbSubnetGroupName: "g" }))).to.throw(/^dbSubnetGroupName and dbSecurityGroupIds must be given together/);
  });
});

describe("the adopted replica is described by the code that made it", () => {
  let prod: Recorder;
  let dr: Recorder;
  before(async () => {
    // One after the other: the mocks are process-wide, so two programs must never register at once.
    ({ recorder: prod } = await committedProgram("prod"));
    ({ recorder: dr } = await committedProgram("prod-dr"));
  });

  it("GIVEN prod's replica and the failover stack's import of it THEN every setting's inputs are the same (bucket references aside)", () => {
    // What the import must match: prod's replica resources, by the part of the name after the component's.
    const settings = (rec: Recorder, source: string, target: string) =>
      rec.all
        .filter((r) => r.custom && r.type.startsWith("aws:s3/") && (r.name === source || r.name === `${source}-logs`))
        .map((r) => {
          const refs = rec.all.filter((b) => b.type === BUCKET && (b.name === source || b.name === `${source}-logs`));
          let text = JSON.stringify(r.inputs);
          for (const b of refs) text = text.split(b.state.bucket).join(b.name.replace(source, target)).split(b.state.arn).join(`arn:${b.name.replace(source, target)}`);
          return [r.type, r.name.replace(source, target), JSON.parse(text)];
        })
        .filter(([type]) => type !== "aws:s3/bucketLogging:BucketLogging")
        .sort((a, b) => `${a[1]} ${a[0]}`.localeCompare(`${b[1]} ${b[0]}`));
    const fromProd = settings(prod, "credlink-prod-proofs-replica", "adopted");
    const fromDr = settings(dr, "credlink-prod-dr-proofs", "adopted").map(([type, name, inputs]) => {
      // The key is the config's placeholder in the failover stack, prod's replica key in prod.
      const text = JSON.stringify(inputs).split("arn:aws:kms:us-west-2:222222222222:key/00000000-0000-0000-0000-000000000000").join(prod.one(KEY, "credlink-prod-proofs-replica").state.arn);
      // The adopted buckets are named (prod's are autonamed to that name): the name aside, the same inputs.
      const { bucket, ...rest } = JSON.parse(text);
      return [type, name, type === BUCKET ? rest : { bucket, ...rest }];
    });
    expect(fromDr).to.have.length(15);
    expect(fromDr).to.deep.equal(fromProd);
  });
});

describe("the failover stack's keys at other values reach its resources", () => {
  const ADOPTED = { proofBucket: "credlink-prod-proofs-replica-a1b2c3d", proofLogBucket: "credlink-prod-proofs-replica-logs-e4f5a6b", proofKeyArn: DR_KEY };
  const STORAGE_KEY = DR_KEY.replace("11111111", "99999999");
  let rec: Recorder;
  let outputs: Record<string, any>;
  let standby: Recorder;
  let standbyOutputs: Record<string, any>;
  before(async () => {
    // One after the other: the mocks are process-wide.
    ({ recorder: rec, outputs } = await runProgram("prod-dr", {
      "credlink:dr": { pilotLight: false, adopt: ADOPTED },
      "credlink:database": { restore: { automatedBackupsArn: BACKUPS_ARN, keyArn: STORAGE_KEY, restoreTime: "2026-11-26T03:55:00Z" } },
    }));
    ({ recorder: standby, outputs: standbyOutputs } = await runProgram("prod-dr", { "credlink:dr": { standby: true } }));
  });

  it("GIVEN real adopted names and restore inputs THEN the imports, the restore and its storage key are exactly them", () => {
    expect(rec.one(BUCKET, "credlink-prod-dr-proofs").importId).to.equal("credlink-prod-proofs-replica-a1b2c3d");
    expect(rec.one(BUCKET, "credlink-prod-dr-proofs-logs").importId).to.equal("credlink-prod-proofs-replica-logs-e4f5a6b");
    expect(rec.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "credlink-prod-dr-proofs").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId).to.equal(DR_KEY);
    const db = rec.one(RDS).inputs;
    expect([db.restoreToPointInTime, db.kmsKeyId]).to.deep.equal([{ sourceDbInstanceAutomatedBackupsArn: BACKUPS_ARN, restoreTime: "2026-11-26T03:55:00Z" }, STORAGE_KEY]);
  });

  it("GIVEN credlink:dr.pilotLight false THEN the plan's failover counts the network, the load balancer and the DNS record: 65 minutes, over the hour", () => {
    expect(outputs.failover.pilotLight).to.equal(false);
    expect(recoveryObjectives(rec, outputs.failover).filter((o) => o.scenario === "region").map((o) => o.rtoMinutes)).to.deep.equal([65, 65]);
  });

  it("GIVEN credlink:dr.standby THEN only the pilot light registers: the network, the load balancer with its SECONDARY record, the WAF, alert topics, the budget, and the deploy identity CI fails over with", () => {
    const components = standby.all.filter((r) => !r.custom && r.type.startsWith("credlink:")).map((r) => r.type);
    expect([...new Set(components)].sort()).to.deep.equal(["credlink:app:LoadBalancer", "credlink:app:SecurityGroups", "credlink:cicd:DeployIdentity", "credlink:edge:Firewall", "credlink:network:Network", "credlink:ops:Alerting", "credlink:ops:CostControls"]);
    // The only buckets: the load balancer's access logs and the network's flow logs.
    const stores = (t: string) => standby.ofType(t).filter((r) => r.name !== "credlink-prod-dr-alb-logs" && r.name !== "credlink-prod-dr-flow-logs");
    expect([RDS, "aws:elasticache/replicationGroup:ReplicationGroup", BUCKET, "aws:ecs/service:Service"].map((t) => stores(t).length)).to.deep.equal([0, 0, 0, 0]);
    expect(standby.one(RECORD, "credlink-prod-dr-alias").inputs.failoverRoutingPolicies).to.deep.equal([{ type: "SECONDARY" }]);
    expect(standbyOutputs.failover).to.deep.include({ role: "failover", standby: true, dnsFailover: "SECONDARY" });
  });
});

