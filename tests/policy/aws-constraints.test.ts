/**
 * AWS's input constraints: for every constraint one valid and one invalid value, and at each
 * length limit the exact fit (passes) and one character over (fails). Names are tested given explicitly, autonamed
 * (logical name + 8) and, where the resource has one, from a name prefix (+ 26).
 */
import * as assert from "node:assert/strict";
import * as c from "../../policy/policies/aws-constraints";
import * as exp from "../../policy/policies/exposure";
import { T } from "../../policy/lib/types";
import { ResourceCase, resourceCases } from "./cases";
import { Recorder } from "../../tools/offline/mocks";
import { analyzeRecorder, awsProvider, FULL_TAGS, inferAwsxChildren, loadPackConfigFile, recordedProgram, runResourcePolicy, show } from "../../tools/offline/policy";
import { good, res } from "./fixtures";

const sg = (props: Record<string, any>) => res(T.securityGroup, { description: "CredLink app", ...props });
const ingressToGroup = (description: string) => res(T.ingressRule, { securityGroupId: "sg-1", referencedSecurityGroupId: "sg-2", ipProtocol: "tcp", fromPort: 5432, toPort: 5432, description });
const ingressFromCidr = (description: string) => res(T.ingressRule, { securityGroupId: "sg-1", cidrIpv4: "10.0.0.0/16", ipProtocol: "tcp", fromPort: 443, toPort: 443, description });
const ALL_EC2_CHARS = "Az09 ._-:/()#,@[]+=&;{}!$*";

describe("AWS input constraints", () => {
  describe("security group and rule descriptions (EC2)", () => {
    const cases = {
      pass: [
        { title: "a group description of every allowed character", resource: sg({ description: ALL_EC2_CHARS }) },
        { title: "a group description of exactly 255 characters", resource: sg({ description: "a".repeat(255) }) },
        { title: "a CIDR rule description with &", resource: ingressFromCidr("HTTPS from clients & partners") },
        { title: "a group-reference rule description of exactly 255 characters", resource: ingressToGroup("b".repeat(255)) },
        { title: "an inline egress rule to a group described without &", resource: sg({ egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-2"], description: "To the service tasks on 8080" }] }) },
      ],
      fail: [
        { title: "a rule description with an apostrophe (the service's tasks)", resource: ingressFromCidr("To the service's tasks"), expect: /contains "'", which EC2 rejects/ },
        { title: "a group description of 256 characters", resource: sg({ description: "a".repeat(256) }), expect: /256 characters; EC2 allows at most 255/ },
        { title: "a group-reference rule description with &", resource: ingressToGroup("App & admin from the tasks"), expect: /contains "&".*no & in a rule that references a group/ },
        { title: "a group-reference rule description of 256 characters", resource: ingressToGroup("b".repeat(256)), expect: /256 characters/ },
        { title: "an inline egress rule to a group described with &", resource: sg({ egress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, securityGroups: ["sg-2"], description: "Tasks & more" }] }), expect: /^egress\[0\]: description contains "&"/ },
        { title: "a group description with ?", resource: sg({ description: "Why?" }), expect: /contains "\?"/ },
      ] as ResourceCase[],
    };
    resourceCases(c.sgDescriptionsValid, cases);
    // The existing description policy checks the charset too.
    resourceCases(exp.sgDescriptions, {
      pass: [{ title: "a CIDR rule described with &", resource: ingressFromCidr("HTTPS from clients & partners") }],
      fail: [
        { title: "a rule described with an apostrophe", resource: ingressFromCidr("To the service's tasks"), expect: /^rule: description contains "'"/ },
        { title: "a group-reference rule described with &", resource: ingressToGroup("App & admin"), expect: /contains "&"/ },
        { title: "a group description with a non-ASCII dash", resource: sg({ description: "CredLink – app" }), expect: /^description contains "–"/ },
      ],
    });
  });

  describe("tags", () => {
    const tagged = (tags: Record<string, string>) => res(T.kmsKey, { ...good.kmsKey, tags });
    const withDefaults = (tags: Record<string, string>) => ({ ...res(T.kmsKey, good.kmsKey), provider: awsProvider(tags) });
    const many = (n: number) => Object.fromEntries(Array.from({ length: n - Object.keys(FULL_TAGS).length }, (_, i) => [`Extra${i}`, "x"]));
    resourceCases(c.tagsValid, {
      pass: [
        { title: "the committed default tags and a tag of every allowed character", resource: tagged({ Purpose: "Proofs: a_b.c/d=e+f-g@h 9" }) },
        { title: "a key of exactly 128 and a value of exactly 256 characters", resource: tagged({ ["k".repeat(128)]: "v".repeat(256) }) },
        { title: "an empty value", resource: tagged({ Note: "" }) },
        { title: "exactly 50 tags with the defaults", resource: tagged(many(50)) },
        { title: "non-ASCII letters (Unicode letters are allowed)", resource: tagged({ Owner: "équipe-plateforme" }) },
      ],
      fail: [
        { title: "a value with ?", resource: tagged({ Purpose: "why?" }), expect: /value "why\?" has characters AWS rejects/ },
        { title: "a key of 129 characters", resource: tagged({ ["k".repeat(129)]: "v" }), expect: /is 129 characters; keys are 1-128/ },
        { title: "a value of 257 characters", resource: tagged({ Note: "v".repeat(257) }), expect: /value is 257 characters/ },
        { title: "a key with the reserved aws: prefix", resource: tagged({ "aws:cloudformation:stack-name": "x" }), expect: /reserved prefix aws:/ },
        { title: "a key with a comma", resource: tagged({ "a,b": "x" }), expect: /tag key "a,b" has characters/ },
        { title: "51 tags with the defaults", resource: tagged(many(51)), expect: /51 tags; AWS allows at most 50/ },
        { title: "a provider default tag value with an apostrophe", resource: withDefaults({ ...FULL_TAGS, Owner: "platform's team" }), expect: /tag Owner \(from the provider's defaultTags\): value/ },
      ],
    });
  });

  describe("names and identifiers", () => {
    interface NameCase {
      readonly type: string;
      readonly prop: string;
      readonly max: number;
      /** A valid name of length n. */
      readonly fill: (n: number) => string;
      readonly bad: string;
      readonly badWhy: RegExp;
      readonly prefixProp?: string;
      readonly autoname: boolean;
      readonly base?: Record<string, any>;
    }
    const letters = (n: number) => "a".repeat(n);
    const NAMES: NameCase[] = [
      { type: T.loadBalancer, prop: "name", prefixProp: "namePrefix", max: 32, fill: letters, bad: "credlink_alb", badWhy: /must be letters, digits and hyphens/, autoname: true, base: good.alb },
      { type: "aws:lb/targetGroup:TargetGroup", prop: "name", prefixProp: "namePrefix", max: 32, fill: letters, bad: "-credlink-tg", badWhy: /not beginning or ending with a hyphen/, autoname: true },
      { type: T.rdsInstance, prop: "identifier", prefixProp: "identifierPrefix", max: 63, fill: letters, bad: "1credlink-db", badWhy: /first a letter/, autoname: true, base: good.rds },
      { type: T.rdsInstance, prop: "finalSnapshotIdentifier", max: 255, fill: letters, bad: "credlink--final", badWhy: /no trailing or double hyphen/, autoname: false, base: good.rds },
      { type: T.rdsParameterGroup, prop: "name", prefixProp: "namePrefix", max: 255, fill: letters, bad: "credlink-pg17-", badWhy: /no trailing or double hyphen/, autoname: true, base: good.parameterGroup },
      { type: "aws:rds/subnetGroup:SubnetGroup", prop: "name", prefixProp: "namePrefix", max: 255, fill: letters, bad: "CredLink-DB", badWhy: /lowercase letters/, autoname: true },
      { type: T.cacheReplicationGroup, prop: "replicationGroupId", max: 40, fill: letters, bad: "Credlink-cache", badWhy: /lowercase letters/, autoname: true, base: good.cache },
      { type: T.cacheReplicationGroup, prop: "finalSnapshotIdentifier", max: 255, fill: letters, bad: "cache_final", badWhy: /letters, digits and hyphens/, autoname: false, base: good.cache },
      { type: "aws:elasticache/subnetGroup:SubnetGroup", prop: "name", max: 255, fill: letters, bad: "cache subnets", badWhy: /lowercase letters, digits and hyphens/, autoname: true },
      { type: T.bucket, prop: "bucket", prefixProp: "bucketPrefix", max: 63, fill: letters, bad: "Credlink-Proofs", badWhy: /lowercase letters, digits, periods and hyphens/, autoname: true },
      { type: T.bucketV2, prop: "bucket", prefixProp: "bucketPrefix", max: 63, fill: letters, bad: "credlink..proofs", badWhy: /two adjacent periods/, autoname: true },
      { type: "aws:iam/role:Role", prop: "name", prefixProp: "namePrefix", max: 64, fill: letters, bad: "credlink role", badWhy: /letters, digits and \+=,\.@_-/, autoname: true },
      { type: "aws:iam/rolePolicy:RolePolicy", prop: "name", prefixProp: "namePrefix", max: 128, fill: letters, bad: "credlink/policy", badWhy: /letters, digits and \+=,\.@_-/, autoname: true },
      { type: "aws:iam/policy:Policy", prop: "name", prefixProp: "namePrefix", max: 128, fill: letters, bad: "credlink:policy", badWhy: /letters, digits and \+=,\.@_-/, autoname: true },
      { type: "aws:kms/alias:Alias", prop: "name", prefixProp: "namePrefix", max: 256, fill: (n) => "alias/" + letters(n - 6), bad: "alias/aws/s3", badWhy: /must not begin with alias\/aws\//, autoname: false },
      { type: T.ecrRepository, prop: "name", max: 256, fill: letters, bad: "Credlink", badWhy: /lowercase letters and digits/, autoname: true, base: good.ecr },
      { type: T.logGroup, prop: "name", prefixProp: "namePrefix", max: 512, fill: (n) => "/" + letters(n - 1), bad: "/credlink/app logs", badWhy: /letters, digits and \._-\/#/, autoname: true, base: { retentionInDays: 30 } },
      { type: T.secret, prop: "name", prefixProp: "namePrefix", max: 512, fill: letters, bad: "credlink auth token", badWhy: /letters, digits and \/_\+=\.@-/, autoname: true },
      { type: T.ecsCluster, prop: "name", max: 255, fill: letters, bad: "credlink.dev", badWhy: /letters, digits, underscores and hyphens/, autoname: true },
      { type: T.ecsService, prop: "name", max: 255, fill: letters, bad: "credlink/api", badWhy: /letters, digits, underscores and hyphens/, autoname: true },
      { type: T.ecsTaskDefinition, prop: "family", max: 255, fill: letters, bad: "credlink:api", badWhy: /letters, digits, underscores and hyphens/, autoname: false },
      { type: T.metricAlarm, prop: "name", max: 255, fill: letters, bad: "credlink\t5xx", badWhy: /printable ASCII/, autoname: true, base: good.alarm },
      { type: T.securityGroup, prop: "name", prefixProp: "namePrefix", max: 255, fill: letters, bad: "sg-credlink", badWhy: /must not begin with sg-/, autoname: true, base: { description: "x" } },
      { type: T.compositeAlarm, prop: "alarmName", max: 255, fill: letters, bad: "credlink\tdegraded", badWhy: /printable ASCII/, autoname: false },
      { type: T.dashboard, prop: "dashboardName", max: 255, fill: letters, bad: "credlink prod", badWhy: /letters, digits, - and _/, autoname: false },
      { type: T.snsTopic, prop: "name", prefixProp: "namePrefix", max: 256, fill: letters, bad: "credlink.alerts", badWhy: /letters, digits, underscores and hyphens/, autoname: true },
      { type: "aws:acm/certificate:Certificate", prop: "domainName", max: 253, fill: (n) => `${"a".repeat(60)}.`.repeat(Math.ceil(n / 61)).slice(0, n - 4) + ".com", bad: "credlink_app.example.com", badWhy: /a DNS name/, autoname: false },
      { type: "aws:route53/record:Record", prop: "name", max: 1024, fill: letters, bad: "api credlink.example.com", badWhy: /a DNS name/, autoname: false },
      { type: "aws:appautoscaling/policy:Policy", prop: "name", max: 256, fill: letters, bad: "cpu\ntarget", badWhy: /free of control characters/, autoname: true },
      // Edge security and the account baseline.
      { type: T.webAcl, prop: "name", prefixProp: "namePrefix", max: 128, fill: letters, bad: "credlink.prod", badWhy: /letters, digits, _ and -/, autoname: true, base: good.webAcl },
      { type: "aws:cloudwatch/eventRule:EventRule", prop: "name", prefixProp: "namePrefix", max: 64, fill: letters, bad: "guardduty/page", badWhy: /letters, digits and \.-_/, autoname: true },
    ];
    const cases: { pass: ResourceCase[]; fail: ResourceCase[] } = { pass: [], fail: [] };
    for (const n of NAMES) {
      const short = n.type.split(":")[1];
      const props = (patch: Record<string, any>) => ({ ...(n.base ?? {}), [n.prop]: undefined, ...patch });
      cases.pass.push({ title: `${short} ${n.prop} of exactly ${n.max} characters`, resource: res(n.type, props({ [n.prop]: n.fill(n.max) })) });
      cases.fail.push({ title: `${short} ${n.prop} of ${n.max + 1} characters`, resource: res(n.type, props({ [n.prop]: n.fill(n.max + 1) })), expect: new RegExp(`^${n.prop} .* is ${n.max + 1} characters; AWS allows`) });
      cases.fail.push({ title: `${short} ${n.prop} ${JSON.stringify(n.bad)}`, resource: res(n.type, props({ [n.prop]: n.bad })), expect: n.badWhy });
      if (n.autoname) {
        cases.pass.push({ title: `${short} autonamed from a logical name of ${n.max - 8} characters (exact fit with "-" + 7 hex)`, resource: res(n.type, props({}), letters(n.max - 8)) });
        cases.fail.push({ title: `${short} autonamed from a logical name of ${n.max - 7} characters`, resource: res(n.type, props({}), letters(n.max - 7)), expect: new RegExp(`\\(autonamed: logical name "a{${n.max - 7}}" \\+ "-" \\+ 7 hex characters\\) is ${n.max + 1} characters`) });
      }
      if (n.prefixProp) {
        const prefixLength = n.max - 26;
        cases.pass.push({ title: `${short} ${n.prefixProp} of ${prefixLength} characters (exact fit with the provider's 26)`, resource: res(n.type, props({ [n.prefixProp]: n.fill(prefixLength) })) });
        cases.fail.push({ title: `${short} ${n.prefixProp} of ${prefixLength + 1} characters`, resource: res(n.type, props({ [n.prefixProp]: n.fill(prefixLength + 1) })), expect: new RegExp(`\\(${n.prefixProp} ".*" \\+ the 26 characters the provider appends\\) is ${n.max + 1} characters`) });
      }
    }
    resourceCases(c.namesValid, cases);

    it("GIVEN the name table THEN every type the issue lists has a rule with its documented maximum", () => {
      const max = (type: string, prop: string) => c.NAME_RULES[type]?.find((r) => r.prop === prop)?.max;
      assert.deepEqual(
        [max(T.loadBalancer, "name"), max("aws:lb/targetGroup:TargetGroup", "name"), max(T.rdsInstance, "identifier"), max(T.cacheReplicationGroup, "replicationGroupId"), max(T.bucketV2, "bucket"), max("aws:iam/role:Role", "name"), max("aws:kms/alias:Alias", "name"), max(T.ecrRepository, "name"), max(T.logGroup, "name"), max(T.secret, "name"), max(T.ecsCluster, "name"), max(T.ecsService, "name"), max(T.metricAlarm, "name"), max(T.rdsParameterGroup, "name"), max(T.rdsInstance, "finalSnapshotIdentifier")],
        [32, 32, 63, 40, 63, 64, 256, 256, 512, 512, 255, 255, 255, 255, 255],
      );
      for (const n of NAMES) assert.ok(c.NAME_RULES[n.type].some((r) => r.prop === n.prop && r.cite.startsWith("https://docs.aws.amazon.com/")), `${n.type} ${n.prop}`);
    });

    it("GIVEN an S3 bucket name that is an IP address, or ends with -s3alias THEN both are reported", async () => {
      const ip = await runResourcePolicy(c.namesValid, res(T.bucket, { bucket: "192.168.1.10" }));
      const alias = await runResourcePolicy(c.namesValid, res(T.bucket, { bucket: "credlink-s3alias" }));
      assert.deepEqual([ip.violations.some((v) => /formatted as an IP address/.test(v.message)), alias.violations.some((v) => /reserved suffix -s3alias/.test(v.message))], [true, true]);
    });
  });

  describe("the whole prod program", () => {
    let types: string[] = [];
    let run: Awaited<ReturnType<typeof recordedProgram>>;
    before(async () => {
      run = await recordedProgram("prod");
      types = [...new Set([...run.recorder.all, ...inferAwsxChildren(run.recorder)].filter((r) => r.custom).map((r) => r.type))].sort();
    });

    it("GIVEN the ALB-to-tasks egress rule described as it was before the fix (an apostrophe) THEN both description policies fire, mandatory, on that rule", async () => {
      const recorder = new Recorder();
      const rule = run.recorder.one(T.egressRule, "credlink-prod-alb-to-tasks");
      for (const [i, r] of run.recorder.all.entries()) {
        const { urn, type, name, inputs, state, id, ...options } = r;
        recorder.noteRequest(`${i}`, options);
        recorder.record(`${i}`, urn, { type, name, state, id, inputs: r === rule ? { ...inputs, description: "To the service's tasks on the app port 8080" } : inputs });
      }
      const { mandatory } = await analyzeRecorder(recorder, run.propertyDeps, loadPackConfigFile("prod"));
      assert.deepEqual(mandatory.map((d) => [d.policyName, d.urn]), [["aws-security-group-descriptions-valid", rule.urn], ["security-group-rules-described", rule.urn]], show(mandatory));
    });

    it("GIVEN a provider default tag value with ? THEN aws-tags-valid fires, mandatory, on every taggable resource and names the provider", async () => {
      const badOwner = (inputs: Record<string, any>) => ({ ...inputs, defaultTags: JSON.stringify({ tags: { ...FULL_TAGS, Environment: "prod", Owner: "who?" } }) });
      const { mandatory, recorder } = await analyzeRecorder(run.recorder, run.propertyDeps, loadPackConfigFile("prod"), badOwner);
      const tags = mandatory.filter((d) => d.policyName === "aws-tags-valid");
      assert.ok(recorder.ofType(T.kmsKey).every((k) => tags.some((d) => d.urn === k.urn)), show(tags));
      assert.equal(tags[0].message, `tag Owner (from the provider's defaultTags): value "who?" has characters AWS rejects (allowed: letters, digits, spaces and _.:/=+-@)`);
      assert.deepEqual(mandatory.filter((d) => d.policyName !== "aws-tags-valid"), []);
    });
    it("GIVEN prod's resources and awsx's children THEN each type's names are checked, or it is listed as having no name of its own", () => {
      assert.ok(types.length > 30, types.join(", "));
      assert.deepEqual(types.filter((t) => !(t in c.NAME_RULES) && !c.UNNAMED_TYPES.includes(t)), []);
    });
  });

  describe("descriptions", () => {
    resourceCases(c.descriptionsValid, {
      pass: [
        { title: "an IAM role description of exactly 1000 printable characters", resource: res("aws:iam/role:Role", { description: "d".repeat(1000) }) },
        { title: "a secret description of exactly 2048 characters", resource: res(T.secret, { description: "d".repeat(2048) }) },
        { title: "a KMS key description of exactly 8192 characters", resource: res(T.kmsKey, { ...good.kmsKey, description: "d".repeat(8192) }) },
        { title: "a replication group with a description", resource: res(T.cacheReplicationGroup, { ...good.cache, description: "CredLink cache" }) },
        { title: "an EventBridge rule with a 512-character description and a 2048-character pattern", resource: res("aws:cloudwatch/eventRule:EventRule", { description: "d".repeat(512), eventPattern: JSON.stringify({ source: ["x".repeat(2048 - 15)] }) }) },
      ],
      fail: [
        { title: "an IAM role description of 1001 characters", resource: res("aws:iam/role:Role", { description: "d".repeat(1001) }), expect: /1001 characters; IAM allows at most 1000/ },
        { title: "an IAM role description with an emoji", resource: res("aws:iam/role:Role", { description: "the app role 🚀" }), expect: /characters IAM rejects/ },
        { title: "a secret description of 2049 characters", resource: res(T.secret, { description: "d".repeat(2049) }), expect: /2049 characters/ },
        { title: "a KMS key description of 8193 characters", resource: res(T.kmsKey, { ...good.kmsKey, description: "d".repeat(8193) }), expect: /8193 characters/ },
        { title: "a replication group with a blank description", resource: res(T.cacheReplicationGroup, { ...good.cache, description: " " }), expect: /must not be empty/ },
        { title: "an EventBridge rule with a 513-character description", resource: res("aws:cloudwatch/eventRule:EventRule", { description: "d".repeat(513) }), expect: /^description is 513 characters; EventBridge allows at most 512$/ },
        {
          title: "an EventBridge rule with a 2049-character pattern",
          resource: res("aws:cloudwatch/eventRule:EventRule", { eventPattern: JSON.stringify({ source: ["x".repeat(2049 - 15)] }) }),
          expect: /^eventPattern is 2049 characters; EventBridge allows at most 2048 \(its default quota\)/,
        },
      ],
    });
  });
});
