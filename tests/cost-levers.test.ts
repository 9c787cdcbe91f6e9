/**
 * The cost levers: NAT instances (prod: one per AZ, dev: one for the VPC), Fargate Spot for dev's service,
 * one shared customer managed key in dev, and the duplicate target 5xx alarm gone. One program run per stack, shared.
 */
import * as fs from "node:fs";
import { expect } from "chai";
import { parse } from "yaml";
import { namesValid } from "../policy/policies/aws-constraints";
import { runResourcePolicy } from "../tools/offline/policy";
import { natSetupScript, natUserData, NAT_AMI_PARAMETER } from "../components/network/nat-instances";

/** The stack's cost and environment tags (the provider's defaults), which the NAT instances and volumes carry too. */
const COST_TAGS = { Project: "credlink", Environment: "prod", ManagedBy: "pulumi", Owner: "platform-team", CostCenter: "credlink-prod", Stack: "prod" };
import { validateSharedKeyArgs } from "../components/security/shared-key";
import { natInstanceNotes } from "../tools/plan/sections/cost";
import { estimateCost } from "../policy/cost/estimate";
import { MOCK_ACCOUNT_ID, Recorder } from "../tools/offline/mocks";
import { problemsFor } from "./helpers/config";
import { committedProgram } from "./helpers/programs";
import { logDeliveryKeyStatement, stackKeyAdminStatements, viaServiceStatement } from "./helpers/kms";

const VPC = "awsx:ec2:Vpc";
const ENI = "aws:ec2/networkInterface:NetworkInterface";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";
const ROUTE = "aws:ec2/route:Route";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const KEY = "aws:kms/key:Key";
const ECS_SERVICE = "aws:ecs/service:Service";
const CAPACITY = "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const EC2 = `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}`;

const natChildren = (rec: Recorder, type: string) => rec.ofType(type).filter((r) => /-nat(-|$)/.test(r.name));
const routeTableOf = (rec: Recorder, subnetId: string) =>
  rec.invokes.find((i) => i.token === "aws:ec2/getRouteTable:getRouteTable" && i.inputs.subnetId === subnetId);

describe("cost levers", () => {
  let dev: Recorder;
  let prod: Recorder;
  before(async () => {
    // Shared with tests/data-stack.test.ts: no program run of this file's own.
    dev = (await committedProgram("dev")).recorder;
    prod = (await committedProgram("prod")).recorder;
  });

  describe("NAT instances", () => {
    it("GIVEN natGateways instance (prod) and singleInstance (dev) WHEN the program runs THEN awsx makes no NAT gateway", () => {
      expect([dev.one(VPC).inputs.natGateways, prod.one(VPC).inputs.natGateways]).to.deep.equal([{ strategy: "None" }, { strategy: "None" }]);
    });

    it("GIVEN prod (instance) THEN one NAT instance set per AZ and one route per private route table; dev (singleInstance) gets one set", () => {
      const count = (rec: Recorder) => [ENI, LT, ASG, ROLE, ROLE_POLICY, PROFILE, ROUTE, SG, INGRESS, EGRESS].map((t) => natChildren(rec, t).length);
      expect({ prod: count(prod), dev: count(dev) }).to.deep.equal({ prod: [2, 2, 2, 2, 2, 2, 2, 1, 1, 1], dev: [1, 1, 1, 1, 1, 1, 2, 1, 1, 1] });
    });

    it("WHEN the program runs THEN each AZ's static ENI sits in that AZ's public subnet, with the source/destination check off and the NAT group only", () => {
      const publicIds: string[] = prod.one(VPC).state.publicSubnetIds;
      const sg = prod.one(SG, "credlink-prod-nat").state;
      for (const i of [1, 2]) {
        expect(prod.one(ENI, `credlink-prod-nat-${i}`).inputs, `AZ ${i}`).to.deep.equal({
          subnetId: publicIds[i - 1],
          securityGroups: [sg.id ?? prod.one(SG, "credlink-prod-nat").id],
          sourceDestCheck: false,
          description: `CredLink credlink-prod: NAT target of the private route tables in AZ ${i}`,
          tags: { Name: `credlink-prod-nat-${i}` },
        });
      }
    });

    it("WHEN the program runs THEN the NAT security group admits HTTPS from the VPC range only and sends HTTPS only", () => {
      const sgId = prod.one(SG, "credlink-prod-nat").id;
      expect(prod.one(SG, "credlink-prod-nat").inputs).to.deep.equal({ vpcId: prod.one(VPC).state.vpcId, description: "CredLink credlink-prod: NAT instances, HTTPS from the VPC only" });
      expect(prod.one(INGRESS, "credlink-prod-nat-from-vpc").inputs).to.deep.equal({
        securityGroupId: sgId, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.30.0.0/16", description: "HTTPS to forward, from the VPC 10.30.0.0/16 only",
      });
      expect(prod.one(EGRESS, "credlink-prod-nat-https").inputs).to.deep.equal({
        securityGroupId: sgId, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", description: "HTTPS to the internet: forwarded traffic, the EC2 API and the AL2023 package repositories",
      });
    });

    it("WHEN the program runs THEN each NAT role is assumable by EC2 only and may attach its own AZ's ENI only, to its own group's instances only", () => {
      for (const i of [1, 2]) {
        const az = `credlink-prod-nat-${i}`;
        expect(JSON.parse(prod.one(ROLE, az).inputs.assumeRolePolicy)).to.deep.equal({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        const policy = prod.one(ROLE_POLICY, az);
        expect(policy.inputs.role).to.equal(prod.one(ROLE, az).id);
        expect(JSON.parse(policy.inputs.policy)).to.deep.equal({
          Version: "2012-10-17",
          Statement: [
            { Sid: "AttachThisAzNatEniOnly", Effect: "Allow", Action: "ec2:AttachNetworkInterface", Resource: `${EC2}:network-interface/${prod.one(ENI, az).id}` },
            {
              Sid: "ToThisAzNatGroupInstancesOnly",
              Effect: "Allow",
              Action: "ec2:AttachNetworkInterface",
              Resource: `${EC2}:instance/*`,
              Condition: { StringEquals: { "aws:ResourceTag/aws:autoscaling:groupName": az } },
            },
            // The forwarding check marks its own instance Unhealthy: this AZ's group only.
            {
              Sid: "MarkInstancesOfThisAzGroupUnhealthy",
              Effect: "Allow",
              Action: "autoscaling:SetInstanceHealth",
              Resource: `arn:aws:autoscaling:us-east-1:${MOCK_ACCOUNT_ID}:autoScalingGroup:*:autoScalingGroupName/${az}`,
            },
          ],
        });
        expect(prod.one(PROFILE, az).inputs).to.deep.equal({ role: prod.one(ROLE, az).state.name });
      }
    });

    it("WHEN the program runs THEN each launch template is a t4g.nano on AL2023 arm64, IMDSv2 only, encrypted 8 GB gp3, attaching its AZ's ENI", () => {
      const sgId = prod.one(SG, "credlink-prod-nat").id;
      for (const i of [1, 2]) {
        const az = `credlink-prod-nat-${i}`;
        const { userData, ...inputs } = prod.one(LT, az).inputs;
        expect(inputs, az).to.deep.equal({
          description: `CredLink credlink-prod: NAT instance for AZ ${i}`,
          imageId: `resolve:ssm:${NAT_AMI_PARAMETER}`,
          instanceType: "t4g.nano",
          creditSpecification: { cpuCredits: "standard" },
          iamInstanceProfile: { arn: prod.one(PROFILE, az).state.arn },
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
          networkInterfaces: [{ deviceIndex: 0, associatePublicIpAddress: "true", securityGroups: [sgId], deleteOnTermination: "true" }],
          blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 8, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
          // Old: Name only; the provider's default tags stop at the launch template.
          tagSpecifications: [
            { resourceType: "instance", tags: { ...COST_TAGS, Name: az } },
            { resourceType: "volume", tags: { ...COST_TAGS, Name: az } },
          ],
          updateDefaultVersion: true,
        });
        expect(Buffer.from(userData, "base64").toString(), az).to.equal(natUserData(prod.one(ENI, az).id!, "us-east-1", "10.30.0.0/16"));
      }
    });

    it("GIVEN the set-up script THEN it attaches the ENI, forwards, routes the VPC back out of the ENI and masquerades the VPC's traffic only (tests/nat-instances.test.ts runs it)", () => {
      const script = natSetupScript("eni-0123", "us-east-1", "10.30.0.0/16");
      for (const line of [
        'ENI_ID="eni-0123"',
        'VPC_CIDR="10.30.0.0/16"',
        '    aws ec2 attach-network-interface --region "$REGION" --network-interface-id "$ENI_ID" --instance-id "$INSTANCE_ID" --device-index 1 && break',
        "sysctl -w net.ipv4.ip_forward=1",
        'ip route replace "$VPC_CIDR" via "$GATEWAY" dev "$NAT_IF"',
        'iptables -t nat -C POSTROUTING -o "$PRIMARY" -s "$VPC_CIDR" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$PRIMARY" -s "$VPC_CIDR" -j MASQUERADE',
      ]) {
        expect(script.split("\n")).to.include(line);
      }
      expect(script).to.match(/X-aws-ec2-metadata-token-ttl-seconds/); // IMDSv2: a token first
    });

    it("WHEN the program runs THEN each Auto Scaling group keeps exactly one instance in its AZ's public subnet and waits for its role policy", () => {
      const publicIds: string[] = prod.one(VPC).state.publicSubnetIds;
      for (const i of [1, 2]) {
        const az = `credlink-prod-nat-${i}`;
        const group = prod.one(ASG, az);
        expect(group.inputs, az).to.deep.equal({
          name: az,
          minSize: 1,
          maxSize: 1,
          desiredCapacity: 1,
          vpcZoneIdentifiers: [publicIds[i - 1]],
          launchTemplate: { id: prod.one(LT, az).id, version: String(prod.one(LT, az).state.latestVersion) },
          healthCheckType: "EC2",
          healthCheckGracePeriod: 60,
          // Old: no lifetime (an instance kept its launch-day image forever) and terminate-first replacements.
          maxInstanceLifetime: 604800,
          instanceMaintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
          instanceRefresh: { strategy: "Rolling", preferences: { minHealthyPercentage: 100, maxHealthyPercentage: 200 } },
          tags: [{ key: "Name", value: az, propagateAtLaunch: true }],
        });
        expect(group.dependsOn).to.include(prod.one(ROLE_POLICY, az).urn);
      }
    });

    it("GIVEN prod THEN each private subnet's route table sends 0.0.0.0/0 to its own AZ's ENI; GIVEN dev THEN both to the single ENI", () => {
      for (const [rec, stack, enis] of [
        [prod, "prod", [1, 2]],
        [dev, "dev", [1, 1]],
      ] as const) {
        const privateIds: string[] = rec.one(VPC).state.privateSubnetIds;
        privateIds.forEach((subnetId, i) => {
          expect(routeTableOf(rec, subnetId), `${stack} AZ ${i + 1} lookup`).to.not.equal(undefined);
          const route = rec.one(ROUTE, `credlink-${stack}-nat-route-${i + 1}`);
          expect(route.inputs, `${stack} AZ ${i + 1}`).to.deep.equal({
            routeTableId: `rtb-${route.inputs.routeTableId.slice(4)}`,
            destinationCidrBlock: "0.0.0.0/0",
            networkInterfaceId: rec.one(ENI, `credlink-${stack}-nat-${enis[i]}`).id,
          });
        });
        const tables = privateIds.map((_, i) => rec.one(ROUTE, `credlink-${stack}-nat-route-${i + 1}`).inputs.routeTableId);
        expect(new Set(tables).size, `${stack}: one route per table`).to.equal(privateIds.length);
      }
    });

    it("GIVEN a NAT instance group THEN the cost model prices its instance, its public IPv4 and its volume exactly", () => {
      const net = prod.one("credlink:network:Network", "credlink-prod").urn;
      const template = { type: LT, name: "n-1", urn: "urn:lt", parent: net, props: prod.one(LT, "credlink-prod-nat-1").inputs };
      const group = { type: ASG, name: "n-1", urn: "urn:asg", parent: net, props: { desiredCapacity: 1, minSize: 1, maxSize: 1 }, propertyDependencies: { launchTemplate: ["urn:lt"] } };
      const items = estimateCost([template, group]).items.filter((i) => i.urn).map((i) => [i.item, i.baselineCents, i.kind]);
      expect(items).to.deep.equal([
        ["LaunchTemplate", 0, "free"],
        ["EC2 t4g.nano x 1 instance", 307, "priced"],
        ["public IPv4 per instance (1)", 365, "priced"],
        ["EBS gp3 8 GB x 1 (/dev/xvda)", 64, "priced"],
      ]);
    });
  });

  describe("the plan's word on NAT instances", () => {
    const group = (name: string) => ({ type: ASG, name });
    it("GIVEN no NAT instance THEN the availability section adds nothing", () => {
      expect(natInstanceNotes([group("credlink-prod-web")])).to.deep.equal([]);
    });

    it("GIVEN one NAT instance per AZ, or one for the VPC, THEN the first note says how far a failure reaches", () => {
      expect([natInstanceNotes([group("credlink-prod-nat-1"), group("credlink-prod-nat-2")])[0], natInstanceNotes([group("credlink-dev-nat-1")])[0]]).to.deep.equal([
        "Egress: NAT instances, one per AZ (2): a failure cuts that AZ's egress only.",
        "Egress: NAT instances, one for the whole VPC: a failure cuts every private subnet's egress.",
      ]);
    });

    it("GIVEN NAT instances THEN the notes say they are off the request path, what goes through them, and how long a failure lasts", () => {
      expect(natInstanceNotes([group("credlink-dev-nat-1")]).slice(1)).to.deep.equal([
        "NAT is off the request path: ALB, tasks, RDS and ElastiCache talk inside the VPC; S3 uses its gateway endpoint.",
        "Through NAT: image pulls (ECR API), Secrets Manager at task start, CloudWatch Logs (non-blocking), X-Ray traces.",
        "A failed instance (EC2 status checks, or 3 failed forwarding checks of its own) is replaced by its Auto Scaling group: an estimated 3-6 minutes without egress (not measured).",
        "Every instance is replaced after 7 days (a current AL2023 image); the new one starts first and takes the ENI over as the old one stops.",
        "Meanwhile running tasks keep serving; tasks starting there (deployment, scale-out) fail and ECS retries them.",
      ]);
    });
  });

  describe("Fargate Spot", () => {
    it("GIVEN dev (FARGATE_SPOT) THEN the service runs on the FARGATE_SPOT capacity provider, associated with its cluster first", () => {
      const service = dev.one(ECS_SERVICE);
      expect(service.inputs.launchType).to.equal(undefined);
      expect(service.inputs.capacityProviderStrategies).to.deep.equal([{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }]);
      const providers = dev.one(CAPACITY, "credlink-dev");
      expect(providers.inputs).to.deep.equal({ clusterName: dev.one("aws:ecs/cluster:Cluster").state.name, capacityProviders: ["FARGATE", "FARGATE_SPOT"] });
      expect(service.dependsOn).to.include(providers.urn);
    });

    it("GIVEN prod (FARGATE) THEN the service keeps the FARGATE launch type and no capacity providers", () => {
      expect([prod.one(ECS_SERVICE).inputs.launchType, prod.one(ECS_SERVICE).inputs.capacityProviderStrategies, prod.ofType(CAPACITY).length]).to.deep.equal(["FARGATE", undefined, 0]);
    });

    it("GIVEN a service on Spot THEN the cost model prices its tasks at 0.3 of on-demand", () => {
      const td = { type: "aws:ecs/taskDefinition:TaskDefinition", name: "td", urn: "urn:td", props: { cpu: "256", memory: "512", runtimePlatform: { cpuArchitecture: "ARM64" } } };
      const svc = (strategy: any) => ({ type: ECS_SERVICE, name: "s", urn: "urn:s", props: { desiredCount: 1, ...strategy }, propertyDependencies: { taskDefinition: ["urn:td"] } });
      const cents = (strategy: any) => estimateCost([td, svc(strategy)]).items.find((i) => i.item.startsWith("Fargate") && i.item.includes("x 1 task"))?.baselineCents;
      expect([cents({ launchType: "FARGATE" }), cents({ capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }] })]).to.deep.equal([721, 216]);
    });

    it("GIVEN prod with FARGATE_SPOT THEN the config is rejected, naming the key", () => {
      expect(problemsFor("prod", { "credlink:service": { capacityProvider: "FARGATE_SPOT" } })).to.deep.equal([
        'credlink:service.capacityProvider must be "FARGATE" in prod: Spot tasks can be stopped at two minutes\' notice whenever AWS needs the capacity back, got "FARGATE_SPOT"',
      ]);
    });

    it("GIVEN an unknown capacity provider THEN the config is rejected with what is allowed", () => {
      expect(problemsFor("dev", { "credlink:service": { capacityProvider: "SPOT" } })).to.deep.equal([
        'credlink:service.capacityProvider must be one of "FARGATE" | "FARGATE_SPOT", got "SPOT"',
      ]);
    });
  });

  describe("one shared key (dev)", () => {
    it("GIVEN keyPerStore false (dev) THEN the stack has exactly one customer managed key; prod (true) has one per store", () => {
      expect(dev.ofType(KEY).map((k) => k.name)).to.deep.equal(["credlink-dev-key"]);
      // One per store: network, database, cache, proofs and its replica, registry, service, alerting (8), the backup
      // vaults' (2, one in the DR region), the WAF logs' (1), the trail's (1), in the DR region the replicated backups',
      // the replicated images' and the DR alert topics' (3: the DR restore tests' results, its findings, the tamper
      // pages); the copies' freshness check logs under the service's key.
      expect(prod.ofType(KEY).length).to.equal(15);
    });

    it("GIVEN the shared key THEN its policy is the union of the stores' statements, exactly", () => {
      const logs = ["/credlink/vpc-flow-logs/credlink-dev", "/aws/rds/instance/credlink-dev-db/*", "/credlink/ecs/credlink-dev", "/credlink/ecs-exec/credlink-dev"];
      const account = { "aws:SourceAccount": MOCK_ACCOUNT_ID };
      const publisher = (sid: string, service: string, arn?: string) => ({
        Sid: `Allow${sid}ToPublishEncrypted`,
        Effect: "Allow",
        Principal: { Service: service },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: arn ? { StringEquals: account, ArnLike: { "aws:SourceArn": arn } } : { StringEquals: account },
      });
      const trailArn = `arn:aws:cloudtrail:us-east-1:${MOCK_ACCOUNT_ID}:trail/credlink-dev-audit`;
      const anyTrail = { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MOCK_ACCOUNT_ID}:trail/*` };
      const trailStatements = [
        { Sid: "AllowCloudTrailToEncryptLogs", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:GenerateDataKey*", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": trailArn }, StringLike: anyTrail } },
        { Sid: "AllowCloudTrailToDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": trailArn } } },
        {
          Sid: "AllowThisAccountToDecryptTrailLogs",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${MOCK_ACCOUNT_ID}:root` },
          Action: "kms:Decrypt",
          Resource: "*",
          Condition: { StringEquals: { "kms:CallerAccount": MOCK_ACCOUNT_ID }, StringLike: anyTrail },
        },
      ];
      const key = dev.one(KEY, "credlink-dev-key");
      expect({ rotation: key.inputs.enableKeyRotation, window: key.inputs.deletionWindowInDays }).to.deep.equal({ rotation: true, window: 7 });
      expect(JSON.parse(key.inputs.policy)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          ...stackKeyAdminStatements("dev", dev.one("aws:iam/role:Role", "credlink-dev-cicd-deploy").state.arn),
          viaServiceStatement("AllowStoresOfThisStackInThisAccount", ["rds", "elasticache", "secretsmanager", "s3", "ecr", "backup"].map((s) => `${s}.us-east-1.amazonaws.com`)),
          {
            Sid: "AllowCloudWatchLogsForTheseLogGroups",
            Effect: "Allow",
            Principal: { Service: "logs.us-east-1.amazonaws.com" },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logs.map((n) => `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:${n}`) } },
          },
          // The flow-log bucket's vended-log delivery.
          logDeliveryKeyStatement(),
          publisher("CloudWatchAlarms", "cloudwatch.amazonaws.com", `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:*`),
          // EventBridge: the dev alert topics, by the encryption context (KMS never sees aws:Source* from it).
          {
            ...publisher("EventBridgeRules", "events.amazonaws.com"),
            Condition: {
              StringLike: {
                "kms:EncryptionContext:aws:sns:topicArn": [`arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-dev-page-*`, `arn:aws:sns:us-east-1:${MOCK_ACCOUNT_ID}:credlink-dev-notify-*`],
              },
            },
          },
          publisher("Budgets", "budgets.amazonaws.com", `arn:aws:budgets::${MOCK_ACCOUNT_ID}:*`),
          publisher("CostAnomalyDetection", "costalerts.amazonaws.com"),
          // Dev owns its account's baseline, so its account's trail: CloudTrail encrypts with the one key, for that trail only.
          ...trailStatements,
        ],
      });
    });

    it("GIVEN the shared key THEN every store encrypts with it: logs, database, cache, its secret, proofs, images, alert topics", () => {
      const arn = dev.one(KEY, "credlink-dev-key").state.arn;
      const logGroups = dev.ofType("aws:cloudwatch/logGroup:LogGroup");
      const db = dev.one("aws:rds/instance:Instance").inputs;
      const uses = {
        logGroups: logGroups.map((g) => g.inputs.kmsKeyId),
        db: [db.kmsKeyId, db.masterUserSecretKmsKeyId, db.performanceInsightsKmsKeyId],
        cache: dev.one("aws:elasticache/replicationGroup:ReplicationGroup").inputs.kmsKeyId,
        secret: dev.one("aws:secretsmanager/secret:Secret").inputs.kmsKeyId,
        proofs: dev.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "credlink-dev-proofs").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId,
        ecr: dev.one("aws:ecr/repository:Repository").inputs.encryptionConfigurations[0].kmsKey,
        topics: dev.ofType("aws:sns/topic:Topic").map((t) => t.inputs.kmsMasterKeyId),
        exec: dev.one("aws:ecs/cluster:Cluster").inputs.configuration.executeCommandConfiguration.kmsKeyId,
      };
      expect(uses).to.deep.equal({
        logGroups: logGroups.map(() => arn),
        db: [arn, arn, arn],
        cache: arn,
        secret: arn,
        proofs: arn,
        ecr: arn,
        topics: [arn, arn],
        exec: arn,
      });
      expect(logGroups.length).to.equal(5);
    });

    it("GIVEN a log group name with a character CloudWatch refuses, or none, THEN SharedKey's validator names the argument", () => {
      expect(() => validateSharedKeyArgs({ logGroupNames: ["/credlink/ecs/dev", "/aws/rds/instance/db/*"], alertingName: "credlink-dev" })).to.not.throw();
      expect(() => validateSharedKeyArgs({ logGroupNames: ["/credlink/ecs dev"], alertingName: "credlink-dev" })).to.throw('logGroupNames must be CloudWatch log group names (letters, digits and ._-/#, with * as a wildcard), got "/credlink/ecs dev"');
      expect(() => validateSharedKeyArgs({ logGroupNames: [], alertingName: "credlink-dev" })).to.throw("logGroupNames must name at least one log group, got []");
      expect(() => validateSharedKeyArgs({ logGroupNames: ["/x"], keyDeletionWindowDays: 6, alertingName: "credlink-dev" })).to.throw("keyDeletionWindowDays must be an integer from 7 to 30, got 6");
    });

    it("GIVEN prod with keyPerStore false THEN the config is rejected, naming the key", () => {
      expect(problemsFor("prod", { "credlink:kms": { keyPerStore: false } })).to.deep.equal([
        "credlink:kms.keyPerStore must be true in prod: a key per store keeps each store's key policy (and a mistake in it) to that store, got false",
      ]);
    });
  });

  describe("alarm dedupe", () => {
    // Prod only: dev (credlink:ops.level lean) builds no tier alarms and no SLO (tests/ops-stack.test.ts, "credlink:ops.level lean").
    it("GIVEN the Service's deployment 5xx-rate alarm THEN the ops tier has no second target 5xx alarm, and the deployment alarm still pages", () => {
      for (const [rec, stack] of [[prod, "prod"]] as const) {
        expect(rec.ofType(ALARM).map((a) => a.name).filter((n) => n.includes("5xx")).sort(), stack).to.deep.equal([`credlink-${stack}-5xx-rate`, `credlink-${stack}-ops-alb-5xx-rate`]);
        const rule: string = rec.one("aws:cloudwatch/compositeAlarm:CompositeAlarm", `credlink-${stack}-service-degraded`).inputs.alarmRule;
        expect(rule, stack).to.include(`ALARM("${rec.one(ALARM, `credlink-${stack}-5xx-rate`).state.name}")`);
      }
    });
  });

  describe("AWS input constraints of the NAT instance types", () => {
    // API_CreateLaunchTemplate (3-128 of a-zA-Z0-9().-/_), API_CreateAutoScalingGroup (1-255, no control characters),
    // API_CreateInstanceProfile (1-128 of \w+=,.@-).
    for (const [type, good, bad] of [
      [LT, "credlink-prod-nat-1", "credlink prod nat!"],
      [ASG, "credlink-prod-nat-1", "nat\u0007bell"],
      [PROFILE, "credlink-prod-nat-1", "credlink/prod"],
    ] as const) {
      it(`GIVEN ${type} named ${JSON.stringify(good)} THEN it passes; named ${JSON.stringify(bad)} THEN it is reported`, async () => {
        const ok = await runResourcePolicy(namesValid, { type, name: "t", props: { name: good } });
        const ko = await runResourcePolicy(namesValid, { type, name: "t", props: { name: bad } });
        expect([ok.violations.length, ko.violations.length]).to.deep.equal([0, 1]);
      });
    }
  });

  describe("the what-if example", () => {
    it("GIVEN examples/prod-nat-gateways.yaml THEN it is Pulumi.prod.yaml with NAT gateways per AZ and nothing else changed", () => {
      const prodFile = parse(fs.readFileSync("Pulumi.prod.yaml", "utf8"));
      const example = parse(fs.readFileSync("examples/prod-nat-gateways.yaml", "utf8"));
      prodFile.config["credlink:network"].natGateways = "onePerAz";
      expect(example).to.deep.equal(prodFile);
    });
  });
});
