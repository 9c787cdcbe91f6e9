/** Dashboard: the golden signals of every tier and the SLO, from typed widgets; the body is parsed, never matched as text. */
import { expect } from "chai";
import { Dashboard, metricRow, resolveDashboardArgs, validateDashboardArgs } from "../components/ops/dashboard";
import { Recorder } from "../tools/offline/mocks";
import { runComponent } from "../tools/offline/program";

const ARGS = {
  region: "us-east-1",
  loadBalancerArnSuffix: "app/credlink-prod/0123456789abcdef",
  targetGroupArnSuffix: "targetgroup/credlink-prod/fedcba9876543210",
  clusterName: "credlink-prod-abc1234",
  serviceName: "credlink-prod-def5678",
  dbInstanceIdentifier: "credlink-prod-db",
  cacheReplicationGroupId: "credlink-prod-cache",
  cacheNodes: 2,
};
const ALB = ["LoadBalancer", ARGS.loadBalancerArnSuffix];
const TG = [...ALB, "TargetGroup", ARGS.targetGroupArnSuffix];
const ECS = ["ClusterName", ARGS.clusterName, "ServiceName", ARGS.serviceName];
const RDS = ["DBInstanceIdentifier", ARGS.dbInstanceIdentifier];

describe("Dashboard", () => {
  let rec: Recorder;
  let body: any;
  const graph = (title: string) => {
    const widget = body.widgets.find((w: any) => w.properties.title === title);
    if (!widget) throw new Error(`no widget "${title}"; have: ${body.widgets.map((w: any) => w.properties.title).join(", ")}`);
    return widget;
  };
  /** A widget's metrics as [namespace, metric, ...dimensions, stat] (expressions as ["=", expression]). */
  const series = (title: string) =>
    graph(title).properties.metrics.map((row: any[]) => {
      const options = row[row.length - 1];
      return options.expression ? ["=", options.expression] : [...row.slice(0, -1), options.stat];
    });

  before(async () => {
    ({ recorder: rec } = await runComponent(() => new Dashboard("credlink-prod", ARGS)));
    body = JSON.parse(rec.one("aws:cloudwatch/dashboard:Dashboard").inputs.dashboardBody);
  });

  it("WHEN built THEN it is one dashboard named after the component, 20 widgets in rows of four, every graph in the stack's region at 5 minutes", () => {
    expect(rec.all.filter((r) => r.custom).map((r) => `${r.type} ${r.name} ${r.inputs.dashboardName}`)).to.deep.equal([
      "aws:cloudwatch/dashboard:Dashboard credlink-prod credlink-prod",
    ]);
    expect(body.widgets).to.have.length(20);
    body.widgets.forEach((w: any, i: number) => expect([w.x, w.y, w.width, w.height], String(i)).to.deep.equal([(i % 4) * 6, Math.floor(i / 4) * 6, 6, 6]));
    for (const w of body.widgets.filter((x: any) => x.type === "metric")) {
      expect([w.properties.region, w.properties.period, w.properties.view], w.properties.title).to.deep.equal(["us-east-1", 300, "timeSeries"]);
    }
  });

  it("WHEN built THEN the SLO widgets compute the bad-request share and the burn rate from the ALB's metrics, with the budget and the fast-burn lines", () => {
    const inputs = [
      ["AWS/ApplicationELB", "RequestCount", ...ALB, "Sum"],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...ALB, "Sum"],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...ALB, "Sum"],
      ["AWS/ApplicationELB", "TargetResponseTime", ...ALB, "TC(0.5:)"],
    ];
    expect(series("SLO: bad requests (% of all)")).to.deep.equal([
      ...inputs,
      ["=", "IF(requests > 0, IF((FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)) >= requests, 100, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)) / requests), 0)"],
    ]);
    expect(graph("SLO: bad requests (% of all)").properties.annotations).to.deep.equal({ horizontal: [{ label: "error budget", value: 0.1 }] });
    expect(series("SLO: burn rate (1 = budget lasts the month)")).to.deep.equal([
      ...inputs,
      ["=", "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0) + FILL(slow, 0)) / requests / 0.1, 0)"],
    ]);
    expect(graph("SLO: burn rate (1 = budget lasts the month)").properties.annotations.horizontal[0].value).to.be.closeTo(14.4, 1e-9);
  });

  it("WHEN built THEN the ALB and ECS rows show latency p50/p95/p99, traffic, errors and saturation", () => {
    expect(series("ALB latency (target response time)")).to.deep.equal(["p50", "p95", "p99"].map((p) => ["AWS/ApplicationELB", "TargetResponseTime", ...TG, p]));
    expect(series("ALB traffic (requests)")).to.deep.equal([["AWS/ApplicationELB", "RequestCount", ...ALB, "Sum"]]);
    expect(series("ALB errors (5xx)")).to.deep.equal([
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...ALB, "Sum"],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...ALB, "Sum"],
    ]);
    expect(series("ALB saturation (connections, unhealthy targets)")).to.deep.equal([
      ["AWS/ApplicationELB", "ActiveConnectionCount", ...ALB, "Sum"],
      ["AWS/ApplicationELB", "UnHealthyHostCount", ...TG, "Maximum"],
    ]);
    expect(series("ECS saturation (CPU, memory, tasks)")).to.deep.equal([
      ["AWS/ECS", "CPUUtilization", ...ECS, "Average"],
      ["AWS/ECS", "MemoryUtilization", ...ECS, "Average"],
      ["ECS/ContainerInsights", "RunningTaskCount", ...ECS, "Average"],
    ]);
  });

  it("WHEN built THEN the RDS row reads the instance and the cache row every node of the replication group", () => {
    expect(series("RDS saturation (CPU, memory, storage)")).to.deep.equal([
      ["AWS/RDS", "CPUUtilization", ...RDS, "Average"],
      ["AWS/RDS", "FreeableMemory", ...RDS, "Minimum"],
      ["AWS/RDS", "FreeStorageSpace", ...RDS, "Minimum"],
    ]);
    expect(series("Cache saturation (engine CPU, memory)")).to.deep.equal([
      ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", "credlink-prod-cache-001", "Average"],
      ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", "credlink-prod-cache-002", "Average"],
      ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", "credlink-prod-cache-001", "Average"],
      ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", "credlink-prod-cache-002", "Average"],
    ]);
  });

  it("GIVEN a metric only an expression uses THEN its row hides it and carries its id", () => {
    expect(metricRow({ namespace: "N", metricName: "M", dimensions: { D: "v" }, stat: "Sum", label: "l", id: "m1", visible: false })).to.deep.equal([
      "N",
      "M",
      "D",
      "v",
      { stat: "Sum", label: "l", id: "m1", visible: false },
    ]);
  });

  it("GIVEN node counts and periods at and beyond their bounds THEN the validator names the argument", () => {
    const check = (extra: object) => () => validateDashboardArgs(resolveDashboardArgs({ ...ARGS, ...extra }));
    expect(check({ cacheNodes: 1 })).to.not.throw();
    expect(check({ cacheNodes: 6 })).to.not.throw();
    expect(check({ cacheNodes: 0 })).to.throw("cacheNodes must be an integer from 1 to 6, got 0");
    expect(check({ cacheNodes: 7 })).to.throw("cacheNodes must be an integer from 1 to 6, got 7");
    expect(check({ periodSeconds: 60 })).to.not.throw();
    expect(check({ periodSeconds: 90 })).to.throw("periodSeconds must be 60 or a multiple of 60, got 90");
  });
});
