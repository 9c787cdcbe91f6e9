/**
 * CI/CD: the deploy identity's resource types. IAM, its OIDC identity providers included, has no charge
 * ("AWS Identity and Access Management (IAM) is a feature of your AWS account offered at no additional charge":
 * https://aws.amazon.com/iam/pricing/, checked 2026-11-26). The canary's alternate target group and listener rule are
 * already listed free by ./free.ts (included in the ALB's hours and LCUs).
 */
import { free } from "./free";
import type { Pricer } from "./types";

export const cicdPricers: Readonly<Record<string, Pricer>> = {
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": free("IAM OIDC identity providers are free (IAM has no charge)"),
};
