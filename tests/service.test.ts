/**
 * Service: the Fargate task's hardening, secrets only through `secrets`, the two roles' exact policies, the
 * zero-downtime deployment with circuit-breaker and alarm rollback, and target-tracking autoscaling.
 */
import { expect } from "chai";
import { resolveServiceArgs, Service, ServiceArgs, validateServiceArgs } from "../components/app/service";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";
import { keyAdminStatement } from "./helpers/kms";
import {
  DATA_TIER,
  IMAGE,
  LOAD_BALANCER_SUFFIX,
  PRIVATE_SUBNETS,
  REPOSITORY_ARN,
  serviceArgs,
  TARGET_GROUP_ARN,
  TARGET_GROUP_SUFFIX,
  TASK_SG,
} from "./fixtures/app";

const NAME = "credlink-prod";
const LOG_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:/credlink/ecs/credlink-prod";

async function build(patch: Partial<ServiceArgs> = {}) {
  const { recorder } = await runComponent(() => new Service(NAME, { ...serviceArgs(), ...patch }));
  return recorder;
}

function container(recorder: Recorder) {
  const definitions = JSON.parse(recorder.one("aws:ecs/taskDefinition:TaskDefinition").inputs.containerDefinitions);
  expect(definitions).to.have.length(1);
  return definitions[0];
}

const policyOf = (recorder: Recorder, name: string) => JSON.parse(recorder.one("aws:iam/rolePolicy:RolePolicy", name).inputs.policy);

describe("Service", () => {
  describe("the task definition", () => {
    let rec: Recorder;
    before(async () => {
      rec = await build({ cpu: 256, memory: 1024 });
    });

    it("WHEN built THEN it is an awsvpc Fargate task on ARM64 Linux with the configured cpu and memory", () => {
      const task = rec.one("aws:ecs/taskDefinition:TaskDefinition");
      expect(task.inputs).to.deep.include({
        family: NAME,
        networkMode: "awsvpc",
        requiresCompatibilities: ["FARGATE"],
        cpu: "256",
        memory: "1024",
        runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
        volumes: [{ name: "tmp" }],
      });
    });

    it("WHEN built THEN the task definition waits for both roles' policies, so no first task starts before IAM has them", () => {
      const policies = ["execution", "task"].map((role) => rec.one("aws:iam/rolePolicy:RolePolicy", `${NAME}-${role}`).urn);
      expect(rec.one("aws:ecs/taskDefinition:TaskDefinition").dependsOn).to.include.members(policies);
    });

    it("WHEN built THEN the ECS service waits for both roles' policies too", () => {
      const policies = ["execution", "task"].map((role) => rec.one("aws:iam/rolePolicy:RolePolicy", `${NAME}-${role}`).urn);
      expect(rec.one("aws:ecs/service:Service").dependsOn).to.include.members(policies);
    });

    it("WHEN built THEN the execution role and the task role are two different roles", () => {
      const task = rec.one("aws:ecs/taskDefinition:TaskDefinition");
      expect(task.inputs.executionRoleArn).to.equal(rec.one("aws:iam/role:Role", `${NAME}-execution`).state.arn);
      expect(task.inputs.taskRoleArn).to.equal(rec.one("aws:iam/role:Role", `${NAME}-task`).state.arn);
      expect(task.inputs.executionRoleArn).to.not.equal(task.inputs.taskRoleArn);
    });

    it("WHEN built THEN the container runs the image read-only, as a non-root user, unprivileged, with every capability dropped", () => {
      const c = container(rec);
      expect([c.name, c.image, c.essential, c.user, c.readonlyRootFilesystem, c.privileged]).to.deep.equal([
        "app",
        IMAGE,
        true,
        "1000:1000",
        true,
        false,
      ]);
      expect(c.linuxParameters).to.deep.equal({ initProcessEnabled: true, capabilities: { drop: ["ALL"] } });
      expect(c.mountPoints).to.deep.equal([{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }]);
      expect(c.portMappings).to.deep.equal([{ name: "http", containerPort: 8080, hostPort: 8080, protocol: "tcp", appProtocol: "http" }]);
    });

    it("WHEN built THEN the environment holds exactly the endpoints, the bucket and the region", () => {
      expect(container(rec).environment).to.deep.equal([
        { name: "AWS_REGION", value: "us-east-1" },
        { name: "CACHE_HOST", value: DATA_TIER.cacheHost },
        { name: "CACHE_PORT", value: "6379" },
        { name: "CACHE_TLS", value: "true" },
        { name: "DATABASE_HOST", value: DATA_TIER.databaseHost },
        { name: "DATABASE_PORT", value: "5432" },
        { name: "DATABASE_USERNAME", value: DATA_TIER.databaseUser },
        { name: "PORT", value: "8080" },
        { name: "PROOF_BUCKET", value: DATA_TIER.proofBucketName },
      ]);
    });

    it("WHEN built THEN the cache token is the only secret (by ARN): no database password reaches the task, and nothing secret-looking is in the environment", () => {
      const c = container(rec);
      expect(c.secrets).to.deep.equal([{ name: "CACHE_AUTH_TOKEN", valueFrom: DATA_TIER.cacheAuthSecretArn }]);
      for (const { name, value } of c.environment as { name: string; value: string }[]) {
        expect(name, name).to.not.match(/PASSWORD|TOKEN|SECRET|CREDENTIAL|KEY/);
        expect(value, name).to.not.match(/arn:aws:(secretsmanager|ssm|kms):/);
      }
    });

    it("WHEN built with the defaults THEN the container has no health check, which would assume a shell and curl in the image: the target group's check decides", () => {
      expect(container(rec)).to.not.have.property("healthCheck");
    });

    it("GIVEN an exec-form health check command WHEN built THEN the container runs exactly it, with no shell", async () => {
      const c = container(await build({ healthCheckCommand: ["CMD", "/app/healthcheck", "--port", "8080"] }));
      expect(c.healthCheck).to.deep.equal({ command: ["CMD", "/app/healthcheck", "--port", "8080"], interval: 15, timeout: 5, retries: 3, startPeriod: 30 });
    });

    it("WHEN built THEN the container logs to its encrypted group without blocking", () => {
      const c = container(rec);
      expect(c.logConfiguration).to.deep.equal({
        logDriver: "awslogs",
        options: {
          "awslogs-group": "/credlink/ecs/credlink-prod",
          "awslogs-region": "us-east-1",
          "awslogs-stream-prefix": "app",
          mode: "non-blocking",
          "max-buffer-size": "25m",
        },
      });
    });

    it("GIVEN a database name WHEN built THEN it is passed as DATABASE_NAME", async () => {
      const c = container(await build({ databaseName: "credlink" }));
      expect(c.environment.filter((e: { name: string }) => e.name === "DATABASE_NAME")).to.deep.equal([{ name: "DATABASE_NAME", value: "credlink" }]);
    });
  });

  describe("IAM", () => {
    let rec: Recorder;
    before(async () => {
      rec = await build();
    });

    it("WHEN built THEN the execution role may pull from this repository, write this log group, read the cache secret and decrypt with its key only", () => {
      expect(policyOf(rec, `${NAME}-execution`)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "PullFromThisRepository",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            Resource: REPOSITORY_ARN,
          },
          { Sid: "GetRegistryToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
          { Sid: "WriteThisLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`] },
          {
            Sid: "ReadTheseSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: [DATA_TIER.cacheAuthSecretArn],
          },
          {
            Sid: "DecryptTheseSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: [DATA_TIER.cacheKeyArn],
            Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" } },
          },
        ],
      });
    });

    it("WHEN built THEN the task role may read and write proof objects with the proof key and connect to the database as the app user, and nothing else", () => {
      expect(policyOf(rec, `${NAME}-task`)).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReadWriteProofObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
            Resource: `${DATA_TIER.proofBucketArn}/*`,
          },
          {
            Sid: "UseTheProofKeyThroughS3",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: DATA_TIER.proofBucketKeyArn,
            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
          },
          { Sid: "ConnectToTheDatabaseAsTheAppUser", Effect: "Allow", Action: "rds-db:connect", Resource: DATA_TIER.databaseConnectArn },
        ],
      });
      expect(rec.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).to.deep.equal([]);
    });

    it("WHEN built THEN the task role's description says what it may reach: proof objects and its database user", () => {
      const description = rec.one("aws:iam/role:Role", `${NAME}-task`).inputs.description;
      expect(description).to.equal(`CredLink ${NAME}: the task task role; what the application itself may do: proof objects and its database user only`);
    });

    it("WHEN built THEN each role has exactly one inline policy, attached to it", () => {
      for (const role of ["execution", "task"]) {
        const policies = rec.ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === rec.one("aws:iam/role:Role", `${NAME}-${role}`).id);
        expect(policies.map((p) => p.name)).to.deep.equal([`${NAME}-${role}`]);
      }
    });

    it("WHEN built THEN only ECS tasks of this account and region can assume either role", () => {
      for (const role of ["execution", "task"]) {
        expect(JSON.parse(rec.one("aws:iam/role:Role", `${NAME}-${role}`).inputs.assumeRolePolicy)).to.deep.equal({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "ecs-tasks.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: {
                StringEquals: { "aws:SourceAccount": "123456789012" },
                ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" },
              },
            },
          ],
        });
      }
    });

    it("GIVEN the same key listed twice WHEN built THEN the execution role names it once", async () => {
      const shared = await build({ secretKeyArns: [DATA_TIER.cacheKeyArn, DATA_TIER.cacheKeyArn] });
      const decrypt = policyOf(shared, `${NAME}-execution`).Statement.find((s: { Sid: string }) => s.Sid === "DecryptTheseSecrets");
      expect(decrypt.Resource).to.deep.equal([DATA_TIER.cacheKeyArn]);
    });
  });

  describe("the ECS service and its deployments", () => {
    let rec: Recorder;
    before(async () => {
      rec = await build({ desiredCount: 2 });
    });

    it("WHEN built THEN it runs on Fargate LATEST in the private subnets, with no public IP, in the task security group", () => {
      const svc = rec.one("aws:ecs/service:Service");
      expect(svc.inputs).to.deep.include({ launchType: "FARGATE", platformVersion: "LATEST", desiredCount: 2, availabilityZoneRebalancing: "ENABLED" });
      expect(svc.inputs.networkConfiguration).to.deep.equal({ subnets: PRIVATE_SUBNETS, securityGroups: [TASK_SG], assignPublicIp: false });
      expect(svc.inputs.loadBalancers).to.deep.equal([{ targetGroupArn: TARGET_GROUP_ARN, containerName: "app", containerPort: 8080 }]);
      expect(svc.inputs.healthCheckGracePeriodSeconds).to.equal(60);
      expect(svc.inputs.enableExecuteCommand).to.equal(false);
    });

    it("WHEN built THEN a deployment keeps 100% healthy, surges to 200%, and the circuit breaker rolls back", () => {
      const svc = rec.one("aws:ecs/service:Service");
      expect(svc.inputs).to.deep.include({ deploymentMinimumHealthyPercent: 100, deploymentMaximumPercent: 200, waitForSteadyState: true });
      expect(svc.inputs.deploymentController).to.deep.equal({ type: "ECS" });
      expect(svc.inputs.deploymentCircuitBreaker).to.deep.equal({ enable: true, rollback: true });
    });

    it("WHEN built THEN the 5xx-rate and p95-latency alarms fail and roll back a deployment", () => {
      const alarmNames = rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.state.name);
      expect(alarmNames).to.have.length(2);
      expect(rec.one("aws:ecs/service:Service").inputs.alarms).to.deep.equal({
        alarmNames: [rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${NAME}-5xx-rate`).state.name, rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${NAME}-p95-latency`).state.name],
        enable: true,
        rollback: true,
      });
    });

    it("WHEN built THEN autoscaling owns the desired count after creation (updates ignore it)", () => {
      expect(rec.one("aws:ecs/service:Service").ignoreChanges).to.deep.equal(["desiredCount"]);
    });

    it("WHEN built THEN the 5xx alarm is the target 5xx share of requests above 5%, in 2 of 3 minutes", () => {
      const alarm = rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${NAME}-5xx-rate`);
      const dimensions = { LoadBalancer: LOAD_BALANCER_SUFFIX, TargetGroup: TARGET_GROUP_SUFFIX };
      expect(alarm.inputs).to.deep.include({
        comparisonOperator: "GreaterThanThreshold",
        threshold: 5,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: "notBreaching",
      });
      expect(alarm.inputs.metricQueries).to.deep.equal([
        { id: "errors", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "HTTPCode_Target_5XX_Count", stat: "Sum", period: 60, dimensions } },
        { id: "requests", returnData: false, metric: { namespace: "AWS/ApplicationELB", metricName: "RequestCount", stat: "Sum", period: 60, dimensions } },
        { id: "rate", label: "Target 5xx (% of requests)", returnData: true, expression: "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)" },
      ]);
    });

    it("WHEN built THEN the latency alarm is p95 target response time above 500 ms for 3 minutes", () => {
      expect(rec.one("aws:cloudwatch/metricAlarm:MetricAlarm", `${NAME}-p95-latency`).inputs).to.deep.include({
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: { LoadBalancer: LOAD_BALANCER_SUFFIX, TargetGroup: TARGET_GROUP_SUFFIX },
        extendedStatistic: "p95",
        period: 60,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0.5,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        treatMissingData: "notBreaching",
      });
    });
  });

  describe("autoscaling", () => {
    it("GIVEN min 2 and max 4 WHEN built THEN the scalable target spans 2 to 4 tasks of this service", async () => {
      const rec = await build({ desiredCount: 2, minCount: 2, maxCount: 4 });
      const cluster = rec.one("aws:ecs/cluster:Cluster").state.name;
      const service = rec.one("aws:ecs/service:Service").state.name;
      expect(rec.one("aws:appautoscaling/target:Target").inputs).to.deep.equal({
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: `service/${cluster}/${service}`,
        minCapacity: 2,
        maxCapacity: 4,
      });
    });

    it("GIVEN the defaults WHEN built THEN it tracks 60% CPU and 500 ALB requests per task", async () => {
      const rec = await build();
      const config = (role: string) => rec.one("aws:appautoscaling/policy:Policy", `${NAME}-${role}`).inputs.targetTrackingScalingPolicyConfiguration;
      expect(config("cpu")).to.deep.equal({
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
        targetValue: 60,
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      });
      expect(config("requests")).to.deep.equal({
        predefinedMetricSpecification: { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: `${LOAD_BALANCER_SUFFIX}/${TARGET_GROUP_SUFFIX}` },
        targetValue: 500,
        scaleOutCooldown: 60,
        scaleInCooldown: 300,
      });
      expect(rec.ofType("aws:appautoscaling/policy:Policy").map((p) => p.inputs.policyType)).to.deep.equal(["TargetTrackingScaling", "TargetTrackingScaling"]);
    });
  });

  describe("the cluster and logs", () => {
    let rec: Recorder;
    before(async () => {
      rec = await build({ logRetentionDays: 90 });
    });

    it("WHEN built THEN Container Insights is enhanced and ECS Exec logs go to a CMK-encrypted group", () => {
      const cluster = rec.one("aws:ecs/cluster:Cluster");
      const key = rec.one("aws:kms/key:Key", `${NAME}-logs`);
      expect(cluster.inputs.settings).to.deep.equal([{ name: "containerInsights", value: "enhanced" }]);
      expect(cluster.inputs.configuration).to.deep.equal({
        executeCommandConfiguration: {
          kmsKeyId: key.state.arn,
          logging: "OVERRIDE",
          logConfiguration: { cloudWatchLogGroupName: "/credlink/ecs-exec/credlink-prod", cloudWatchEncryptionEnabled: true },
        },
      });
    });

    it("WHEN built THEN both log groups keep logs for the configured days, encrypted with the service's key", () => {
      const key = rec.one("aws:kms/key:Key", `${NAME}-logs`);
      expect(rec.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => g.inputs)).to.deep.equal([
        { name: "/credlink/ecs/credlink-prod", retentionInDays: 90, kmsKeyId: key.state.arn },
        { name: "/credlink/ecs-exec/credlink-prod", retentionInDays: 90, kmsKeyId: key.state.arn },
      ]);
    });

    it("WHEN built THEN the log key rotates, the account may only administer it, and CloudWatch Logs may use it for these two groups only", () => {
      const key = rec.one("aws:kms/key:Key", `${NAME}-logs`);
      expect(key.inputs.enableKeyRotation).to.equal(true);
      const statements = JSON.parse(key.inputs.policy).Statement;
      expect(statements).to.have.length(2);
      expect(statements[0]).to.deep.equal(keyAdminStatement());
      expect(statements[1]).to.deep.equal({
        Sid: "AllowCloudWatchLogsForTheseLogGroups",
        Effect: "Allow",
        Principal: { Service: "logs.us-east-1.amazonaws.com" },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: {
          ArnEquals: {
            "kms:EncryptionContext:aws:logs:arn": [LOG_GROUP_ARN, "arn:aws:logs:us-east-1:123456789012:log-group:/credlink/ecs-exec/credlink-prod"],
          },
        },
      });
    });
  });

  describe("validation", () => {
    const rejects = (patch: Partial<ServiceArgs>, message: string) =>
      expect(() => validateServiceArgs(resolveServiceArgs({ ...serviceArgs(), ...patch }))).to.throw(message);

    it("GIVEN cpu 256 with 4096 MiB WHEN validated THEN it is rejected naming memory and the sizes Fargate allows", () => {
      rejects({ cpu: 256, memory: 4096 }, "memory must be 512, 1024, 2048 (MiB, the Fargate sizes for cpu 256), got 4096");
    });

    it("GIVEN cpu 2048 with 4608 MiB WHEN validated THEN it is rejected with the 1 GiB steps", () => {
      rejects({ cpu: 2048, memory: 4608 }, "memory must be 4096 to 16384 in steps of 1024 (MiB, the Fargate sizes for cpu 2048), got 4608");
    });

    it("GIVEN cpu 300 WHEN validated THEN it is rejected naming cpu", () => {
      rejects({ cpu: 300 }, "cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (Fargate CPU units, 1024 = 1 vCPU), got 300");
    });

    it("GIVEN an image without a tag or digest WHEN validated THEN it is rejected naming image", () => {
      rejects(
        { image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod" },
        'image must name a tag (":1.4.2") or a digest ("@sha256:<64 hex>"), so a deploy runs exactly the image it names, got "123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod"',
      );
    });

    it("GIVEN a digest-pinned image WHEN validated THEN it is accepted", () => {
      expect(() => validateServiceArgs(resolveServiceArgs({ ...serviceArgs(), image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/credlink-prod@sha256:${"a".repeat(64)}` }))).to.not.throw();
    });

    it("GIVEN desiredCount above maxCount WHEN validated THEN it is rejected naming desiredCount", () => {
      rejects({ desiredCount: 5, minCount: 1, maxCount: 4 }, "desiredCount must be an integer from minCount (1) to maxCount (4), got 5");
    });

    for (const command of [["CMD"], ["CMD-SHELL"], ["CMD-SHELL", "a", "b"], ["NONE"], ["CMD", ""], ["CMD", "/app/healthcheck", " "], []]) {
      it(`GIVEN the health check command ${JSON.stringify(command)} WHEN validated THEN it is rejected naming healthCheckCommand`, () => {
        rejects(
          { healthCheckCommand: command },
          `healthCheckCommand must be ["CMD", "<executable>", ...args] or ["CMD-SHELL", "<command line>"] with no empty part, or absent for no container health check, got ${JSON.stringify(command)}`,
        );
      });
    }

    it("GIVEN the shortest exec form and a shell form WHEN validated THEN both are accepted", () => {
      for (const healthCheckCommand of [["CMD", "/healthcheck"], ["CMD-SHELL", "curl -fsS http://127.0.0.1:8080/healthz"]]) {
        expect(() => validateServiceArgs(resolveServiceArgs({ ...serviceArgs(), healthCheckCommand }))).to.not.throw();
      }
    });

    it("GIVEN root as the container user WHEN validated THEN it is rejected naming containerUser", () => {
      rejects({ containerUser: "0:0" }, 'containerUser must be a numeric non-root uid or uid:gid like "1000:1000", got "0:0"');
    });
  });
});
