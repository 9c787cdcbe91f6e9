/** `credlink:dr`: the disaster-recovery region, and the role a stack plays in a regional failover. */
import { z } from "zod";
import { keyOf, regionName, show } from "./lib";

/** A stack's role in a regional failover: the stack that serves and copies out (primary), or the one that stands in. */
export const DR_ROLES = ["primary", "failover"] as const;
export type DrRole = (typeof DR_ROLES)[number];

/**
 * An S3 bucket name Pulumi autonamed from a logical name: the name, "-" and 7 lowercase letters or digits (Pulumi's
 * default autonaming). The failover stack adopts the primary stack's replica buckets by these names.
 */
export const AUTONAMED_BUCKET = /^[a-z0-9][a-z0-9-]{1,52}-[a-z0-9]{7}$/;

/** A KMS key ARN (KMS API reference, key ARN format): `arn:aws:kms:<region>:<account>:key/<uuid>` or `mrk-<hex>`. */
export const KMS_KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/((?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|mrk-[0-9a-f]{32})$/;

/** A Pulumi stack name (Pulumi CLI: letters, digits, `-`, `_`, `.`). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/**
 * What a failover stack adopts from the primary stack instead of creating: the proof replica (its bucket, its access-log
 * bucket and the key that encrypts it), imported as they exist. Fill them once the primary has been deployed, from its
 * outputs (docs/DISASTER-RECOVERY.md, runbook 3, "Prepare").
 */
const adopt = z.strictObject({
  /**
   * The primary's proof replica bucket in this region (its `proofReplicaBucketName` output): imported, with its Object
   * Lock, lifecycle and policy unchanged.
   * @accepts `<project>-<dr.primaryStack>-proofs-replica-` and 7 lowercase letters or digits
   */
  proofBucket: z.string(),
  /**
   * The replica's access-log bucket (the primary's `proofReplicaLogBucketName` output): imported beside it.
   * @accepts `<project>-<dr.primaryStack>-proofs-replica-logs-` and 7 lowercase letters or digits
   */
  proofLogBucket: z.string(),
  /**
   * The key that encrypts the replica (the primary's `proofReplicaKeyArn` output): the service reads and writes with it.
   * @accepts a KMS key ARN in `aws:region` and `credlink:account.id`
   */
  proofKeyArn: z.string().regex(KMS_KEY_ARN, { error: 'must be a KMS key ARN like "arn:aws:kms:us-west-2:123456789012:key/<uuid>"' }),
});

/** The disaster-recovery region, and whether this stack copies out to it or stands in for a stack there. */
export const dr = z.strictObject({
  /**
   * The other region of the pair. A primary stack replicates its proofs, database backups and images to it; a failover
   * stack stands in for the primary stack there, and never writes to it.
   * @accepts like `aws:region`; never `aws:region` (a DR copy in the same region survives nothing a regional outage does)
   */
  region: regionName,
  /**
   * Copy out to `region`: the proof replica, the database's automated backups (point-in-time restore there), the
   * service's images, the backup vault's copies (and the DR-region provider).
   * @accepts prod primary: `true`; a failover stack: `false` (it never copies to the region that is down, nor makes a
   * replica of the replica)
   */
  enabled: z.boolean(),
  /**
   * `primary`: the stack that serves. `failover`: a stack that rebuilds the primary in `region`'s place from its copies
   * (docs/DISASTER-RECOVERY.md, "Fail over to the DR region").
   * @accepts `"primary"` | `"failover"`
   */
  role: z.enum(DR_ROLES).default("primary"),
  /**
   * The failover stack's pilot light (its network, load balancer, certificate and failover DNS record) stands in the DR
   * region ahead of time: the plan's failover RTO counts none of it. Set the same in the primary and the failover stack.
   * @accepts `true` once the failover stack's standby is deployed (`pulumi up --stack <failover> --config-file
   * examples/prod-dr-pilot-light.yaml`)
   */
  pilotLight: z.boolean().default(false),
  /**
   * (failover) Build the pilot light only: the network, the app tier's security groups and the load balancer with its
   * failover DNS record; none of the data, the service or operations.
   * @accepts `true` only with `role` failover
   */
  standby: z.boolean().default(false),
  /**
   * (failover) The stack it stands in for, whose copies it restores: its replicated images are in the repository
   * `<project>-<primaryStack>`.
   * @accepts a stack name; required with `role` failover
   */
  primaryStack: z.string().regex(STACK_NAME, { error: "must be a Pulumi stack name (letters, digits, _ . -)" }).optional(),
  /**
   * (failover) What it adopts from the primary instead of creating.
   * @accepts required with `role` failover unless `standby`
   */
  adopt: adopt.optional(),
});

export type DrConfig = z.output<typeof dr>;

/**
 * The rules that keep a failover stack from writing to the region that is down, or doubling the copies: one "<key>
 * must ..., got ..." line each. Reads the section as parsed (`section`, undefined when it did not), the primary region
 * (`aws:region`, when valid), the environment, the service's image and whether a database restore is configured.
 */
export function drProblems(
  section: DrConfig | undefined,
  ctx: { readonly region?: string; readonly project: string; readonly image?: string; readonly restore: boolean; readonly edgeProvider?: string },
): string[] {
  if (!section) return [];
  const problems: string[] = [];
  const failover = section.role === "failover";
  if (ctx.region !== undefined && section.region === ctx.region) {
    problems.push(
      failover
        ? `${keyOf(["dr", "region"])} must differ from aws:region in a failover stack: it names the region of the stack it stands in for, got ${show(section.region)}`
        : `${keyOf(["dr", "region"])} must differ from aws:region: a DR copy in the same region survives nothing a regional outage does, got ${show(section.region)}`,
    );
  }
  if (!failover) {
    for (const key of ["standby", "primaryStack", "adopt"] as const) {
      const value = section[key];
      if (value !== undefined && value !== false) problems.push(`${keyOf(["dr", key])} needs credlink:dr.role "failover": only a failover stack stands by or adopts a primary's copies, got ${show(value)}`);
    }
    if (ctx.restore) problems.push(`${keyOf(["database", "restore"])} needs credlink:dr.role "failover": a primary stack's database is created, not restored from another stack's replicated backups`);
    return problems;
  }
  if (section.enabled) {
    problems.push(
      `${keyOf(["dr", "enabled"])} must be false in a failover stack (credlink:dr.role "failover"): it would replicate the adopted replica (a replica of the replica) and copy backups to ${section.region}, the region that is down, got true`,
    );
  }
  if (section.primaryStack === undefined) problems.push(`${keyOf(["dr", "primaryStack"])} is required with credlink:dr.role "failover" (the stack whose copies it restores), but it is not set`);
  if (ctx.edgeProvider === "cloudflare") {
    problems.push(
      `${keyOf(["edge", "provider"])} must be "aws" in a failover stack: its DNS failover is a Route 53 failover record pair; with the Cloudflare edge, switch the origin in Cloudflare instead (docs/DISASTER-RECOVERY.md), got "cloudflare"`,
    );
  }
  if (section.standby) return problems;
  if (!ctx.restore) problems.push(`${keyOf(["database", "restore"])} is required in a failover stack unless credlink:dr.standby: the database is restored from the primary's replicated automated backups, not created empty, but it is not set`);
  if (section.adopt === undefined) {
    problems.push(`${keyOf(["dr", "adopt"])} is required in a failover stack unless credlink:dr.standby (proofBucket, proofLogBucket, proofKeyArn: the primary's proof replica), but it is not set`);
  } else if (section.primaryStack !== undefined) {
    const base = `${ctx.project}-${section.primaryStack}-proofs-replica`;
    const names: [keyof typeof section.adopt, string][] = [
      ["proofBucket", base],
      ["proofLogBucket", `${base}-logs`],
    ];
    for (const [key, prefix] of names) {
      const name = section.adopt[key];
      if (!(AUTONAMED_BUCKET.test(name) && name.startsWith(`${prefix}-`) && name.length === prefix.length + 8)) {
        problems.push(`${keyOf(["dr", "adopt", key])} must be the primary's bucket "${prefix}-" and 7 lowercase letters or digits (how Pulumi named it), got ${show(name)}`);
      }
    }
    const keyRegion = KMS_KEY_ARN.exec(section.adopt.proofKeyArn)?.[1];
    if (ctx.region !== undefined && keyRegion !== undefined && keyRegion !== ctx.region) {
      problems.push(`${keyOf(["dr", "adopt", "proofKeyArn"])} must be a key in aws:region ${ctx.region} (the replica's key lives beside it), got one in ${keyRegion}`);
    }
  }
  // The image must come from this region's registry: the primary's is in the region that is down.
  const host = ctx.image ? /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com\/([^:@]+)/.exec(ctx.image) : null;
  if (host && ctx.region !== undefined && section.primaryStack !== undefined) {
    const repository = `${ctx.project}-${section.primaryStack}`;
    if (host[1] !== ctx.region || host[2] !== repository) {
      problems.push(
        `${keyOf(["service", "image"])} must be in this region's replicated repository "${repository}" (<account>.dkr.ecr.${ctx.region}.amazonaws.com/${repository}), not the primary's: a failover stack pulls from the replication's destination, got ${show(ctx.image)}`,
      );
    }
  }
  return problems;
}
