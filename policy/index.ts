/**
 * CredLink's CrossGuard policy pack. This file only constructs the pack: the policies live in policies/*.ts.
 * Run it with: pulumi preview --policy-pack policy --policy-pack-config policy/config/<env>.json
 * (Never import this file from a test: `new PolicyPack` starts a gRPC server and may call process.exit.)
 */
import { PolicyPack } from "@pulumi/policy";
import { ALL_POLICIES, PACK_NAME } from "./policies";

new PolicyPack(PACK_NAME, {
  description: "CredLink: encryption, exposure, identity, hardening, logging, reliability, tagging and cost rules for the AWS stack.",
  provider: "aws",
  tags: ["aws", "credlink", "cost"],
  enforcementLevel: "advisory",
  // `covers` is our own metadata for the README; the SDK would send unknown fields on, so strip it.
  policies: ALL_POLICIES.map(({ covers: _covers, ...policy }) => policy),
});
