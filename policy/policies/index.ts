/** Every policy of the pack, in report order. The pack (../index.ts) and the tests both start from this list. */
import type { CredlinkPolicy } from "../lib/rules";
import { awsConstraintPolicies } from "./aws-constraints";
import { costPolicies } from "./cost";
import { encryptionPolicies } from "./encryption";
import { exposurePolicies } from "./exposure";
import { hardeningPolicies } from "./hardening";
import { identityPolicies } from "./identity";
import { privilegePolicies } from "./privilege";
import { loggingPolicies } from "./logging";
import { reliabilityPolicies } from "./reliability";
import { taggingPolicies } from "./tagging";
// Edge security and threat detection.
import { threatDetectionPolicies } from "./threat-detection";
import { wafPolicies } from "./waf";
import { serverlessPolicies } from "./serverless";
// The controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md).
import { accessPolicies } from "./access";
import { edgePolicies } from "./edge";
import { networkPolicies } from "./network";
import { operationsPolicies } from "./operations";
import { recoveryPolicies } from "./recovery";
import { auditPolicies } from "./audit";

export const POLICY_GROUPS = {
  awsConstraints: awsConstraintPolicies,
  encryption: encryptionPolicies,
  exposure: exposurePolicies,
  identity: identityPolicies,
  // What an identity policy or a trust lets a principal make of itself (the CI roles' derived permissions).
  privilege: privilegePolicies,
  hardening: hardeningPolicies,
  logging: loggingPolicies,
  reliability: reliabilityPolicies,
  cost: costPolicies,
  tagging: taggingPolicies,
  // Edge security and threat detection.
  waf: wafPolicies,
  threatDetection: threatDetectionPolicies,
  // The R2 copy's function and queues.
  serverless: serverlessPolicies,
  // The controls this program relies on that no checkov or trivy check covers (POLICY-COVERAGE.md).
  access: accessPolicies,
  edge: edgePolicies,
  network: networkPolicies,
  operations: operationsPolicies,
  recovery: recoveryPolicies,
  // The account's audit trail: multi-region, validated, encrypted, recording the proofs' writes, locked.
  audit: auditPolicies,
} as const;

export type PolicyGroup = keyof typeof POLICY_GROUPS;

export const ALL_POLICIES: CredlinkPolicy[] = Object.values(POLICY_GROUPS).flat();

/** The pack's name: what `pulumi preview --policy-pack` reports and Pulumi Cloud publishes under. */
export const PACK_NAME = "credlink";
