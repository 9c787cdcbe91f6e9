/**
 * The PR review a reviewer can trust: `--compare` on the changes that matter (a VPC's CIDR, a third AZ, a key per
 * store), the comment the PR workflow posts for both stacks within GitHub's limit, secrets in any form, the errors a new
 * user meets, and the JSON a tool builds on. Plans run as `npm run plan` runs them (child processes; the committed
 * stacks' plans are shared with the other plan tests through tests/helpers/plan.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { expect } from "chai";
import { parse } from "yaml";
import { validateCacheArgs, resolveCacheArgs } from "@credlink/components";
import { assembleComment, COMMENT_BUDGET, COMMENT_MARKER } from "../tools/plan/comment";
import { OPERATORS } from "../tools/plan/alarms";
import { render, renderMarkdown } from "../tools/plan/render";
import { REPO_ROOT } from "../tools/project";
import { cents, plan, reportOf, runPlan, runPlans, schemaErrors, tempDir, writeStackVariant } from "./helpers/plan";

/** Markup problems in a comment: unclosed <details>, table rows whose cell count differs from their header, odd fences. */
export function markupProblems(markdown: string): string[] {
  const problems: string[] = [];
  const opened = (markdown.match(/<details[\s>]/g) ?? []).length;
  const closed = (markdown.match(/<\/details>/g) ?? []).length;
  if (opened !== closed) problems.push(`${opened} <details> but ${closed} </details>`);
  let depth = 0;
  for (const tag of markdown.match(/<\/?details[\s>]/g) ?? []) {
    depth += tag.startsWith("</") ? -1 : 1;
    if (depth < 0) problems.push("a </details> before its <details>");
  }
  if ((markdown.match(/^```/gm) ?? []).length % 2 !== 0) problems.push("an odd number of code fences");
  const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("|") || (i > 0 && lines[i - 1].startsWith("|"))) continue;
    const header = cells(lines[i]);
    if (!/^\|( --- \|)+$/.test(lines[i + 1] ?? "")) problems.push(`line ${i + 1}: a table without its separator row`);
    for (let j = i + 1; j < lines.length && lines[j].startsWith("|"); j++) {
      if (cells(lines[j]) !== header) problems.push(`line ${j + 1}: ${cells(lines[j]) - 1} cells, the header has ${header - 1}`);
    }
  }
  return problems;
}

describe("npm run plan -- --compare: prod's VPC CIDR changes", () => {
  const tmp = tempDir("credlink-review-cidr-");
  let diff: any;
  before(async () => {
    const base = path.join(tmp.dir, "base.json");
    fs.writeFileSync(base, plan("--stack", "prod", "--format", "json").stdout);
    const moved = writeStackVariant(tmp.dir, "Pulumi.prod-cidr.yaml", "prod", (c) => {
      c["credlink:network"].cidrBlock = "10.40.0.0/16";
    });
    [diff] = (await runPlans([["--stack", "prod", "--config-file", moved, "--compare", base, "--format", "json"]])).map((r) => reportOf(r));
  });
  after(() => tmp.cleanup());

  const replaced = () => diff.compare.changes.filter((c: any) => c.action === "replace");
  const byType = (changes: any[]) => {
    const counts: Record<string, number> = {};
    for (const c of changes) counts[`${c.type}${c.inferred ? " (inferred)" : ""}`] = (counts[`${c.type}${c.inferred ? " (inferred)" : ""}`] ?? 0) + 1;
    return counts;
  };

  it("GIVEN a new CIDR THEN the summary counts the replacements a real preview shows (it said 8 to update, 0 to replace)", () => {
    expect(diff.summary.compare).to.deep.equal({ against: "base.json", create: 0, update: 21, replace: 49, delete: 0, ignored: 0, statefulLost: 0, baselineDeltaUsd: 0, totalDeltaUsd: 0 });
  });

  it("GIVEN a new CIDR THEN the VPC, its subnets and route tables, and everything that references them are replaced", () => {
    expect(byType(replaced())).to.deep.equal({
      "aws:ec2/vpc:Vpc (inferred)": 1,
      "aws:ec2/subnet:Subnet (inferred)": 6,
      "aws:ec2/routeTable:RouteTable (inferred)": 6,
      "aws:ec2/routeTableAssociation:RouteTableAssociation (inferred)": 6,
      "aws:ec2/route:Route (inferred)": 2,
      "aws:ec2/securityGroup:SecurityGroup": 6,
      "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
      "aws:lb/targetGroup:TargetGroup": 2,
      "aws:ec2/networkInterface:NetworkInterface": 2,
      "aws:ec2/flowLog:FlowLog": 1,
      "aws:ec2/route:Route": 2,
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 6,
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 8,
    });
  });

  it("GIVEN a new CIDR THEN each replacement says why: the CIDR itself, or the replaced resource its input references", () => {
    const why = (type: string, name: string) => diff.sections[0].rows.find((r: string[]) => r[2].startsWith(type) && r[3] === name)[4];
    expect([why("ec2.Vpc", "credlink-prod"), why("ec2.Subnet", "credlink-prod-private-1"), why("ec2.SecurityGroup", "credlink-prod-db"), why("vpc.SecurityGroupIngressRule", "credlink-prod-db-from-0")]).to.deep.equal([
      "cidrBlock: 10.30.0.0/16 -> 10.40.0.0/16 (forces replacement)",
      "cidrBlock: 10.30.16.0/20 -> 10.40.16.0/20 (forces replacement)",
      "vpcId references awsx.ec2.Vpc credlink-prod, which is replaced",
      "securityGroupId references ec2.SecurityGroup credlink-prod-db, which is replaced",
    ]);
  });

  it("GIVEN a new CIDR THEN the database is updated in place (its security group is new), not replaced, and the replacements lead the report", () => {
    const db = diff.compare.changes.find((c: any) => c.type === "aws:rds/instance:Instance");
    expect({ action: db.action, properties: db.properties.map((p: any) => [p.name, p.replacement, p.knownAfterReplaceOf?.split("::").pop()]) }).to.deep.equal({
      action: "update",
      properties: [["vpcSecurityGroupIds", "no", "credlink-prod-db"]],
    });
    expect(diff.sections.slice(0, 3).map((s: any) => s.id)).to.deep.equal(["compare-replacements", "compare-resources", "compare-cost"]);
    expect(diff.sections[0].title).to.equal("Replaced or deleted with data: 0 stateful, 49 other");
  });

  it("GIVEN the diff THEN its JSON validates against the schema", () => {
    expect(schemaErrors(diff)).to.deep.equal([]);
  });
});

describe("a third AZ on both stacks, and a key per store on dev: the PR comment the workflow posts", () => {
  const tmp = tempDir("credlink-review-az-");
  let dev: any;
  let prod: any;
  let comment: string;
  let runs: ReturnType<typeof runPlan>[];
  before(async () => {
    const bases = ["dev", "prod"].map((stack) => {
      const file = path.join(tmp.dir, `base-${stack}.json`);
      fs.writeFileSync(file, plan("--stack", stack, "--format", "json").stdout);
      return file;
    });
    // Dev's PagerDuty URL set with `pulumi config set --path --secret`: `secure:` inside the credlink:alerts map; and
    // a key per store instead of dev's shared one, which changes a dozen resources outside the plan's summaries.
    const devFile = writeStackVariant(tmp.dir, "Pulumi.dev-az3.yaml", "dev", (c) => {
      c["credlink:network"].azCount = 3;
      c["credlink:kms"].keyPerStore = true;
      c["credlink:alerts"].pagerdutyUrl = { secure: "v1:AAAAAAAAAAAAAAAA:bm90IGEgcmVhbCBjaXBoZXJ0ZXh0" };
    });
    const prodFile = writeStackVariant(tmp.dir, "Pulumi.prod-az3.yaml", "prod", (c) => {
      c["credlink:network"].azCount = 3;
    });
    runs = await runPlans([
      ["--stack", "dev", "--config-file", devFile, "--compare", bases[0], "--format", "json"],
      ["--stack", "prod", "--config-file", prodFile, "--compare", bases[1], "--format", "json"],
    ]);
    dev = reportOf(runs[0], runs[0].status === 3 ? 3 : 0);
    prod = reportOf(runs[1], runs[1].status === 3 ? 3 : 0);
    comment = assembleComment([{ stack: "dev", report: dev }, { stack: "prod", report: prod }], "Commit abc against base def; updated in place on every push.");
  });
  after(() => tmp.cleanup());

  it("GIVEN a third AZ in prod THEN the service's, the load balancer's, the freshness check's and the subnet groups' new subnets are shown by path", () => {
    const rows = prod.compare.changes.filter((c: any) => c.action === "update").map((c: any) => [c.type, c.properties.map((p: any) => p.name)]);
    expect(rows).to.deep.equal([
      ["awsx:ec2:Vpc", ["numberOfAvailabilityZones"]],
      ["aws:elasticache/subnetGroup:SubnetGroup", ["subnetIds[2]"]],
      ["aws:rds/subnetGroup:SubnetGroup", ["subnetIds[2]"]],
      ["aws:lb/loadBalancer:LoadBalancer", ["subnets[2]"]],
      // The copies' freshness check runs in the private subnets.
      ["aws:lambda/function:Function", ["vpcConfig.subnetIds[2]"]],
      ["aws:ecs/service:Service", ["networkConfiguration.subnets[2]"]],
    ]);
    expect(prod.summary.compare).to.deep.include({ create: 19, update: 6, replace: 0, delete: 0 });
  });

  it("GIVEN a key per store on dev THEN every resource whose key moves shows the key's input by path, and the stores whose key can't change are replaced", () => {
    const keyed = dev.compare.changes
      .map((c: any) => [c.action, c.name, c.properties.filter((p: any) => /km(s|sKey|sMasterKey)|KmsKey|kmsKey/.test(p.name)).map((p: any) => `${p.name}${p.replaces ? " (replaces)" : ""}`)])
      .filter(([, , paths]: any[]) => paths.length > 0);
    expect(keyed).to.deep.equal([
      ["replace", "credlink-dev-backup", ["kmsKeyArn (replaces)"]],
      ["replace", "credlink-dev", ["encryptionConfigurations[0].kmsKey (replaces)"]],
      ["replace", "credlink-dev-cache", ["kmsKeyId (replaces)"]],
      ["replace", "credlink-dev-db", ["kmsKeyId (replaces)", "masterUserSecretKmsKeyId", "performanceInsightsKmsKeyId"]],
      ["update", "credlink-dev-page", ["kmsMasterKeyId"]],
      ["update", "credlink-dev-notify", ["kmsMasterKeyId"]],
      ["update", "credlink-dev-flow-logs", ["kmsKeyId"]],
      ["update", "credlink-dev-db-postgresql", ["kmsKeyId"]],
      ["update", "credlink-dev-db-upgrade", ["kmsKeyId"]],
      ["update", "credlink-dev-app", ["kmsKeyId"]],
      ["update", "credlink-dev-exec", ["kmsKeyId"]],
      ["update", "credlink-dev-cache-auth-token", ["kmsKeyId"]],
      ["update", "credlink-dev-flow-logs", ["rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"]],
      ["update", "credlink-dev-proofs", ["rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"]],
      ["update", "credlink-dev-audit", ["rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"]],
      // The proof bucket refuses writes under any other key, so its policy names the new one.
      ["update", "credlink-dev-proofs", ['policy.Statement["DenyWritesUnderAnotherKey"].Condition.StringNotEqualsIfExists.s3:x-amz-server-side-encryption-aws-kms-key-id']],
      ["update", "credlink-dev-audit", ["kmsKeyId"]],
      ["update", "credlink-dev", ["configuration.executeCommandConfiguration.kmsKeyId"]],
    ]);
  });

  it("GIVEN a key per store on dev THEN the stores replaced and the shared key deleted lead the summary, by name", () => {
    expect(dev.summary.compare).to.deep.include({ replace: 8, delete: 3, statefulLost: 5 });
    expect(dev.summary.lines[4]).to.match(/; 5 holding data replaced or deleted: credlink-dev-backup, credlink-dev, credlink-dev-cache, credlink-dev-db, credlink-dev-key; /);
  });

  it("GIVEN both stacks' reports THEN the combined comment stays under 60,000 characters (GitHub refuses 65,536)", () => {
    expect(comment.length).to.be.below(60_000);
    expect(COMMENT_BUDGET).to.equal(60_000);
    expect(comment.split("\n")[0]).to.equal(COMMENT_MARKER);
  });

  it("GIVEN the comment THEN its markup is balanced: every <details> closed, every table whole, code fences even", () => {
    expect(markupProblems(comment)).to.deep.equal([]);
  });

  it("GIVEN the comment THEN each stack shows, open and in this order, the summary, what is replaced, the changes, the cost delta and the verdicts", () => {
    const open = [...comment.matchAll(/^(### CredLink plan: `\w+`|#### .+?)(?: \(us-east-1\))?$/gm)].map((m) => m[1].replace(/ against \S+/, " against <base>").replace(/\(stack "\w+"\)/, "(stack)"));
    const stack = (name: string, replaced: string) => [
      `### CredLink plan: \`${name}\``,
      `#### Replaced or deleted with data: ${replaced}`,
      "#### Changes against <base> (stack)",
      "#### Cost change against <base>",
      `#### Policy verdicts (pack "credlink", policy/config/${name}.json)`,
    ];
    expect(open).to.deep.equal([...stack("dev", "5 stateful, 4 other"), ...stack("prod", "nothing")]);
  });

  it("GIVEN the comment THEN everything else is collapsed, and what didn't fit is named with where to find it", () => {
    const collapsed = [...comment.matchAll(/^<details><summary>([^<]+)<\/summary>$/gm)].map((m) => m[1]);
    expect(collapsed.filter((t) => t.startsWith("Request path")).length).to.equal(2);
    expect(comment).to.match(/_\d+ more sections? in the job log: [^\n]*Resources[^\n]*\._/);
  });

  it("GIVEN a budget too small for the detail THEN whole sections are left out and named, never cut mid-markup", () => {
    const small = renderMarkdown(prod, { budget: 9000 });
    expect(small.length).to.be.at.most(9000);
    expect(markupProblems(small)).to.deep.equal([]);
    expect(small.trimEnd().split("\n").at(-1)).to.match(/^_\d+ more sections in the job log: /);
  });

  it("GIVEN a nested secret (pulumi config set --path --secret) THEN dev plans, the warning names its path, and the URL is [secret] in every format", () => {
    const sub = dev.resources.find((r: any) => r.type === "aws:sns/topicSubscription:TopicSubscription" && r.inputs.protocol === "https");
    expect(sub.inputs.endpoint).to.equal("[secret]");
    expect(dev.warnings.filter((w: string) => w.includes("is a secret"))).to.deep.equal([
      "credlink:alerts.pagerdutyUrl is a secret; offline it is a placeholder (the real value is only decrypted by `pulumi preview`)",
    ]);
    const formats = [runs[0].stdout, render(dev, "table"), render(dev, "markdown"), comment];
    expect(formats.map((text) => /pagerduty\.com|offline-plan-placeholder-secret|offline-placeholder/.test(text))).to.deep.equal([false, false, false, false]);
  });

  // A committed placeholder is not a secret someone set: a real preview fails on it, so the plan says what to run.
  it("GIVEN prod's heartbeat URLs still the committed placeholder THEN the plan warns to set each with pulumi config set --secret", () => {
    expect(prod.warnings.filter((w: string) => w.includes("committed placeholder"))).to.deep.equal(
      ["credlink:alerts.heartbeatUrl", "credlink:alerts.drHeartbeatUrl"].map(
        (k) => `${k} is the committed placeholder, which no secrets provider decrypts: \`pulumi config set --secret ${k} <value>\` before \`pulumi up\` (a real preview fails on it)`,
      ),
    );
  });

  it("GIVEN both reports THEN they validate against the schema", () => {
    expect({ dev: schemaErrors(dev), prod: schemaErrors(prod) }).to.deep.equal({ dev: [], prod: [] });
  });
});

describe("npm run plan: alarms show their own comparison operator wherever the plan lists them", () => {
  let prod: any;
  before(() => {
    prod = reportOf(plan("--stack", "prod", "--format", "json"));
  });

  it("GIVEN prod's metric alarms THEN each one's `fires` property uses the operator it fires on (some fire below their threshold)", () => {
    const alarms = prod.resources.filter((r: any) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    const wrong = alarms.filter((a: any) => !a.props.fires.includes(` ${OPERATORS[a.inputs.comparisonOperator]} `)).map((a: any) => a.name);
    expect({ wrong, below: alarms.filter((a: any) => / < /.test(a.props.fires)).length > 0 }).to.deep.equal({ wrong: [], below: true });
  });

  it("GIVEN the SLO section THEN each alarm row shows the same condition as the alarm's own `fires`", () => {
    const fires = new Map(prod.resources.filter((r: any) => r.type.startsWith("aws:cloudwatch/")).map((r: any) => [r.name, r.props.fires]));
    const rows = prod.sections.find((s: any) => s.id === "slo").rows;
    expect(rows.filter((r: string[]) => fires.get(r[0]) !== r[3]).map((r: string[]) => r[0])).to.deep.equal([]);
  });
});

describe("npm run plan: JSON a tool can build on", () => {
  let prod: any;
  before(() => {
    prod = reportOf(plan("--stack", "prod", "--format", "json"));
  });

  it("GIVEN --format json THEN the summary is the first key, then the schema version and the provenance", () => {
    expect(Object.keys(prod).slice(0, 3)).to.deep.equal(["summary", "schemaVersion", "provenance"]);
  });

  it("GIVEN --format json THEN the provenance names the stack file, the commit and the tool's version", () => {
    const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" });
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
    expect(prod.provenance).to.deep.equal({ configFile: "Pulumi.prod.yaml", commit: head.status === 0 ? head.stdout.trim() : null, tool: "credlink offline plan (tools/plan)", toolVersion: version });
  });

  it("GIVEN every priced line item THEN its terms' quantity x unit price add up to its amount, to the cent", () => {
    const priced = prod.lineItems.filter((l: any) => l.kind === "priced");
    const off = priced.filter((l: any) => l.terms.length === 0 || cents(l.terms.reduce((a: number, t: any) => a + t.quantity * t.unitPriceUsd, 0)) !== cents(l.totalUsd));
    expect({ priced: priced.length > 50, off: off.map((l: any) => `${l.resource}: ${l.item}`) }).to.deep.equal({ priced: true, off: [] });
  });

  it("GIVEN a line of one term THEN its quantity, unit and unit price are at the top; free and unpriced lines have none", () => {
    const nat = prod.lineItems.find((l: any) => l.item === "KMS customer managed key");
    expect([nat.quantity, nat.unit, nat.unitPriceUsd, nat.terms.length]).to.deep.equal([1, nat.terms[0].unit, nat.terms[0].unitPriceUsd, 1]);
    expect(prod.lineItems.filter((l: any) => (l.kind === "free" || l.kind === "unpriced") && (l.terms.length > 0 || l.quantity !== null))).to.deep.equal([]);
  });
});

describe("npm run plan: the errors a new user meets", () => {
  const tmp = tempDir("credlink-review-errors-");
  after(() => tmp.cleanup());

  it("GIVEN --out into a directory that doesn't exist THEN it fails before the plan runs, in one line, exit 2", () => {
    const out = path.join(tmp.dir, "missing", "plan.json");
    const run = runPlan(["--stack", "prod", "--out", out]);
    expect([run.status, run.stdout, run.stderr]).to.deep.equal([2, "", `plan: --out ${out}: there is no directory ${path.dirname(out)} (create it first: mkdir -p ${path.dirname(out)})\n`]);
  });

  it("GIVEN a namespace typo (credlnk:database) THEN the key, its line and the namespace meant are named", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8").replace("credlink:database:", "credlnk:database:");
    const file = path.join(tmp.dir, "Pulumi.typo.yaml");
    fs.writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.startsWith("  credlnk:database:")) + 1;
    const run = runPlan(["--stack", "dev", "--config-file", file]);
    expect([run.status, run.stdout, run.stderr]).to.deep.equal([
      1,
      "",
      `plan: stack "dev" failed: ${file}:${line}: credlnk:database is in namespace "credlnk", which nothing reads (did you mean "credlink:database"?); this project reads aws, awsx, cloudflare, credlink, pulumi, random, tls\n`,
    ]);
  });

  it("GIVEN an instance class with a mistyped size (db.t4g.mirco) THEN the error gives the family's real sizes and the nearest", () => {
    const file = writeStackVariant(tmp.dir, "Pulumi.mirco.yaml", "dev", (c) => {
      c["credlink:database"].instanceClass = "db.t4g.mirco";
    });
    const run = runPlan(["--stack", "dev", "--config-file", file]);
    const line = fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes("db.t4g.mirco")) + 1;
    expect([run.status, run.stdout]).to.deep.equal([1, ""]);
    expect(run.stderr).to.include(
      `credlink:database.instanceClass must be a size RDS for PostgreSQL offers in the db.t4g family: db.t4g.micro, db.t4g.small, db.t4g.medium, db.t4g.large, db.t4g.xlarge, db.t4g.2xlarge (did you mean "db.t4g.micro"?), got "db.t4g.mirco" (${file}:${line})`,
    );
  });

  it("GIVEN a node type with a mistyped size THEN the cache's error gives the family's sizes and the nearest; a real size passes", () => {
    const problem = (nodeType: string) => {
      try {
        validateCacheArgs(resolveCacheArgs({ vpcId: "", cacheSubnetGroupName: "", nodeType } as any));
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect([problem("cache.r7g.larg"), problem("cache.r7g.large")]).to.deep.equal([
      'nodeType must be a size ElastiCache offers in the cache.r7g family: cache.r7g.large, cache.r7g.xlarge, cache.r7g.2xlarge, cache.r7g.4xlarge, cache.r7g.8xlarge, cache.r7g.12xlarge, cache.r7g.16xlarge (did you mean "cache.r7g.large"?), got "cache.r7g.larg"',
      undefined,
    ]);
  });
});

describe("the PR workflow's plan job: plans as JSON, the comment built by tools/plan/comment.ts", () => {
  const job = () => parse(fs.readFileSync(path.join(REPO_ROOT, ".github/workflows/pull-request.yml"), "utf8")).jobs.plan;

  it("GIVEN the plan step THEN each stack's plan is JSON compared with the base's, and the comment comes from npm run plan:comment", () => {
    const script: string = job().steps.find((s: any) => s.id === "plan").run;
    expect(script).to.include('args=(--stack "$stack" --format json --out ".plan/$stack.json")');
    expect(script).to.include('npm run -s plan:comment -- --out .plan/comment.md --head "$HEAD_SHA" --base "$BASE_SHA" dev=.plan/dev.json prod=.plan/prod.json');
    expect(script).to.not.include("<details");
  });

  it("GIVEN the posting step THEN it posts the file as written: no cut that could leave markup open", () => {
    const post: string = job().steps.find((s: any) => typeof s.uses === "string" && s.uses.startsWith("actions/github-script@")).with.script;
    expect(post).to.not.match(/\.slice\(|substring\(/);
  });
});
