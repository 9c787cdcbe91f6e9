/**
 * CI/CD (issue 13): the deploy identity's resource types. IAM, its OIDC identity providers included, has no charge
 * ("AWS Identity and Access Management (IAM) is a feature of your AWS account offered at no additional charge":
 * https://aws.amazon.com/iam/pricing/, checked 2026-11-26). The canary's alternate target group and listener rule are
 * already listed free by estimateCost (included in the ALB's hours and LCUs).
 */
import type { Pricer } from "./types";

const free = (what: string): Pricer => (r, ctx) => ctx.push(r, r.type.split(":").pop() ?? r.type, 0, 0, `free: ${what}`, "free");

export const CICD_PRICERS: Readonly<Record<string, Pricer>> = {
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": free("IAM OIDC identity providers are free (IAM has no charge)"),
};
