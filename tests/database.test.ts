/**
 * The Database component (phase 2) on its own: encryption and which key, exposure, ingress, the parameter group,
 * logging and monitoring, and what `protectData` protects. Per-environment sizing is in data-stack.test.ts.
 */
import { expect } from "chai";
import type { Database } from "../components/data/database";
import { resolveDatabaseArgs, validateDatabaseArgs } from "../components/data/database";
import { MOCK_ACCOUNT_ID, Recorder, resolveDeep } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { keyAdminStatement, viaServiceStatement } from "./helpers/kms";

const INSTANCE = "aws:rds/instance:Instance";
const KEY = "aws:kms/key:Key";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const NAME = "credlink-test-db";
const BASE_ARGS = { vpcId: "vpc-0123456789abcdef0", dbSubnetGroupName: "credlink-test-db-subnets" };

async function build(args: Record<string, unknown>) {
  const { Database } = await import("../components/data/database");
  return runComponent(() => new Database(NAME, { ...BASE_ARGS, ...args }));
}

describe("Database", () => {
  describe("GIVEN two app security groups and protectData on", () => {
    let rec: Recorder;
    let database: Database;
    before(async () => {
      ({ recorder: rec, result: database } = await build({
        allowedSecurityGroupIds: ["sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb2"],
        protectData: true,
      }));
    });

    it("WHEN built THEN storage, Performance Insights and the master-user secret are all encrypted with the database's own key", () => {
      const keyArn = rec.one(KEY, NAME).state.arn;
      const db = rec.one(INSTANCE, NAME).inputs;
      expect(keyArn).to.match(/^arn:aws:kms:us-east-1:123456789012:key\//);
      expect(db).to.include({
        storageEncrypted: true,
        kmsKeyId: keyArn,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: keyArn,
        performanceInsightsRetentionPeriod: 7,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: keyArn,
      });
    });

    it("WHEN built THEN no password is ever passed: RDS generates it and keeps it in Secrets Manager", () => {
      const db = rec.one(INSTANCE, NAME).inputs;
      expect(db).to.not.have.any.keys("password", "passwordWo");
      expect(db.username).to.equal("credlink_admin");
    });

    it("WHEN built THEN it is PostgreSQL 17 on gp3 in the given subnet group, never publicly accessible, behind its own security group only", () => {
      const db = rec.one(INSTANCE, NAME).inputs;
      expect(db).to.include({
        identifier: NAME,
        engine: "postgres",
        engineVersion: "17",
        instanceClass: "db.t4g.micro",
        storageType: "gp3",
        allocatedStorage: 20,
        maxAllocatedStorage: 100,
        dbSubnetGroupName: BASE_ARGS.dbSubnetGroupName,
        publiclyAccessible: false,
      });
      expect(db.vpcSecurityGroupIds).to.deep.equal([rec.one(SG, NAME).id]);
    });

    it("WHEN built THEN the security group admits 5432 from each given group, with a description, and nothing else", () => {
      const sg = rec.one(SG, NAME);
      expect(sg.inputs).to.deep.equal({
        vpcId: BASE_ARGS.vpcId,
        description: `CredLink ${NAME}: PostgreSQL, admits 5432 from the app tier only`,
      });
      const rules = rec.ofType(INGRESS).map((r) => ({ name: r.name, inputs: r.inputs }));
      expect(rules).to.deep.equal(
        ["sg-0aaaaaaaaaaaaaaa1", "sg-0bbbbbbbbbbbbbbb2"].map((source, i) => ({
          name: `${NAME}-from-${i}`,
          inputs: {
            securityGroupId: sg.id,
            referencedSecurityGroupId: source,
            ipProtocol: "tcp",
            fromPort: 5432,
            toPort: 5432,
            description: `PostgreSQL from ${source}`,
          },
        })),
      );
      expect(rec.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).to.deep.equal([]);
    });

    it("WHEN built THEN the parameter group forces TLS and logs slow queries, DDL and connections", () => {
      const pg = rec.one("aws:rds/parameterGroup:ParameterGroup", NAME);
      expect(pg.inputs.family).to.equal("postgres17");
      expect(pg.inputs.parameters).to.have.deep.members(
        [
          ["rds.force_ssl", "1"],
          ["log_min_duration_statement", "1000"],
          ["log_statement", "ddl"],
          ["log_connections", "1"],
          ["log_disconnections", "1"],
        ].map(([name, value]) => ({ name, value, applyMethod: "pending-reboot" })),
      );
      expect(pg.inputs.parameters).to.have.length(5);
      expect(rec.one(INSTANCE, NAME).inputs.parameterGroupName).to.equal(pg.state.name);
    });

    it("WHEN built THEN the postgresql and upgrade logs go to pre-created, encrypted log groups with retention", () => {
      const keyArn = rec.one(KEY, NAME).state.arn;
      const db = rec.one(INSTANCE, NAME);
      expect(db.inputs.enabledCloudwatchLogsExports).to.deep.equal(["postgresql", "upgrade"]);
      for (const log of ["postgresql", "upgrade"]) {
        const group = rec.one(LOG_GROUP, `${NAME}-${log}`);
        expect(group.inputs).to.deep.equal({ name: `/aws/rds/instance/${NAME}/${log}`, retentionInDays: 30, kmsKeyId: keyArn });
        expect(db.dependsOn).to.include(group.urn);
      }
    });

    it("WHEN built THEN IAM auth, tag copying, minor upgrades and 60-second enhanced monitoring through its own role are on", () => {
      const db = rec.one(INSTANCE, NAME).inputs;
      const role = rec.one("aws:iam/role:Role", `${NAME}-monitoring`);
      expect(db).to.include({
        iamDatabaseAuthenticationEnabled: true,
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        monitoringInterval: 60,
        monitoringRoleArn: role.state.arn,
      });
      expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
        {
          Effect: "Allow",
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID }, ArnLike: { "aws:SourceArn": `arn:aws:rds:us-east-1:${MOCK_ACCOUNT_ID}:db:${NAME}` } },
        },
      ]);
      expect(rec.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${NAME}-monitoring`).inputs.policyArn).to.equal(
        "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
      );
    });

    it("WHEN built THEN the key rotates, the account may only administer it, and only RDS and Secrets Manager (via the service) and Logs for this instance may use it", () => {
      const key = rec.one(KEY, NAME).inputs;
      expect(key).to.include({ enableKeyRotation: true, deletionWindowInDays: 30 });
      expect(JSON.parse(key.policy).Statement).to.deep.equal([
        keyAdminStatement(),
        viaServiceStatement("AllowRdsAndSecretsManagerInThisAccount", ["rds.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"]),
        {
          Sid: "AllowCloudWatchLogsForThisInstance",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-1.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: {
            ArnLike: {
              "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/aws/rds/instance/${NAME}/*`,
            },
          },
        },
      ]);
    });

    it("WHEN built THEN deletion protection is on and a final snapshot is taken, named with a suffix renewed exactly when an input that replaces the instance changes", () => {
      const suffix = rec.one("random:index/randomId:RandomId", `${NAME}-final-snapshot`);
      expect(suffix.inputs).to.deep.equal({
        byteLength: 4,
        keepers: { identifier: NAME, engine: "postgres", dbName: "credlink", username: "credlink_admin", kmsKeyId: rec.one(KEY, NAME).state.arn },
      });
      expect(suffix.state.hex).to.match(/^[0-9a-f]{8}$/);
      expect(rec.one(INSTANCE, NAME).inputs).to.include({
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${NAME}-final-${suffix.state.hex}`,
        deleteAutomatedBackups: false,
      });
    });

    it("WHEN built THEN exactly the instance and its key are protected and retained, not the replaceable parts", () => {
      const kept = rec.all.filter((r) => r.protect || r.retainOnDelete).map((r) => `${r.type} ${r.name} ${r.protect} ${r.retainOnDelete}`);
      expect(kept).to.have.members([`${INSTANCE} ${NAME} true true`, `${KEY} ${NAME} true true`]);
      expect(kept).to.have.length(2);
    });

    it("WHEN built THEN it exports the app user's rds-db:connect ARN on the instance's resource id (IAM database authentication)", async () => {
      const resourceId = rec.one(INSTANCE, NAME).state.resourceId;
      expect(await resolveDeep({ appUser: database.appUser, resourceId: database.resourceId, connect: database.appUserConnectArn })).to.deep.equal({
        appUser: "credlink_app",
        resourceId,
        connect: `arn:aws:rds-db:us-east-1:${MOCK_ACCOUNT_ID}:dbuser:${resourceId}/credlink_app`,
      });
    });

    it("WHEN built THEN the component exports the endpoint, the RDS-managed secret's ARN, the key and the security group", async () => {
      const db = rec.one(INSTANCE, NAME).state;
      expect(
        await resolveDeep({
          endpoint: database.endpoint,
          masterUserSecretArn: database.masterUserSecretArn,
          keyArn: database.keyArn,
          securityGroupId: database.securityGroupId,
        }),
      ).to.deep.equal({
        endpoint: db.endpoint,
        masterUserSecretArn: db.masterUserSecrets[0].secretArn,
        keyArn: rec.one(KEY, NAME).state.arn,
        securityGroupId: rec.one(SG, NAME).id,
      });
    });
  });

  describe("GIVEN protectData off (dev)", () => {
    let rec: Recorder;
    before(async () => {
      rec = (await build({ protectData: false })).recorder;
    });

    it("WHEN built THEN deletion protection is off, no final snapshot is taken, and nothing is protected or retained", () => {
      expect(rec.one(INSTANCE, NAME).inputs).to.include({ deletionProtection: false, skipFinalSnapshot: true, deleteAutomatedBackups: true });
      expect(rec.one(INSTANCE, NAME).inputs).to.not.have.property("finalSnapshotIdentifier");
      expect(rec.ofType("random:index/randomId:RandomId")).to.deep.equal([]);
      expect(rec.all.filter((r) => r.protect || r.retainOnDelete).map((r) => r.urn)).to.deep.equal([]);
    });

    it("WHEN built with no allowed security groups THEN the security group has no ingress rule at all", () => {
      expect(rec.ofType(INGRESS)).to.deep.equal([]);
    });
  });
});

describe("Database argument validation", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "an unknown instance class family",
      { instanceClass: "db.x9.large" },
      'instanceClass must be of a family RDS for PostgreSQL offers: t4g, t3, m7g, m6g, m6i, r7g, r6g, r6i, got "db.x9.large"',
    ],
    ["a malformed instance class", { instanceClass: "t4g.micro" }, 'instanceClass must look like "db.<family>.<size>", e.g. "db.t4g.micro", got "t4g.micro"'],
    ["backups off", { backupRetentionDays: 0 }, "backupRetentionDays must be an integer from 1 to 35 (0 would turn automated backups off), got 0"],
    ["a minor version", { engineVersion: "17.2" }, 'engineVersion must be a PostgreSQL major version RDS offers: "13", "14", "15", "16", "17", got "17.2"'],
    ["a storage ceiling below the allocation", { allocatedStorageGb: 50, maxAllocatedStorageGb: 40 }, "maxAllocatedStorageGb must be an integer from allocatedStorageGb (50) to 65536, got 40"],
    ["a reserved master user", { masterUsername: "postgres" }, "masterUsername must be 1-63 lowercase letters, digits or '_', starting with a letter, and not a reserved name, got \"postgres\""],
    ...[
      ["an app user with a hyphen", "credlink-app"],
      ["an app user starting with a digit", "1app"],
      ["an app user of 64 characters", `a${"b".repeat(63)}`],
      ["an app user in the rds_ namespace", "rds_iam"],
      ["an app user in the pg_ namespace", "pg_app"],
      ["the master user as the app user", "credlink_admin"],
    ].map(
      ([label, appUser]): [string, Record<string, unknown>, string] => [
        label,
        { appUser },
        `appUser must be a PostgreSQL identifier (1-63 lowercase letters, digits or '_', starting with a letter), not a reserved role (postgres, rdsadmin, rds_*, pg_*, public) and not masterUsername (credlink_admin), got "${appUser}"`,
      ],
    ),
  ];
  for (const [label, patch, message] of cases) {
    it(`GIVEN ${label} WHEN the component validates THEN it throws naming the argument`, () => {
      expect(() => validateDatabaseArgs(resolveDatabaseArgs({ ...BASE_ARGS, ...patch }))).to.throw(message);
    });
  }

  it("GIVEN an app user of 63 characters or of one letter WHEN the component validates THEN it is accepted", () => {
    for (const appUser of [`a${"b".repeat(62)}`, "a"]) expect(() => validateDatabaseArgs(resolveDatabaseArgs({ ...BASE_ARGS, appUser }))).to.not.throw();
  });

  it("GIVEN only the required args WHEN defaults are applied THEN they are the documented ones", () => {
    expect(resolveDatabaseArgs(BASE_ARGS)).to.deep.equal({
      ...BASE_ARGS,
      allowedSecurityGroupIds: [],
      engineVersion: "17",
      instanceClass: "db.t4g.micro",
      allocatedStorageGb: 20,
      maxAllocatedStorageGb: 100,
      multiAz: true,
      backupRetentionDays: 14,
      logRetentionDays: 30,
      slowQueryThresholdMs: 1000,
      databaseName: "credlink",
      masterUsername: "credlink_admin",
      appUser: "credlink_app",
      protectData: true,
      keyDeletionWindowDays: 30,
      // Created, not restored; not replicated to a DR region.
      restore: undefined,
      backupReplication: undefined,
      keyAdministrators: undefined,
    });
  });

  it("GIVEN bad args WHEN the component is constructed THEN it throws before registering any child", async () => {
    const { Database } = await import("../components/data/database");
    let error: Error | undefined;
    const { recorder } = await runComponent(() => {
      try {
        return new Database(NAME, { ...BASE_ARGS, instanceClass: "db.x9.large" });
      } catch (e) {
        error = e as Error;
        return undefined;
      }
    });
    expect(error?.message).to.match(/^instanceClass must be of a family/);
    expect(recorder.all.filter((r) => r.custom)).to.deep.equal([]);
  });
});
