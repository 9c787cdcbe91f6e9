/**
 * The what-if examples are current and valid stack files, the README's what-if table and cost curve are
 * what `npm run whatif` would write (re-run it when this fails), and `npm run plan -- --usage-scale 10` end to end.
 * Plans run as `npm run plan` runs them (child processes); prod's JSON plan is shared with the other plan tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parseStackConfig } from "../stacks/config";
import { loadStackConfig, REPO_ROOT } from "../tools/project";
import { EXAMPLES } from "../tools/whatif/examples";
import { costPinOf, loadPins, pinDiff, pinKey, pinnedRows } from "../tools/plan/cost-pins";
import { PROD_ARGS, README, renderCurve, renderExample, renderReadme, renderWhatIf, replaceBlock, rows, syncExamples } from "../tools/whatif/generate";
import { cents, plan, reportOf, runPlans, schemaErrors } from "./helpers/plan";

describe("what-if examples and the README's generated blocks (npm run whatif)", () => {
  let table: { row: ReturnType<typeof rows>[number]; report: any }[];
  let prod: any;
  let tenfold: any;
  before(async () => {
    const all = rows();
    prod = reportOf(plan(...PROD_ARGS));
    const others = all.filter((r) => r.args !== PROD_ARGS);
    const runs = await runPlans([...others.map((r) => [...r.args]), ["--stack", "prod", "--usage-scale", "10", "--format", "json"]]);
    // A variant may be over the ceiling (exit 3, its report complete): the last test below checks that is all it is.
    const report = (run: (typeof runs)[number]) => reportOf(run, run.status === 3 ? 3 : 0);
    table = all.map((row) => ({ row, report: row.args === PROD_ARGS ? prod : report(runs[others.indexOf(row)]) }));
    tenfold = reportOf(runs[runs.length - 1]);
  });

  it("GIVEN tools/whatif/examples.ts and the stack files THEN every generated example in examples/ is current (else: npm run whatif)", () => {
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

  it("GIVEN every stack file in examples/ THEN it passes the config schema as the environment it names", () => {
    const files = fs.readdirSync(path.join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".yaml"));
    expect(files.length).to.be.greaterThan(0);
    for (const file of files) {
      const { config } = loadStackConfig("prod", REPO_ROOT, path.join(REPO_ROOT, "examples", file));
      const env = config["credlink:environment"];
      expect(() => parseStackConfig(config, "credlink", env), file).to.not.throw();
    }
  });

  it("GIVEN each row's plan THEN its only possible mandatory violation is the ceiling (when over it), nothing is unpriced, and its JSON validates", () => {
    for (const { row, report } of table) {
      const mandatory = report.policy.violations.filter((v: any) => v.level === "mandatory").map((v: any) => v.policy);
      const expected = report.cost.status === "over" ? ["monthly-cost-within-ceiling"] : [];
      expect([row.command, mandatory, report.cost.unpriced, schemaErrors(report)]).to.deep.equal([row.command, expected, [], []]);
    }
  });

  it("GIVEN the committed prod and its NAT-gateway variant THEN prod is within the ceiling and NAT gateways would put it over (why prod runs NAT instances)", () => {
    const status = (file: string) => table.find((t) => t.row.command.endsWith(file))?.report.cost.status;
    expect([prod.cost.status, status("examples/prod-nat-gateways.yaml"), status("examples/prod-cloudflare.yaml")]).to.deep.equal(["within", "over", "within"]);
  });

  it("GIVEN every example's plan THEN its totals and every line item are the ones tests/fixtures/cost-pins.json pins (else, if meant: npm run pin:costs)", () => {
    const pins = loadPins().stacks;
    const moved = table.filter((t) => t.row.args !== PROD_ARGS).map((t) => ({ example: pinKey(t.row), diff: pinDiff(costPinOf(t.row.command, t.report), pins[pinKey(t.row)]) }));
    expect(moved).to.deep.equal(moved.map((m) => ({ example: m.example, diff: [] })));
  });

  it("GIVEN tests/fixtures/cost-pins.json THEN it pins exactly dev, prod and every example (else: npm run pin:costs)", () => {
    expect(Object.keys(loadPins().stacks)).to.deep.equal(pinnedRows().map(pinKey));
  });

  it("GIVEN the plans THEN README.md's what-if table and cost curve are what npm run whatif writes (else: npm run whatif)", () => {
    const readme = fs.readFileSync(README, "utf8");
    expect(renderReadme(readme, table)).to.equal(readme);
  });

  it("GIVEN a what-if row whose baseline moved THEN the rendered table differs (the check above catches a stale README)", () => {
    const moved = table.map((t, i) => (i === 0 ? { ...t, report: { ...t.report, cost: { ...t.report.cost, baselineUsd: t.report.cost.baselineUsd + 1 } } } : t));
    expect(renderWhatIf(moved)).to.not.equal(renderWhatIf(table));
  });

  it("GIVEN a README without the markers THEN the generator says which block is missing", () => {
    expect(() => replaceBlock("# no blocks\n", "whatif", "x")).to.throw("README.md has no <!-- whatif:begin --> ... <!-- whatif:end --> block");
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
      expect(tenfold.usageScale.tasks).to.deep.include({ steadyTasks: 2, capBinds: false, extraTaskHours: 1000 });
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
