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
