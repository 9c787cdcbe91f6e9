/**
 * What every part of the program reads: the validated stack config, the providers, and the names more than one part
 * must agree on (a key policy names a log group before the component that creates it exists).
 */
import * as pulumi from "@pulumi/pulumi";
import { KeyAdministrators } from "@credlink/components";
import { StackConfig } from "../config";
import { Providers } from "../providers";

export interface StackContext {
  readonly cfg: StackConfig;
  readonly providers: Providers;
  /** `<project>-<stack>`: every component's name starts with it. */
  readonly base: string;
  /** The FIS experiments' component name: the shared key's and the vault key's policies name its log group. */
  readonly chaosName: string;
  /** The WAF's log group (AWS requires the `aws-waf-logs-` prefix): the shared key's policy names it. */
  readonly wafLogGroupName: string;
  /**
   * Stateful resources (DB instance, replication group, buckets, keys) are protected and retained in prod only; each
   * component applies it to those children alone, so security groups and parameter groups stay replaceable.
   */
  readonly protectData: boolean;
  /**
   * Who administers every key the stack creates: the account's break-glass role and the stack's deploy role (set once
   * the deploy identity exists: stacks/index.ts builds it first). Undefined fields fall back (lib/kms).
   */
  readonly keyAdministrators?: KeyAdministrators;
}

/** The context once the stack-wide key and the stack's permissions boundary exist. */
export interface Stack extends StackContext {
  /** The shared key every store uses with credlink:kms.keyPerStore false; undefined with one key per store. */
  readonly kmsKeyArn?: pulumi.Output<string>;
  /**
   * The stack's permissions boundary (DeployIdentity.permissionsBoundaryArn): every part passes it to every component
   * that creates a role. An Output of the policy itself, so each role waits for it (IAM refuses a boundary that does not
   * exist yet).
   */
  readonly permissionsBoundary: pulumi.Output<string>;
}

export function stackContext(cfg: StackConfig, providers: Providers): StackContext {
  const base = `${cfg.project}-${cfg.stack}`;
  return { cfg, providers, base, chaosName: `${base}-chaos`, wafLogGroupName: `aws-waf-logs-${base}`, protectData: cfg.isProd };
}

/**
 * The account's CloudTrail trail's name, when this stack builds it (it owns the account baseline). Fixed, not autonamed:
 * the shared key's and the trail bucket's policies name the trail's ARN before it exists; it starts with the stack's
 * prefix, as the deploy role's cloudtrail permissions require.
 */
export function trailName(s: StackContext): string {
  return `${s.base}-audit`;
}

/** Options for a component in the stack's primary region. */
export function onPrimary(s: StackContext): pulumi.ComponentResourceOptions {
  return { provider: s.providers.primary };
}

/**
 * The AWS WAF stands in front of the load balancer: when the config turns it on and AWS is the edge. With Cloudflare as
 * the edge, Cloudflare's managed WAF replaces it (only Cloudflare reaches the ALB).
 */
export function awsWafEnabled(cfg: StackConfig): boolean {
  return cfg.edge.waf.enabled && cfg.awsEdge;
}

/** credlink:ops.level "full" builds the dashboard, the SLO burn-rate alarms and the tier alarms; "lean" (dev) none. */
export function opsFull(cfg: StackConfig): boolean {
  return cfg.ops.level === "full";
}

/**
 * A failover stack's standby (credlink:dr.standby): the pilot light only, the network, the app tier's security groups
 * and the load balancer with its failover DNS record, deployed ahead of time so that a failover creates none of them.
 */
export function standby(cfg: StackConfig): boolean {
  return cfg.dr.role === "failover" && cfg.dr.standby;
}

/** The DR copies' freshness check's name (parts/recovery.ts): the service's log key names its log group ahead of it. */
export const copyFreshnessName = (s: Stack): string => `${s.base}-copy-freshness`;
