/**
 * credlink:ops:ScheduledCheck and the two checks built on it: the DR copies' freshness (components/recovery/
 * copy-freshness.ts) and the uptime probe of a stack outside us-east-1 (components/ops/uptime.ts). The component's
 * registrations whole; its limits on both sides; each handler run for real (ESM, in a temp dir) against stand-ins for
 * what it calls; its price from its schedule.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "chai";
import {
  COPY_FRESHNESS_HANDLER,
  copyFreshnessEnvironment,
  copyFreshnessStatements,
  rateExpression,
  recoveryVaultsJson,
  resolveScheduledCheckArgs,
  ScheduledCheck,
  ScheduledCheckArgs,
  UPTIME_PROBE_HANDLER,
  uptimeProbeEnvironment,
  validateScheduledCheckArgs,
} from "../components";
import { estimateCost } from "../policy/cost/estimate";
import { MOCK_ACCOUNT_ID, Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";

const PAGE = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-prod-page`;
const NAME = "credlink-prod-copy-freshness";
const BASE: ScheduledCheckArgs = {
  description: "the DR region's copies are current",
  code: "export const handler = async () => ({});",
  environment: { A: "1" },
  statements: [{ Sid: "ReadIt", Effect: "Allow", Action: ["rds:DescribeDBInstanceAutomatedBackups"], Resource: "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-1" }],
  subnetIds: ["subnet-a", "subnet-b"],
  vpcId: "vpc-1",
  pageTopicArn: PAGE,
};

describe("credlink:ops:ScheduledCheck", () => {
  let rec: Recorder;
  before(async () => {
    ({ recorder: rec } = await runComponent(() => new ScheduledCheck(NAME, BASE)));
  });

  it("WHEN built THEN a function in the private subnets runs the code (Node.js 22, Arm, 128 MB, 30 s), logging to its own encrypted group", () => {
    const fn = rec.one("aws:lambda/function:Function", NAME);
    const { code, ...inputs } = fn.inputs;
    expect(inputs).to.deep.equal({
      name: NAME,
      description: "the DR region's copies are current",
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      role: rec.one("aws:iam/role:Role", NAME).state.arn,
      memorySize: 128,
      timeout: 30,
      vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: [rec.one("aws:ec2/securityGroup:SecurityGroup", NAME).id] },
      loggingConfig: { logFormat: "JSON", logGroup: `/aws/lambda/${NAME}` },
      environment: { variables: { A: "1" } },
      tracingConfig: { mode: "PassThrough" },
    });
    const group = rec.one("aws:cloudwatch/logGroup:LogGroup", NAME);
    expect([group.inputs.name, group.inputs.retentionInDays, group.inputs.kmsKeyId]).to.deep.equal([`/aws/lambda/${NAME}`, 90, rec.one("aws:kms/key:Key", NAME).state.arn]);
    expect(fn.dependsOn).to.include.members([rec.one("aws:iam/rolePolicy:RolePolicy", NAME).urn, group.urn]);
    expect(rec.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", `${NAME}-https`).inputs).to.deep.include({ ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
    expect(rec.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).to.deep.equal([]);
  });

  it("WHEN built THEN its role may do what the check reads, write its log streams and attach to the VPC, and nothing more", () => {
    const group = rec.one("aws:cloudwatch/logGroup:LogGroup", NAME);
    expect(JSON.parse(rec.one("aws:iam/rolePolicy:RolePolicy", NAME).inputs.policy)).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        BASE.statements![0],
        { Sid: "WriteItsLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:${group.inputs.name}:*` },
        {
          Sid: "RunInTheVpc",
          Effect: "Allow",
          Action: ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
          Resource: "*",
        },
      ],
    });
    expect(JSON.parse(rec.one("aws:iam/role:Role", NAME).inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "lambda.amazonaws.com" });
  });

  it("WHEN built THEN an EventBridge schedule every 15 minutes invokes it, through a permission for exactly that rule", () => {
    const rule = rec.one("aws:cloudwatch/eventRule:EventRule", NAME);
    const fn = rec.one("aws:lambda/function:Function", NAME);
    expect(rule.inputs).to.deep.equal({ name: NAME, description: `CredLink ${NAME}: runs the check rate(15 minutes)`, scheduleExpression: "rate(15 minutes)" });
    const permission = rec.one("aws:lambda/permission:Permission", NAME);
    expect(permission.inputs).to.deep.equal({ action: "lambda:InvokeFunction", function: fn.state.name, principal: "events.amazonaws.com", sourceArn: rule.state.arn });
    const target = rec.one("aws:cloudwatch/eventTarget:EventTarget", NAME);
    expect(target.inputs).to.deep.equal({ rule: rule.state.name, arn: fn.state.arn });
    expect(target.dependsOn).to.include(permission.urn);
  });

  it("WHEN built THEN two alarms page: 2 failed runs in a row, and no run for an hour (missing data breaching)", () => {
    const fn = rec.one("aws:lambda/function:Function", NAME).state.name;
    const common = { namespace: "AWS/Lambda", dimensions: { FunctionName: fn }, statistic: "Sum", evaluationPeriods: 2, datapointsToAlarm: 2, alarmActions: [PAGE], okActions: [PAGE] };
    expect(rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${NAME}-failing`).inputs).to.deep.equal({
      ...common,
      alarmDescription: `[page] CredLink ${NAME}: the DR region's copies are current: the check failed 2 run(s) in a row; its log group /aws/lambda/${NAME} says why`,
      metricName: "Errors",
      period: 900,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      treatMissingData: "notBreaching",
    });
    expect(rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${NAME}-not-running`).inputs).to.deep.equal({
      ...common,
      alarmDescription: `[page] CredLink ${NAME}: the check has not run for 60 minutes (its schedule, its permission or the function is gone): nothing is checking that the DR region's copies are current`,
      metricName: "Invocations",
      period: 1800,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      treatMissingData: "breaching",
    });
  });

  it("GIVEN its limits THEN 1 and 60 minutes, 1 and 10 runs, a timeout under the interval are accepted; 0, 61, 0, 11 and a timeout of the whole interval are refused, naming the argument", () => {
    const check = (over: Partial<ScheduledCheckArgs>, name = NAME) => () => validateScheduledCheckArgs(name, resolveScheduledCheckArgs({ ...BASE, ...over }));
    for (const ok of [{ everyMinutes: 1, timeoutSeconds: 59 }, { everyMinutes: 60 }, { failedRunsToPage: 1 }, { failedRunsToPage: 10 }]) expect(check(ok), JSON.stringify(ok)).not.to.throw();
    expect(check({ everyMinutes: 0 })).to.throw("everyMinutes must be an integer from 1 to 60, got 0");
    expect(check({ everyMinutes: 61 })).to.throw("everyMinutes must be an integer from 1 to 60, got 61");
    expect(check({ failedRunsToPage: 0 })).to.throw("failedRunsToPage must be an integer from 1 to 10, got 0");
    expect(check({ failedRunsToPage: 11 })).to.throw("failedRunsToPage must be an integer from 1 to 10, got 11");
    expect(check({ everyMinutes: 1, timeoutSeconds: 60 })).to.throw("timeoutSeconds must be shorter than a run's interval (60 s), got 60");
    expect(check({}, "x".repeat(65))).to.throw(/^name must be 1-64 letters/);
    expect(check({}, "x".repeat(64))).not.to.throw();
    expect([rateExpression(1), rateExpression(15)]).to.deep.equal(["rate(1 minute)", "rate(15 minutes)"]);
  });

  it("GIVEN its function and schedule in the cost model THEN it is priced from the schedule (2,920 runs at most 30 s at 128 MB), never as the stack's Lambda usage", () => {
    const resources = rec.all.map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.inputs, ...r.state }, parent: r.parent }));
    const lines = estimateCost(resources, { usage: { lambda: { requestsMillions: 0.2, gbSeconds: 40000 } } }).items.filter((i) => i.type === "aws:lambda/function:Function");
    expect(lines.map((l) => [l.item, l.baselineCents, l.usageCents])).to.deep.equal([
      ["Lambda requests (scheduled)", 0, 0],
      // 2,920 x 0.125 GB x 30 s = 10,950 GB-s x $0.0000133334 = $0.146
      ["Lambda compute (Arm, scheduled; at most)", 15, 0],
    ]);
    expect(estimateCost(resources).unpriced).to.deep.equal([]);
  });
});

/** A temp dir with the handler as index.mjs, and stand-in packages it imports (`name` -> module source). */
async function loadHandler(code: string, stubs: Record<string, string>): Promise<{ handler: (e?: unknown) => Promise<any>; cleanup: () => void }> {
  // The handlers log a JSON line per check (as Lambda would keep it): kept out of the test report.
  const log = console.log;
  console.log = () => undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-check-"));
  for (const [pkg, body] of Object.entries(stubs)) {
    fs.mkdirSync(path.join(dir, "node_modules", pkg), { recursive: true });
    fs.writeFileSync(path.join(dir, "node_modules", pkg, "package.json"), JSON.stringify({ name: pkg, type: "module", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "node_modules", pkg, "index.js"), body);
  }
  fs.writeFileSync(path.join(dir, "index.mjs"), code);
  // A real ESM import (TypeScript would turn import() into require()).
  const load = new Function("url", "return import(url)") as (url: string) => Promise<any>;
  const { handler } = await load(pathToFileURL(path.join(dir, "index.mjs")).href);
  return {
    handler,
    cleanup: () => {
      console.log = log;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe("the DR copies' freshness check (its handler, run against stand-ins for RDS, ECR and AWS Backup)", () => {
  const VAULT = "arn:aws:backup:us-east-1:123456789012:backup-vault:credlink-prod-backup-1a2b3c4";
  const DR_VAULT = "arn:aws:backup:us-west-2:123456789012:backup-vault:credlink-prod-backup-dr-5d6e7f8";
  const DB = "arn:aws:rds:us-east-1:123456789012:db:credlink-prod-db";
  const BUCKET = "arn:aws:s3:::credlink-prod-proofs-abc1234";
  const refs = {
    drRegion: "us-west-2",
    replicatedBackupsArn: "arn:aws:rds:us-west-2:123456789012:auto-backup:ab-1",
    repositoryName: "credlink-prod",
    repositoryArn: "arn:aws:ecr:us-east-1:123456789012:repository/credlink-prod",
    replicaRepositoryArn: "arn:aws:ecr:us-west-2:123456789012:repository/credlink-prod",
    vaults: [
      { arn: VAULT, region: "us-east-1" },
      { arn: DR_VAULT, region: "us-west-2" },
    ],
    protectedResourceArns: [DB, BUCKET],
  };
  // The two JSON values are Outputs in the environment (they join ARNs the program knows only at deploy time).
  const env = { ...copyFreshnessEnvironment(refs), RECOVERY_VAULTS: recoveryVaultsJson(refs.vaults), PROTECTED_RESOURCES: JSON.stringify(refs.protectedResourceArns) };
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60000).toISOString();
  const stubs = {
    "@aws-sdk/client-rds": `export class DescribeDBInstanceAutomatedBackupsCommand { constructor(input) { this.input = input; } }
export class RDSClient { constructor(c) { this.c = c; } async send(cmd) { globalThis.calls.push(["rds", this.c.region, cmd.input]); return globalThis.world.backups; } }`,
    "@aws-sdk/client-ecr": `export class DescribeImagesCommand { constructor(input) { this.name = "DescribeImages"; this.input = input; } }
export class DescribeRepositoriesCommand { constructor(input) { this.name = "DescribeRepositories"; this.input = input; } }
export class ECRClient { constructor(c) { this.region = c.region ?? "primary"; } async send(cmd) {
  globalThis.calls.push([this.region, cmd.name, cmd.input]);
  const w = globalThis.world;
  if (cmd.name === "DescribeRepositories") return { repositories: [{ createdAt: w.replicaCreated }] };
  if (this.region === "primary") return { imageDetails: w.source };
  const digest = cmd.input.imageIds[0].imageDigest;
  if (!w.replica.includes(digest)) { const e = new Error("not found"); e.name = "ImageNotFoundException"; throw e; }
  return { imageDetails: [{ imageDigest: digest }] };
} }`,
    "@aws-sdk/client-backup": `export class DescribeBackupVaultCommand { constructor(input) { this.name = "DescribeBackupVault"; this.input = input; } }
export class ListRecoveryPointsByBackupVaultCommand { constructor(input) { this.name = "ListRecoveryPoints"; this.input = input; } }
export class BackupClient { constructor(c) { this.region = c.region; } async send(cmd) {
  globalThis.calls.push(["backup", this.region, cmd.name, cmd.input]);
  const w = globalThis.world;
  if (cmd.name === "DescribeBackupVault") return { CreationDate: w.vaultCreated[cmd.input.BackupVaultName] };
  const all = (w.points[cmd.input.BackupVaultName] ?? []).filter((p) => p.ResourceArn === cmd.input.ByResourceArn && new Date(p.CreationDate) > cmd.input.ByCreatedAfter);
  // Two pages when there are several: the handler must follow NextToken.
  return cmd.input.NextToken ? { RecoveryPoints: all.slice(1) } : { RecoveryPoints: all.slice(0, 1), NextToken: all.length > 1 ? "page-2" : undefined };
} }`,
  };
  let loaded: Awaited<ReturnType<typeof loadHandler>>;
  const g = globalThis as any;
  before(async () => {
    loaded = await loadHandler(COPY_FRESHNESS_HANDLER, stubs);
    Object.assign(process.env, env);
  });
  after(() => {
    loaded.cleanup();
    for (const k of Object.keys(env)) delete process.env[k];
  });
  const hoursAgo = (h: number) => minutesAgo(h * 60);
  const vaultName = (arn: string) => arn.split(":").pop() as string;
  beforeEach(() => {
    g.calls = [];
    g.world = {
      backups: { DBInstanceAutomatedBackups: [{ Status: "replicating", RestoreWindow: { LatestTime: minutesAgo(12) } }] },
      replicaCreated: minutesAgo(60 * 24 * 30),
      source: [
        { imageDigest: "sha256:new", imagePushedAt: minutesAgo(5) },
        { imageDigest: "sha256:a", imagePushedAt: minutesAgo(90) },
        { imageDigest: "sha256:b", imagePushedAt: minutesAgo(60 * 24) },
      ],
      replica: ["sha256:a", "sha256:b"],
      vaultCreated: { [vaultName(VAULT)]: hoursAgo(24 * 90), [vaultName(DR_VAULT)]: hoursAgo(24 * 90) },
      points: {
        [vaultName(VAULT)]: [
          { ResourceArn: DB, CreationDate: hoursAgo(20), Status: "COMPLETED" },
          { ResourceArn: BUCKET, CreationDate: hoursAgo(44), Status: "COMPLETED" },
          // On the first page, before the completed one on the second: the handler must read both.
          { ResourceArn: BUCKET, CreationDate: hoursAgo(25), Status: "PARTIAL" },
          { ResourceArn: BUCKET, CreationDate: hoursAgo(20), Status: "COMPLETED" },
        ],
        [vaultName(DR_VAULT)]: [
          { ResourceArn: DB, CreationDate: hoursAgo(18), Status: "COMPLETED" },
          { ResourceArn: BUCKET, CreationDate: hoursAgo(18), Status: "COMPLETED" },
        ],
      },
    };
  });

  it("GIVEN backups 12 minutes behind and every image older than 30 minutes in the replica THEN it passes, reading the backups by ARN in us-west-2", async () => {
    expect(await loaded.handler()).to.deep.equal({ fresh: true });
    expect(g.calls[0]).to.deep.equal(["rds", "us-west-2", { DBInstanceAutomatedBackupsArn: refs.replicatedBackupsArn }]);
    // The image pushed 5 minutes ago is still on its way: not checked.
    expect(g.calls.filter((c: any) => c[0] === "us-west-2" && c[1] === "DescribeImages").map((c: any) => c[2].imageIds[0].imageDigest)).to.deep.equal(["sha256:a", "sha256:b"]);
  });

  it("GIVEN backups 31 minutes behind, replication stopped, and an image missing from the replica THEN it throws with each", async () => {
    g.world.backups = { DBInstanceAutomatedBackups: [{ Status: "active", RestoreWindow: { LatestTime: minutesAgo(31) } }] };
    g.world.replica = ["sha256:b"];
    let error: Error | undefined;
    await loaded.handler().catch((e: Error) => (error = e));
    expect(error?.message).to.match(
      /^the DR region's copies are behind: the replicated automated backups are active, not replicating; the DR region restores to \S+, 31 minutes ago \(at most 30\); 1 image\(s\) not in us-west-2: sha256:a \(pushed \S+\)$/,
    );
  });

  it("GIVEN no replicated backups at that ARN THEN it throws, naming it", async () => {
    g.world.backups = { DBInstanceAutomatedBackups: [] };
    let error: Error | undefined;
    await loaded.handler().catch((e: Error) => (error = e));
    expect(error?.message).to.equal(`the DR region's copies are behind: no replicated automated backups ${refs.replicatedBackupsArn} in us-west-2`);
  });

  it("GIVEN images pushed before the replica existed THEN they are not due (replication copies only what is pushed after it is configured)", async () => {
    g.world.replicaCreated = minutesAgo(60);
    g.world.replica = [];
    expect(await loaded.handler()).to.deep.equal({ fresh: true });
  });

  it("GIVEN a completed recovery point of each resource within 30 hours in each vault THEN it passes, asking each vault in its own region for each resource since 30 hours ago", async () => {
    expect(await loaded.handler()).to.deep.equal({ fresh: true });
    const lists = g.calls.filter((c: any) => c[0] === "backup" && c[2] === "ListRecoveryPoints" && !c[3].NextToken);
    expect(lists.map((c: any) => [c[1], c[3].BackupVaultName, c[3].ByResourceArn])).to.deep.equal([
      ["us-east-1", vaultName(VAULT), DB],
      ["us-east-1", vaultName(VAULT), BUCKET],
      ["us-west-2", vaultName(DR_VAULT), DB],
      ["us-west-2", vaultName(DR_VAULT), BUCKET],
    ]);
    const since = Date.now() - lists[0][3].ByCreatedAfter.getTime();
    expect(Math.round(since / 60000)).to.equal(30 * 60);
  });

  // AWS Backup's success status is COMPLETED or AVAILABLE (API reference, RecoveryPointByBackupVault.Status).
  it("GIVEN every recovery point AVAILABLE rather than COMPLETED THEN it passes", async () => {
    for (const points of Object.values(g.world.points) as { Status: string }[][]) for (const p of points) if (p.Status === "COMPLETED") p.Status = "AVAILABLE";
    expect(await loaded.handler()).to.deep.equal({ fresh: true });
  });

  it("GIVEN the bucket's newest recovery point 31 hours old, and the DR copy of the database not COMPLETED THEN it throws, naming each resource and vault", async () => {
    g.world.points[vaultName(VAULT)] = [
      { ResourceArn: DB, CreationDate: hoursAgo(20), Status: "COMPLETED" },
      { ResourceArn: BUCKET, CreationDate: hoursAgo(31), Status: "COMPLETED" },
    ];
    g.world.points[vaultName(DR_VAULT)] = [
      { ResourceArn: DB, CreationDate: hoursAgo(2), Status: "PARTIAL" },
      { ResourceArn: BUCKET, CreationDate: hoursAgo(29), Status: "COMPLETED" },
    ];
    let error: Error | undefined;
    await loaded.handler().catch((e: Error) => (error = e));
    expect(error?.message).to.equal(
      `the DR region's copies are behind: no completed recovery point of ${BUCKET} in vault ${vaultName(VAULT)} (us-east-1) in the last 30 hours; ` +
        `no completed recovery point of ${DB} in vault ${vaultName(DR_VAULT)} (us-west-2) in the last 30 hours`,
    );
  });

  it("GIVEN a vault made 29 hours ago with no recovery point yet THEN it is not asked (a new stack's first job may be a day away); made 31 hours ago THEN it is", async () => {
    g.world.points[vaultName(DR_VAULT)] = [];
    g.world.vaultCreated[vaultName(DR_VAULT)] = hoursAgo(29);
    expect(await loaded.handler()).to.deep.equal({ fresh: true });
    g.world.vaultCreated[vaultName(DR_VAULT)] = hoursAgo(31);
    let error: Error | undefined;
    await loaded.handler().catch((e: Error) => (error = e));
    expect(error?.message).to.match(new RegExp(`no completed recovery point of ${DB} in vault ${vaultName(DR_VAULT)} \\(us-west-2\\).*no completed recovery point of ${BUCKET} in vault ${vaultName(DR_VAULT)}`));
  });

  it("GIVEN its role's statements THEN exactly the four reads, on the backups, the two repositories and the vaults", () => {
    expect(copyFreshnessStatements(refs)).to.deep.equal([
      { Sid: "ReadTheReplicatedBackups", Effect: "Allow", Action: ["rds:DescribeDBInstanceAutomatedBackups"], Resource: refs.replicatedBackupsArn },
      { Sid: "ReadTheImagesAndTheirReplicas", Effect: "Allow", Action: ["ecr:DescribeImages"], Resource: [refs.repositoryArn, refs.replicaRepositoryArn] },
      { Sid: "ReadTheReplicaRepository", Effect: "Allow", Action: ["ecr:DescribeRepositories"], Resource: refs.replicaRepositoryArn },
      { Sid: "ReadTheVaultsRecoveryPoints", Effect: "Allow", Action: ["backup:DescribeBackupVault", "backup:ListRecoveryPointsByBackupVault"], Resource: [VAULT, DR_VAULT] },
    ]);
  });

  it("GIVEN the vaults THEN the handler gets each one's region and its name from its ARN; anything but a backup vault ARN is refused naming the argument", () => {
    expect(JSON.parse(recoveryVaultsJson(refs.vaults))).to.deep.equal([
      { region: "us-east-1", name: vaultName(VAULT) },
      { region: "us-west-2", name: vaultName(DR_VAULT) },
    ]);
    expect(() => recoveryVaultsJson([{ arn: refs.replicatedBackupsArn, region: "us-west-2" }])).to.throw(
      `vaults[].arn must be a backup vault ARN (arn:<partition>:backup:<region>:<account>:backup-vault:<name>), got "${refs.replicatedBackupsArn}"`,
    );
  });
});

describe("the uptime probe (its handler, run against a stand-in for node:https)", () => {
  // The stand-in replaces node:https in a copy of the handler: it answers as globalThis.answer says.
  const https = `export function request(options, onResponse) {
  globalThis.requests.push(options);
  const handlers = {};
  return {
    on(event, f) { handlers[event] = f; },
    destroy(e) { handlers.error?.(e); },
    end() {
      const a = globalThis.answer;
      if (a === "timeout") return handlers.timeout?.();
      onResponse({ statusCode: a, resume() {} });
    },
  };
}`;
  let loaded: Awaited<ReturnType<typeof loadHandler>>;
  const g = globalThis as any;
  const env = uptimeProbeEnvironment({ loadBalancerDnsName: "credlink-prod-dr-alb-1.us-west-2.elb.amazonaws.com", domainName: "api.credlink.example", healthCheckPath: "/healthz" });
  before(async () => {
    loaded = await loadHandler(UPTIME_PROBE_HANDLER.replace('from "node:https"', 'from "stub-https"'), { "stub-https": https });
    Object.assign(process.env, env);
  });
  after(() => {
    loaded.cleanup();
    for (const k of Object.keys(env)) delete process.env[k];
  });
  beforeEach(() => (g.requests = []));

  it("GIVEN a 200 THEN it passes, having asked the load balancer's own name for the health path with the domain as TLS server name and Host", async () => {
    g.answer = 200;
    expect(await loaded.handler()).to.include({ status: 200 });
    expect(g.requests).to.deep.equal([
      { host: "credlink-prod-dr-alb-1.us-west-2.elb.amazonaws.com", port: 443, path: "/healthz", method: "GET", servername: "api.credlink.example", headers: { host: "api.credlink.example" }, timeout: 10000 },
    ]);
  });

  it("GIVEN a 503, or no answer within 10 s THEN it throws, saying which", async () => {
    for (const [answer, message] of [
      [503, /^https:\/\/api\.credlink\.example\/healthz on credlink-prod-dr-alb-1\.us-west-2\.elb\.amazonaws\.com answered 503 in \d+ ms$/],
      ["timeout", /^https:\/\/api\.credlink\.example\/healthz on credlink-prod-dr-alb-1\.us-west-2\.elb\.amazonaws\.com: no answer within 10000 ms$/],
    ] as const) {
      g.answer = answer;
      let error: Error | undefined;
      await loaded.handler().catch((e: Error) => (error = e));
      expect(error?.message, String(answer)).to.match(message);
    }
  });
});
