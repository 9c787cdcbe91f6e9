/**
 * The account baseline: whether this stack owns the account-level singletons (GuardDuty, Inspector, ECR
 * registry scanning, cost allocation tags, Security Hub), and what it creates. Exactly one stack per account owns them
 * (`credlink:account.baseline`); the plan can't see the other stack, so the row says which one should.
 */
import { SectionBuilder } from "./types";

/**
 * What the plan says while no cost allocation tag is activated: Cost Explorer refuses a key it has not yet seen in
 * billing data (about a day after first use) and any activation from an Organizations member account.
 */
export const COST_TAGS_INACTIVE =
  "credlink:account.activateCostAllocationTags is false: turn it on a day after the first up (from the management/payer account in an organization); until the tags are active the budget's tag filter and the anomaly monitor count nothing";

export const accountBaseline: SectionBuilder = ({ recorder }) => {
  const detector = recorder.ofType("aws:guardduty/detector:Detector")[0];
  const rows: string[][] = [];
  if (!detector) {
    rows.push(["owner", "no", "another stack in this account owns the baseline (credlink:account.baseline: true there; prod by default)"]);
  } else {
    const feature = recorder.ofType("aws:guardduty/detectorFeature:DetectorFeature")[0];
    const agent = (feature?.inputs.additionalConfigurations ?? []).map((c: any) => `${c.name} ${c.status}`).join(", ");
    const scanning = recorder.ofType("aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration")[0];
    const filters = (scanning?.inputs.rules ?? []).flatMap((r: any) => (r.repositoryFilters ?? []).map((f: any) => f.filter));
    // The baseline's own findings routes (the tamper alerts' are listed with the trail below), the primary region's and
    // the DR region's own (`-dr-` in the name).
    const routes = recorder
      .ofType("aws:cloudwatch/eventRule:EventRule")
      .filter((r) => r.parent === detector.parent)
      .map((r) => /-(dr-)?(guardduty)-(.+)$/.exec(r.name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ dr: m[1] !== undefined, text: `${m[2]} ${m[3]}` }));
    const listed = (dr: boolean) => routes.filter((r) => r.dr === dr).map((r) => r.text).join(", ");
    const drRoutes = listed(true);
    rows.push(["owner", "yes", "the dev stack must set credlink:account.baseline: false if it shares this account"]);
    rows.push([
      "GuardDuty",
      detector.name,
      `${feature ? `${feature.inputs.name} ${feature.inputs.status}; ${agent}` : "no runtime monitoring"}; findings: ${listed(false)}${drRoutes ? `; in the DR region, to its own topics: ${drRoutes}` : ""}`,
    ]);
    rows.push(["Inspector + ECR", scanning?.inputs.scanType ?? "-", `${scanning?.inputs.rules?.[0]?.scanFrequency ?? ""} for ${filters.join(", ")}; critical findings notify`]);
    const activated = recorder.ofType("aws:costexplorer/costAllocationTag:CostAllocationTag").map((t) => t.inputs.tagKey);
    rows.push(
      activated.length > 0
        ? ["cost allocation tags", "Active", activated.join(", ")]
        : ["cost allocation tags", "not activated", COST_TAGS_INACTIVE],
    );
    const optIn = recorder.ofType("aws:backup/regionSettings:RegionSettings");
    rows.push(["Backup opt-in", optIn.length ? `${optIn.length} region(s)` : "-", "RDS and S3 (every documented type) opted in to AWS Backup in each region with a vault"]);
    rows.push(["Security Hub", recorder.ofType("aws:securityhub/account:Account").length ? "on" : "off", "AWS Foundational Security Best Practices when on (credlink:account.securityHub)"]);
    rows.push(...auditRows(recorder));
  }
  return { sections: [{ id: "account-baseline", title: "Account baseline: the account-level singletons", columns: ["ITEM", "THIS STACK", "SETTINGS"], rows }] };
};

/** The account's trail (credlink:audit:Trail) and its tamper alerts, built by the baseline's owner: what it keeps, how locked, where it pages. */
function auditRows(recorder: Parameters<SectionBuilder>[0]["recorder"]): string[][] {
  const trail = recorder.ofType("aws:cloudtrail/trail:Trail")[0];
  if (!trail) return [["CloudTrail", "-", "no trail in this stack (credlink:audit: the baseline's owner builds it)"]];
  const bucketParent = recorder.all.find((r) => r.urn === trail.parent);
  const lock = recorder.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").find((l) => l.parent === bucketParent?.urn);
  const expiry = recorder.ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").find((l) => l.parent === bucketParent?.urn && l.name === trail.name)?.inputs.rules?.[0]?.expiration?.days;
  const retention = lock?.inputs.rule?.defaultRetention;
  const selectors: any[] = trail.inputs.advancedEventSelectors ?? [];
  const data = selectors.filter((s) => (s.fieldSelectors ?? []).some((f: any) => f.field === "eventCategory" && (f.equals ?? []).includes("Data"))).map((s) => s.name);
  const settings = [
    trail.inputs.isMultiRegionTrail ? "multi-region" : "ONE REGION",
    trail.inputs.enableLogFileValidation ? "log file validation" : "NO log file validation",
    trail.inputs.kmsKeyId ? "KMS key" : "NO KMS key",
    retention ? `Object Lock ${retention.mode} ${retention.days} days` : "no Object Lock",
    expiry ? `logs kept ${expiry} days` : "logs kept forever",
    `data events: ${data.length ? data.join("; ") : "none"}`,
  ];
  const rules = recorder.ofType("aws:cloudwatch/eventRule:EventRule").filter((r) => recorder.all.find((c) => c.urn === r.parent)?.type === "credlink:audit:TamperAlerts");
  const regions = [...new Set(rules.map((r) => recorder.all.find((c) => c.urn === r.parent)?.name))].length;
  return [
    ["CloudTrail", trail.inputs.name, settings.join(", ")],
    rules.length
      ? ["tamper alerts", `${rules.length} rules`, `page on key, proof-bucket, IAM, root, trail, backup, GuardDuty and alerting tampering, in ${regions} region(s) (docs/runbooks/audit-*.md)`]
      : ["tamper alerts", "none", "credlink:audit.tamperAlerts false: the trail records every event, nothing pages on them"],
  ];
}
