/**
 * WAF: what the web ACL in front of the load balancer must keep, beyond the coverage list's four lines
 * (logging, known bad inputs, has rules, rule actions: exposure.ts and logging.ts). Mandatory everywhere: they only
 * apply where a web ACL exists.
 */
import { CredlinkPolicy, getOr, many, plain, resourceRule, tryGet } from "../lib/rules";
import { T } from "../lib/types";
import { wafRules } from "./exposure";

/** The headers a WAF log must never hold: credentials and session cookies. */
const CREDENTIAL_HEADERS = ["authorization", "cookie"];

export const wafLogsRedactCredentials = resourceRule({
  name: "waf-logging-redacts-credentials",
  // Ours: no checkov/trivy id.
  covers: [],
  description: "WAFv2 logging configurations redact the authorization and cookie headers (credentials never reach the logs).",
  enforcementLevel: "mandatory",
  types: [T.webAclLogging],
  check: (p) => {
    const redacted = many<any>(plain(p.redactedFields)).map((f) => String(getOr(f, ["singleHeader", "name"], "")).toLowerCase());
    const missing = CREDENTIAL_HEADERS.filter((h) => !redacted.includes(h));
    return missing.length ? `redactedFields must redact the header(s) ${missing.join(", ")} (singleHeader)` : undefined;
  },
});

/** The destination's name in a log group, bucket or Firehose ARN; undefined when the ARN is not one of those. */
function destinationName(arn: string): string | undefined {
  return (
    /:log-group:([^:]+)(?::\*)?$/.exec(arn)?.[1] ??
    /^arn:[^:]+:s3:::([^/]+)$/.exec(arn)?.[1] ??
    /:deliverystream\/(.+)$/.exec(arn)?.[1]
  );
}

export const wafLogDestinationPrefixed = resourceRule({
  name: "waf-log-destination-named-aws-waf-logs",
  // Ours: no checkov/trivy id.
  covers: [],
  description: 'WAFv2 log destinations (log group, bucket, Firehose stream) are named "aws-waf-logs-..." (AWS WAF refuses any other name).',
  enforcementLevel: "mandatory",
  types: [T.webAclLogging],
  check: (p) => {
    const destinations = tryGet(p, "logDestinationConfigs");
    if (!destinations.known) return undefined;
    return many<string>(plain(destinations.value))
      .filter((arn) => typeof arn === "string")
      .flatMap((arn) => {
        const name = destinationName(arn);
        return name !== undefined && !name.startsWith("aws-waf-logs-") ? [`logDestinationConfigs: "${name}" must start with "aws-waf-logs-"`] : [];
      });
  },
});

const managedName = (rule: any): string | undefined => rule?.statement?.managedRuleGroupStatement?.name;

export const wafRateLimited = resourceRule({
  name: "waf-rate-limit-per-ip",
  // Ours: no checkov/trivy id.
  covers: [],
  description: "WAFv2 web ACLs have a rate-based rule per client IP that blocks.",
  enforcementLevel: "mandatory",
  types: [T.webAcl],
  check: (p) => {
    const rate = wafRules(p).find((r) => r?.statement?.rateBasedStatement);
    if (!rate) return "rules must include a rate-based rule (rateBasedStatement) per client IP";
    if (rate.action?.block === undefined) return `the rate-based rule ${rate.name} must block`;
    return undefined;
  },
});

const SIZE_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body";

/** Whether a statement (or one nested in and/or) matches the label. */
function matchesLabel(statement: any, key: string): boolean {
  if (!statement) return false;
  if (statement.labelMatchStatement?.key === key) return true;
  return many<any>(statement.andStatement?.statements).some((s) => matchesLabel(s, key));
}

export const wafBodySizeStillEnforced = resourceRule({
  name: "waf-body-size-limit-enforced",
  // Ours: no checkov/trivy id.
  covers: [],
  description:
    "When the core rule set's SizeRestrictions_BODY is overridden to count, a later rule blocks requests with its label (outside the upload paths), so bodies over 8 KB are not let through everywhere.",
  enforcementLevel: "mandatory",
  types: [T.webAcl],
  check: (p) => {
    const rules = wafRules(p);
    const crs = rules.find((r) => managedName(r) === "AWSManagedRulesCommonRuleSet");
    if (!crs) return undefined;
    const overrides = many<any>(crs.statement.managedRuleGroupStatement.ruleActionOverrides);
    const counted = overrides.some((o) => o?.name === "SizeRestrictions_BODY" && o?.actionToUse?.count !== undefined);
    if (!counted) return undefined;
    const blocker = rules.find((r) => r.action?.block !== undefined && Number(r.priority) > Number(crs.priority) && matchesLabel(r.statement, SIZE_LABEL));
    return blocker ? undefined : `SizeRestrictions_BODY counts, but no later rule blocks the label ${SIZE_LABEL}: every path accepts bodies WAF cannot inspect`;
  },
});

export const wafPolicies: CredlinkPolicy[] = [wafLogsRedactCredentials, wafLogDestinationPrefixed, wafRateLimited, wafBodySizeStillEnforced];
