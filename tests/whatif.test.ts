/**
 * The what-if examples are current and valid stack files; every generated block of README.md and docs/ (the what-if
 * tables, the cost curve, the cost tables, the plan samples...) is what `npm run docs` would write from the plans (re-run
 * it when this fails); and `npm run plan -- --usage-scale 10` end to end. Plans run as `npm run plan` runs them (child
 * processes), each once: the committed stacks' JSON plans are shared with the other plan tests of this process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { loadStackConfig, REPO_ROOT } from "../tools/project";
import { leverCents, PlanArgs } from "../tools/docs/blocks";
import { DOCS_COMMAND, docFiles, lookup, plansNeeded, renderBlocks, reportsByArgs, staleBlocks } from "../tools/docs/generate";
import { EXAMPLES } from "../tools/whatif/examples";
import { renderCurve, renderExample, renderWhatIf, rows, stackArgs, syncExamples } from "../tools/whatif/generate";
import { DEV_LEVERS } from "../tools/whatif/levers";
import { costPinOf, loadPins, pinDiff, pinKey, pinnedRows } from "../tools/plan/cost-pins";
import { cents, plan, reportOf, runPlans, schemaErrors } from "./helpers/plan";

const TENFOLD: PlanArgs = ["--stack", "prod", "--usage-scale", "10", "--format", "json"];

describe("what-if examples and the generated blocks of README.md and docs/ (npm run docs)", () => {
  let reports: Map<string, unknown>;
  let get: (args: PlanArgs) => any;
  let prod: any;
  let dev: any;
  let tenfold: any;
  before(async () => {
    const committed = ["prod", "dev"].map(stackArgs);
    const needed = new Map([...plansNeeded(docFiles()), ...rows("prod").map((r) => r.args), ...rows("dev").map((r) => r.args), TENFOLD].map((a) => [JSON.stringify(a), a]));
    for (const c of committed) needed.delete(JSON.stringify(c));
    const others = [...needed.values()];
    // The committed stacks through the per-process memo (other files plan them too); the rest two at a time. A
    // what-if may be over its ceiling (exit 3, its report complete): the row test below checks that is all it is.
    const shared = committed.map((args) => [args, reportOf(plan(...args))] as const);
    const runs = await runPlans(others);
    reports = reportsByArgs([...shared, ...others.map((args, i) => [args, reportOf(runs[i], runs[i].status === 3 ? 3 : 0)] as const)]);
    get = lookup(reports);
    [prod, dev, tenfold] = [stackArgs("prod"), stackArgs("dev"), TENFOLD].map(get);
  });

  it("GIVEN tools/whatif/examples.ts and the stack files THEN every generated example in examples/ is current (else: npm run docs)", () => {
    expect(syncExamples(false)).to.deep.equal([]);
  });

  it("GIVEN the prod-no-tracing example THEN it is Pulumi.prod.yaml with only credlink:service.tracing set to false", () => {
    const spec = EXAMPLES.find((e) => e.file === "prod-no-tracing.yaml");
    const example = loadStackConfig("prod", REPO_ROOT, path.join(REPO_ROOT, "examples", "prod-no-tracing.yaml")).config;
    const committed = loadStackConfig("prod").config;
    const service = { ...JSON.parse(committed["credlink:service"]), tracing: false };
    expect(spec?.set).to.deep.equal({ "credlink:service.tracing": false });
    expect(example).to.deep.equal({ ...committed, "credlink:service": JSON.stringify(service) });
    expect(renderExample(spec as (typeof EXAMPLES)[number]).split("\n")[0]).to.equal("# what-if: prod without tracing (`credlink:service.tracing: false`)");
  });

  it("GIVEN the dev-without-levers example THEN it is Pulumi.dev.yaml with exactly the levers' keys undone", () => {
    const spec = EXAMPLES.find((e) => e.file === "dev-without-levers.yaml");
    expect(spec?.set).to.deep.equal({
      "credlink:network.natGateways": "single",
      "credlink:service.capacityProvider": "FARGATE",
      "credlink:edge.waf.enabled": true,
      "credlink:service.allowedCidrs": ["0.0.0.0/0"],
      "credlink:kms.keyPerStore": true,
      "credlink:ops.level": "full",
      "credlink:account.runtimeMonitoring": true,
      "credlink:audit.tamperAlerts": true,
    });
    const example = loadStackConfig("dev", REPO_ROOT, path.join(REPO_ROOT, "examples", "dev-without-levers.yaml")).config;
    const committed = loadStackConfig("dev").config;
    const section = (key: string, patch: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(committed[key]), ...patch });
    const edge = JSON.parse(committed["credlink:edge"]);
    expect(example).to.deep.equal({
      ...committed,
      "credlink:network": section("credlink:network", { natGateways: "single" }),
      "credlink:service": section("credlink:service", { capacityProvider: "FARGATE", allowedCidrs: ["0.0.0.0/0"] }),
      "credlink:edge": JSON.stringify({ ...edge, waf: { ...edge.waf, enabled: true } }),
      "credlink:kms": section("credlink:kms", { keyPerStore: true }),
      "credlink:ops": section("credlink:ops", { level: "full" }),
      "credlink:account": section("credlink:account", { runtimeMonitoring: true }),
      "credlink:audit": section("credlink:audit", { tamperAlerts: true }),
    });
  });

  it("GIVEN every stack file in examples/ THEN it passes the config schema as the environment it names", () => {
    const files = fs.readdirSync(path.join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".yaml"));
    expect(files.length).to.be.greaterThan(0);
    for (const file of files) {
      const { config } = loadStackConfig("prod", REPO_ROOT, path.join(REPO_ROOT, "examples", file));
      const env = config["credlink:environment"];
      expect(() => parseStackConfig(config, "credlink", env), file).to.not.throw();
    }
  });

  it("GIVEN each what-if row's plan THEN its only possible mandatory violation is the ceiling (when over it), nothing is unpriced, and its JSON validates", () => {
    for (const row of [...rows("prod"), ...rows("dev"), ...rows("prod-dr")]) {
      const report = get(row.args);
      // Over the ceiling is mandatory in prod and advisory in dev (policy/config/<env>.json): either is a fair what-if.
      const overCeiling = (p: string) => p === "monthly-cost-within-ceiling" && (report.cost.status === "over" || report.cost.totalStatus === "over");
      const mandatory = report.policy.violations.filter((v: any) => v.level === "mandatory" && !overCeiling(v.policy)).map((v: any) => v.policy);
      expect([row.command, mandatory, report.cost.unpriced, schemaErrors(report)]).to.deep.equal([row.command, [], [], []]);
    }
  });

  it("GIVEN dev without its levers THEN it is over both of dev's ceilings, which are advisory in dev: the report says so and nothing fails", () => {
    const without = get(rows("dev")[1].args);
    const verdicts = without.policy.violations.filter((v: any) => v.policy === "monthly-cost-within-ceiling").map((v: any) => v.level);
    expect([dev.cost.status, dev.cost.totalStatus, without.cost.status, without.cost.totalStatus, verdicts]).to.deep.equal(["within", "within", "over", "over", ["advisory", "advisory"]]);
  });

  it("GIVEN the committed prod and its NAT-gateway and Cloudflare variants THEN prod is within both ceilings, and NAT gateways (why prod runs NAT instances) or the Cloudflare edge with the R2 copy would put it over both", () => {
    const statuses = (report: any) => [report.cost.status, report.cost.totalStatus];
    const variant = (file: string) => statuses(get(rows("prod").find((r) => r.command.endsWith(file))!.args));
    expect([statuses(prod), variant("examples/prod-nat-gateways.yaml"), variant("examples/prod-cloudflare.yaml")]).to.deep.equal([
      ["within", "within"],
      ["over", "over"],
      ["over", "over"],
    ]);
  });

  it("GIVEN every example's plan THEN its totals and every line item are the ones tests/fixtures/cost-pins.json pins (else, if meant: npm run pin:costs)", () => {
    const pins = loadPins().stacks;
    const examples = pinnedRows().filter((row) => row.args.includes("--config-file"));
    const moved = examples.map((row) => ({ example: pinKey(row), diff: pinDiff(costPinOf(row.command, get(row.args)), pins[pinKey(row)]) }));
    expect(moved).to.deep.equal(moved.map((m) => ({ example: m.example, diff: [] })));
  });

  it("GIVEN tests/fixtures/cost-pins.json THEN it pins exactly dev, prod and every example (else: npm run pin:costs)", () => {
    expect(Object.keys(loadPins().stacks).sort()).to.deep.equal(pinnedRows().map(pinKey).sort());
  });

  it("GIVEN the plans THEN every generated block of README.md and docs/ is what npm run docs writes", () => {
    const stale = staleBlocks(docFiles(), get);
    expect(stale, `stale generated blocks: run ${DOCS_COMMAND} and commit the result`).to.deep.equal([]);
  });

  it("GIVEN a prod plan whose baseline moved THEN the README's headline block is stale (the check above catches a changed figure)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const moved = new Map(reports);
    const summary = { ...prod.summary, lines: prod.summary.lines.map((l: string, i: number) => (i === 1 ? l.replace(/\$[\d,.]+/, "$1.00") : l)) };
    moved.set(JSON.stringify(stackArgs("prod")), { ...prod, summary });
    expect(renderBlocks(readme, lookup(moved), "README.md")).to.not.equal(readme);
  });

  it("GIVEN dev and dev without its levers THEN each lever saves money and together they account for the whole difference", () => {
    const now = leverCents(dev);
    const off = leverCents(get(rows("dev")[1].args));
    expect(rows("dev")[1].command).to.equal("npm run -s plan -- --stack dev --config-file examples/dev-without-levers.yaml");
    expect({ other: off.other - now.other, saves: DEV_LEVERS.map((l, i) => [l.name, off.sums[i] > now.sums[i]]) }).to.deep.equal({
      other: 0,
      saves: DEV_LEVERS.map((l) => [l.name, true]),
    });
  });

  it("GIVEN prod's SLO section (the alarm tables of docs/OPERATIONS.md and the runbooks) THEN each alarm shows its own comparison", () => {
    const watches = new Map<string, string>(prod.sections.find((s: any) => s.id === "slo").rows.map((r: string[]) => [r[0], r[3]]));
    expect(["credlink-prod-ops-db-cpu-credits", "credlink-prod-ops-db-free-storage", "credlink-prod-uptime-down", "credlink-prod-ops-db-cpu"].map((n) => watches.get(n))).to.deep.equal([
      "CPUCreditBalance Minimum < 29 (3 of 3 x 5m)",
      "FreeStorageSpace Minimum < 2147483648 (3 of 3 x 5m)",
      "HealthCheckStatus Minimum < 1 (1 of 1 x 1m)",
      "CPUUtilization Average > 80 (3 of 3 x 5m)",
    ]);
  });

  it("GIVEN a what-if row whose baseline moved THEN the rendered table differs", () => {
    const table = rows("prod").map((row) => ({ row, report: get(row.args) }));
    const moved = table.map((t, i) => (i === 0 ? { ...t, report: { ...t.report, cost: { ...t.report.cost, baselineUsd: t.report.cost.baselineUsd + 1 } } } : t));
    expect(renderWhatIf(moved)).to.not.equal(renderWhatIf(table));
  });

  it("GIVEN prod THEN its curve's 1x point is the plan itself, and 100x names the binding cap", () => {
    const [one, ten, hundred] = prod.usageScale.curve;
    expect(one).to.deep.include({ factor: 1, requestsMillions: 1.5, baselineUsd: prod.cost.baselineUsd, usageUsd: prod.cost.usageUsd, totalUsd: prod.cost.totalUsd, steadyTasks: 2, capBinds: false });
    expect([ten.factor, ten.steadyTasks, ten.capBinds]).to.deep.equal([10, 2, false]);
    expect([hundred.factor, hundred.requestsMillions, hundred.steadyTasks, hundred.tasksNeeded, hundred.capBinds]).to.deep.equal([100, 150, 4, 7, true]);
    expect(one.costPerMillionRequestsUsd).to.equal(Math.round(cents(prod.cost.totalUsd) / 1.5) / 100);
    expect(renderCurve(prod)).to.include("**First to stop scaling: the service's `maxCount` cap (4 tasks).**");
  });

  describe("npm run plan -- --stack prod --usage-scale 10", () => {
    it("THEN the JSON validates and carries the factor, 15M requests, the tasks and the per-million cost", () => {
      expect(schemaErrors(tenfold)).to.deep.equal([]);
      expect(tenfold.usageScale).to.deep.include({ factor: 10, requestsMillions: 15, autoscaling: { desiredCount: 2, minCount: 2, maxCount: 4, requestsPerTarget: 500 }, unclassified: [] });
      expect(tenfold.usageScale.tasks).to.deep.include({ steadyTasks: 2, capBinds: false, extraTaskHours: 133 });
      expect(tenfold.usageScale.costPerMillionRequestsUsd).to.equal(Math.round(cents(tenfold.cost.totalUsd) / 15) / 100);
    });

    it("THEN the baseline is unchanged, the totals are the curve's 10x point, and its per-component rows add up to the total", () => {
      const ten = prod.usageScale.curve[1];
      expect([tenfold.cost.baselineUsd, tenfold.cost.usageUsd, tenfold.cost.totalUsd]).to.deep.equal([prod.cost.baselineUsd, ten.usageUsd, ten.totalUsd]);
      expect(tenfold.usageScale.components.reduce((a: number, c: any) => a + cents(c.totalUsd), 0)).to.equal(cents(tenfold.cost.totalUsd));
      expect(tenfold.usageScale.components.map((c: any) => c.component)).to.deep.equal(tenfold.components.map((c: any) => c.component));
    });

    it("THEN the headline says the scale, and the table prints the per-component and per-million-requests section", () => {
      expect(tenfold.summary.lines[4]).to.equal(`Usage scale: 10x usage.yml (15M requests/month, $${tenfold.usageScale.costPerMillionRequestsUsd.toFixed(2)} per million); tasks 2`);
      const section = tenfold.sections.find((s: any) => s.id === "usage-scale");
      expect(section.columns).to.deep.equal(["COMPONENT", "TOTAL", "PER 1M REQUESTS"]);
      expect(section.title).to.equal("Usage at 10x of usage.yml: cost per component and per million requests (15M requests/month)");
    });
  });
});
