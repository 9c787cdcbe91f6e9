/**
 * IPv4 CIDR arithmetic, and a replica of awsx's `Auto` subnet allocation so the plan, the config validator and the
 * test mocks all agree on which CIDR each subnet gets, before awsx ever runs.
 */

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "10.0.0.0/16"; returns undefined for anything malformed or with host bits set. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if (base % blockSize(prefix) !== 0) return undefined;
  return { base, prefix };
}

/**
 * The ranges a VPC may use: the RFC 1918 private blocks and the RFC 6598 shared address space, which AWS also allows
 * for a VPC (Amazon VPC User Guide, "VPC CIDR blocks": IPv4 VPC CIDR block association restrictions). A publicly
 * routable range would shadow real internet addresses behind the NAT gateways.
 */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base - (inner.base % blockSize(outer.prefix)) === outer.base;
}

/** Whether the block lies entirely inside one of PRIVATE_RANGES. */
export function isPrivateCidr(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((range) => cidrContains(parseCidr(range) as Cidr, cidr));
}

export function formatCidr(cidr: Cidr): string {
  const b = cidr.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${cidr.prefix}`;
}

/** Number of addresses in a block with this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export interface TierSpec {
  readonly name: string;
  readonly cidrMask: number;
}

export interface AzLayout {
  /** Zero-based AZ index. */
  readonly index: number;
  readonly block: string;
  /** Tier name -> subnet CIDR in this AZ. */
  readonly subnets: Readonly<Record<string, string>>;
}

/**
 * Lays out subnets the way awsx's `Auto` strategy does (awsx/ec2/subnetDistributorNew.ts, `getSubnetSpecs`): the VPC
 * is cut into equal per-AZ blocks of `azCidrMask`, and inside each block the tiers are placed in order, each at the next
 * block of its own size after the previous tier (awsx's `nextNetmask`), i.e. aligned to its size.
 * Stricter than awsx: awsx only checks that the tiers' sizes sum to at most the AZ block, so alignment gaps can push
 * the last tier into the next AZ's block; this counts the gaps. Throws with a plain description when a tier does not
 * fit its AZ block or the blocks do not fit the VPC.
 */
export function layoutSubnets(vpcCidr: string, azCount: number, azCidrMask: number, tiers: readonly TierSpec[]): AzLayout[] {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`"${vpcCidr}" is not an IPv4 CIDR block like 10.0.0.0/16`);
  if (azCidrMask < vpc.prefix) {
    throw new Error(`the per-AZ block /${azCidrMask} is larger than the VPC /${vpc.prefix}`);
  }
  const azSize = blockSize(azCidrMask);
  if (azCount * azSize > blockSize(vpc.prefix)) {
    throw new Error(`${azCount} AZ blocks of /${azCidrMask} do not fit in the VPC /${vpc.prefix}`);
  }
  const layouts: AzLayout[] = [];
  for (let index = 0; index < azCount; index++) {
    const azBase = vpc.base + index * azSize;
    let cursor = azBase;
    const subnets: Record<string, string> = {};
    for (const tier of tiers) {
      if (tier.cidrMask < azCidrMask) {
        throw new Error(`the ${tier.name} subnet /${tier.cidrMask} is larger than the per-AZ block /${azCidrMask}`);
      }
      const size = blockSize(tier.cidrMask);
      cursor = Math.ceil((cursor - azBase) / size) * size + azBase;
      subnets[tier.name] = formatCidr({ base: cursor, prefix: tier.cidrMask });
      cursor += size;
    }
    if (cursor > azBase + azSize) {
      const used = tiers.map((t) => `/${t.cidrMask}`).join(" + ");
      throw new Error(`the subnets ${used} need ${cursor - azBase} addresses per AZ, but the per-AZ block /${azCidrMask} has ${azSize}`);
    }
    layouts.push({ index, block: formatCidr({ base: azBase, prefix: azCidrMask }), subnets });
  }
  return layouts;
}
