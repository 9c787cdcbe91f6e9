/** `credlink:alerts`: who hears the alarms (`credlink:ops:Alerting`). */
import { z } from "zod";
import { emailProblem, PRINCIPAL_ARN_PATTERN, validateSloArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, stringList, VERBATIM } from "./lib";

/**
 * Who hears the alarms (`credlink:ops:Alerting`): a notify topic and a page topic. The PagerDuty URL is not in this
 * map: it holds the integration key, so it is its own secret key, `credlink:alerts.pagerdutyUrl` (see
 * PAGERDUTY_URL_KEY). Prod needs an email or PagerDuty, or no alarm reaches anyone.
 */
export const alerts = z
  .strictObject({
    /**
     * Subscribed to both SNS topics (notify, and page as a record); each address confirms from the email SNS sends.
     * @accepts email addresses (`name@domain.tld`), no repeats; prod: at least one, or the PagerDuty secret
     */
    emails: stringList("must be a list of email addresses (strings)").default([]),
    /**
     * Where the paging alarms' descriptions point: a repository path or a URL base; `<base>/<alarm>.md`.
     * @accepts a repository path or URL, no trailing `/`
     */
    runbookBase: z.string().default("docs/runbooks"),
    /**
     * The IAM principals (role or user ARNs, `*` allowed) that may subscribe to the alert topics: the identities that
     * deploy the stack. Empty: any principal of this account may (the topic policy denies every other account).
     * @accepts IAM role or user ARNs like `arn:aws:iam::123456789012:role/credlink-admin`
     */
    subscriberPrincipalArns: stringList('must be a list of IAM principal ARNs like "arn:aws:iam::123456789012:role/credlink-admin"').default([]),
  })
  .superRefine((section, ctx) => {
    if (Array.isArray(section.subscriberPrincipalArns)) {
      section.subscriberPrincipalArns.forEach((arn, i) => {
        if (!PRINCIPAL_ARN_PATTERN.test(arn)) {
          ctx.addIssue({ code: "custom", path: ["subscriberPrincipalArns", i], message: `must be an IAM role or user ARN like "arn:aws:iam::123456789012:role/credlink-admin" (* allowed), got "${arn}"`, params: VERBATIM });
        }
      });
    }
    if (Array.isArray(section.emails)) {
      section.emails.forEach((email, i) => {
        const problem = typeof email === "string" ? emailProblem(email) : undefined;
        if (problem) ctx.addIssue({ code: "custom", path: ["emails", i], message: problem, input: email, params: VERBATIM });
      });
      const lower = section.emails.map((e) => String(e).toLowerCase());
      const repeated = lower.find((e, i) => lower.indexOf(e) !== i);
      if (repeated) ctx.addIssue({ code: "custom", path: ["emails"], message: `must not repeat an address (SNS would refuse the second subscription), got "${repeated}" twice`, params: VERBATIM });
    }
    if (typeof section.runbookBase === "string") {
      try {
        validateSloArgs({ targetPercent: 99.9, latencyThresholdMs: 500, runbookBase: section.runbookBase });
      } catch (e) {
        ctx.addIssue({ code: "custom", path: ["runbookBase"], message: (e as Error).message.replace(/^runbookBase /, ""), params: VERBATIM });
      }
    }
  }, ALSO_AFTER_TYPE_ERRORS)
  .prefault({});

/**
 * The PagerDuty Events API integration URL, subscribed (HTTPS) to the page topic: a secret, set with
 * `pulumi config set --secret credlink:alerts.pagerdutyUrl` (a flat key beside the `credlink:alerts` map) before the
 * first `pulumi up`. The program only ever holds it as a secret Output.
 * @accepts **secret** (plain text is refused); `https://events.pagerduty.com/...`
 * @default absent (no PagerDuty)
 */
export const PAGERDUTY_URL_KEY = "alerts.pagerdutyUrl";

/**
 * The dead man's switch on the page topic (`credlink:ops:Alerting` `heartbeatUrl`): the ping URL of an external
 * heartbeat check (healthchecks.io, Dead Man's Snitch, Cronitor) that pages when the pings stop. A heartbeat reaches
 * it through the page topic, its key and EventBridge's grants every few minutes; whoever breaks those breaks it too.
 * A secret (whoever holds the URL can keep the check alive), set with
 * `pulumi config set --secret credlink:alerts.heartbeatUrl`. Runbook: docs/runbooks/heartbeat-missed.md.
 * @accepts **secret** (plain text is refused); an `https://` URL with a public host, not PagerDuty's; prod (the account
 * baseline's stack, whose tamper alerts page through the page topic): required
 * @default absent (no heartbeat)
 */
export const HEARTBEAT_URL_KEY = "alerts.heartbeatUrl";

/**
 * The DR region's page topic's dead man's switch (the DR region's tamper alerts page through it, under a key of its
 * own): a second external check, never the same URL as `credlink:alerts.heartbeatUrl` (one check fed by both regions
 * keeps beating while either is silenced). A secret, set with `pulumi config set --secret
 * credlink:alerts.drHeartbeatUrl`.
 * @accepts **secret** (plain text is refused); an `https://` URL with a public host, not PagerDuty's; only with
 * `credlink:dr.enabled`; prod with the account baseline and DR: required
 * @default absent (no heartbeat in the DR region)
 */
export const DR_HEARTBEAT_URL_KEY = "alerts.drHeartbeatUrl";
