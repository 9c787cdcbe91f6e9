/**
 * The CIDR planner (components/lib/cidr.ts) and the network's CIDR rules at their boundaries, both sides: the smallest
 * block accepted and the next one refused, an exact fit and one address over, per mask. Pure functions: no program run.
 */
import { expect } from "chai";
import { blockSize, Cidr, cidrContains, formatCidr, isPrivateCidr, layoutSubnets, parseCidr } from "../components/lib/cidr";
import { resolveNetworkArgs, validateNetworkArgs } from "../components/network/network";

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test setup: ${text} does not parse`);
  return parsed;
};

/** Whether laying out `tiers` (masks) in one AZ block of /`azMask` inside 10.0.0.0/16 succeeds. */
const fits = (azMask: number, tiers: readonly number[], azCount = 1, vpc = "10.0.0.0/16"): boolean => {
  try {
    layoutSubnets(vpc, azCount, azMask, tiers.map((mask, i) => ({ name: `t${i}`, cidrMask: mask })));
    return true;
  } catch {
    return false;
  }
};

describe("CIDR planner boundaries: parseCidr", () => {
  it("GIVEN the largest octet (255) and the longest prefix (/32) WHEN parsed THEN both are accepted; 256 and /33 are refused", () => {
    expect([parseCidr("255.255.255.255/32"), parseCidr("10.255.0.0/16"), parseCidr("0.0.0.0/0")]).to.deep.equal([
      { base: 0xffffffff, prefix: 32 },
      { base: (10 * 2 ** 24 + 255 * 2 ** 16) >>> 0, prefix: 16 },
      { base: 0, prefix: 0 },
    ]);
    expect([parseCidr("256.0.0.0/8"), parseCidr("10.0.0.0/33"), parseCidr("10.0.0.256/32")]).to.deep.equal([undefined, undefined, undefined]);
  });

  it("GIVEN host bits WHEN parsed THEN the lowest set bit inside the prefix is accepted and the highest outside it is refused", () => {
    expect([parseCidr("10.0.0.1/32"), parseCidr("10.0.0.2/31"), parseCidr("10.0.0.1/31"), parseCidr("10.0.128.0/17"), parseCidr("10.0.128.0/16")].map((c) => c && formatCidr(c))).to.deep.equal([
      "10.0.0.1/32",
      "10.0.0.2/31",
      undefined,
      "10.0.128.0/17",
      undefined,
    ]);
  });

  it("GIVEN each prefix length WHEN sized THEN a block holds 2^(32 - prefix) addresses", () => {
    expect([blockSize(32), blockSize(28), blockSize(24), blockSize(16), blockSize(0)]).to.deep.equal([1, 16, 256, 65536, 2 ** 32]);
  });
});

describe("CIDR planner boundaries: containment and the private ranges", () => {
  it("GIVEN a block WHEN compared with itself THEN it is inside itself (an exact fit); its parent is not inside it", () => {
    expect([cidrContains(cidr("10.0.0.0/16"), cidr("10.0.0.0/16")), cidrContains(cidr("10.0.0.0/16"), cidr("10.0.0.0/15"))]).to.deep.equal([true, false]);
  });

  it("GIVEN the first and last sub-blocks WHEN compared THEN they are inside; the blocks just outside on either side are not", () => {
    const outer = cidr("10.1.0.0/16");
    expect(["10.1.0.0/24", "10.1.255.0/24", "10.0.255.0/24", "10.2.0.0/24"].map((c) => cidrContains(outer, cidr(c)))).to.deep.equal([true, true, false, false]);
  });

  for (const [range, first, last, before, after] of [
    ["10.0.0.0/8", "10.0.0.0/16", "10.255.0.0/16", "9.255.0.0/16", "11.0.0.0/16"],
    ["172.16.0.0/12", "172.16.0.0/16", "172.31.0.0/16", "172.15.0.0/16", "172.32.0.0/16"],
    ["192.168.0.0/16", "192.168.0.0/24", "192.168.255.0/24", "192.167.255.0/24", "192.169.0.0/24"],
    ["100.64.0.0/10", "100.64.0.0/16", "100.127.0.0/16", "100.63.0.0/16", "100.128.0.0/16"],
  ] as const) {
    it(`GIVEN ${range} WHEN checked THEN the range itself and its first and last blocks are private; the blocks just before and after are not`, () => {
      expect([range, first, last, before, after].map((c) => isPrivateCidr(cidr(c)))).to.deep.equal([true, true, true, false, false]);
    });
  }
});

describe("CIDR planner boundaries: layoutSubnets", () => {
  it("GIVEN a per-AZ block as large as the VPC (one AZ) WHEN laid out THEN it fits; one bit larger is refused", () => {
    expect([fits(16, [24]), fits(15, [24])]).to.deep.equal([true, false]);
    expect(() => layoutSubnets("10.0.0.0/16", 1, 15, [{ name: "a", cidrMask: 24 }])).to.throw("the per-AZ block /15 is larger than the VPC /16");
  });

  it("GIVEN AZ blocks that exactly fill the VPC WHEN laid out THEN they fit; one AZ more is refused", () => {
    expect([fits(18, [24], 4), fits(18, [24], 5), fits(17, [24], 2), fits(17, [24], 3)]).to.deep.equal([true, false, true, false]);
    expect(() => layoutSubnets("10.0.0.0/16", 5, 18, [{ name: "a", cidrMask: 24 }])).to.throw("5 AZ blocks of /18 do not fit in the VPC /16");
  });

  it("GIVEN AZ blocks that exactly fill the VPC WHEN laid out THEN the last AZ's block ends at the VPC's last address", () => {
    const layout = layoutSubnets("10.0.0.0/16", 4, 18, [{ name: "a", cidrMask: 18 }]);
    expect(layout.map((az) => az.block)).to.deep.equal(["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]);
    expect(layout.map((az) => az.subnets.a)).to.deep.equal(["10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]);
  });

  for (let mask = 17; mask <= 28; mask++) {
    it(`GIVEN a /${mask} AZ block WHEN tiers are laid out THEN one /${mask} tier and two /${mask + 1} tiers fit exactly; one /${mask - 1} tier, or two /${mask + 1} and one /29 more, do not`, () => {
      expect({
        oneExact: fits(mask, [mask]),
        oneTooLarge: fits(mask, [mask - 1]),
        twoHalves: fits(mask, [mask + 1, mask + 1]),
        twoHalvesAndOneMore: fits(mask, [mask + 1, mask + 1, 29]),
      }).to.deep.equal({ oneExact: true, oneTooLarge: false, twoHalves: true, twoHalvesAndOneMore: false });
    });
  }

  it("GIVEN a tier as large as its AZ block WHEN laid out THEN it is accepted; one bit larger is refused, naming the tier", () => {
    expect(() => layoutSubnets("10.0.0.0/16", 2, 18, [{ name: "private", cidrMask: 17 }])).to.throw("the private subnet /17 is larger than the per-AZ block /18");
  });

  it("GIVEN a small tier then a large one WHEN laid out THEN the large one is aligned to its size, and the gap counts: /24 + /19 fill a /18 exactly, one /28 more overflows", () => {
    const [az] = layoutSubnets("10.0.0.0/16", 1, 18, [
      { name: "public", cidrMask: 24 },
      { name: "private", cidrMask: 19 },
    ]);
    expect(az.subnets).to.deep.equal({ public: "10.0.0.0/24", private: "10.0.32.0/19" });
    expect(fits(18, [24, 19, 28])).to.equal(false);
    expect(() =>
      layoutSubnets("10.0.0.0/16", 1, 18, [
        { name: "public", cidrMask: 24 },
        { name: "private", cidrMask: 19 },
        { name: "isolated", cidrMask: 28 },
      ]),
    ).to.throw("the subnets /24 + /19 + /28 need 16400 addresses per AZ, but the per-AZ block /18 has 16384");
  });

  it("GIVEN the committed tiers (/24, /20, /24) WHEN laid out in each /18 THEN each subnet starts at the next block of its own size", () => {
    const layout = layoutSubnets("10.30.0.0/16", 2, 18, [
      { name: "public", cidrMask: 24 },
      { name: "private", cidrMask: 20 },
      { name: "isolated", cidrMask: 24 },
    ]);
    expect(layout.map((az) => az.subnets)).to.deep.equal([
      { public: "10.30.0.0/24", private: "10.30.16.0/20", isolated: "10.30.32.0/24" },
      { public: "10.30.64.0/24", private: "10.30.80.0/20", isolated: "10.30.96.0/24" },
    ]);
  });
});

describe("network CIDR rules at their boundaries", () => {
  const problem = (args: Parameters<typeof resolveNetworkArgs>[0]): string | undefined => {
    try {
      validateNetworkArgs(resolveNetworkArgs(args));
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const small = { public: 28, private: 28, isolated: 28 };

  it("GIVEN a /16 VPC and a /24 VPC (the sizes AWS allows) WHEN validated THEN both are accepted; /15 and /25 are refused, naming cidrBlock", () => {
    expect({
      "/16": problem({ cidrBlock: "10.0.0.0/16", region: "us-east-1" }),
      "/24": problem({ cidrBlock: "10.0.0.0/24", region: "us-east-1", subnetMasks: small }),
      "/15": problem({ cidrBlock: "10.0.0.0/15", region: "us-east-1" }),
      "/25": problem({ cidrBlock: "10.0.0.0/25", region: "us-east-1", subnetMasks: small }),
    }).to.deep.equal({
      "/16": undefined,
      "/24": undefined,
      "/15": 'cidrBlock must have a prefix length between /16 and /24 (the sizes AWS allows), got "10.0.0.0/15"',
      "/25": 'cidrBlock must have a prefix length between /16 and /24 (the sizes AWS allows), got "10.0.0.0/25"',
    });
  });

  it("GIVEN subnet masks /28 (the smallest AWS subnet) WHEN validated THEN accepted; /29 is refused, naming the tier", () => {
    expect(problem({ cidrBlock: "10.0.0.0/16", region: "us-east-1", subnetMasks: small })).to.equal(undefined);
    expect(problem({ cidrBlock: "10.0.0.0/16", region: "us-east-1", subnetMasks: { ...small, isolated: 29 } })).to.equal("subnetMasks.isolated must be an integer prefix length from 16 to 28 (AWS subnet sizes), got 29");
  });

  it("GIVEN a /16 subnet mask (the largest AWS allows) WHEN validated THEN the range check accepts it and only the fit refuses it; /15 is out of range", () => {
    expect(problem({ cidrBlock: "10.0.0.0/16", region: "us-east-1", azCount: 1, azCidrMask: 16, subnetMasks: { public: 16, private: 28, isolated: 28 } })).to.match(/^subnetMasks do not fit cidrBlock "10\.0\.0\.0\/16": the subnets \/16 \+ \/28 \+ \/28 need/);
    expect(problem({ cidrBlock: "10.0.0.0/16", region: "us-east-1", subnetMasks: { ...small, public: 15 } })).to.equal("subnetMasks.public must be an integer prefix length from 16 to 28 (AWS subnet sizes), got 15");
  });

  it("GIVEN the last /16 of each private range WHEN validated THEN accepted; the /16 just after it is refused as public", () => {
    for (const ok of ["10.255.0.0/16", "172.31.0.0/16", "192.168.0.0/16", "100.127.0.0/16"]) expect(problem({ cidrBlock: ok, region: "us-east-1" }), ok).to.equal(undefined);
    for (const bad of ["11.0.0.0/16", "172.32.0.0/16", "192.169.0.0/16", "100.128.0.0/16"]) expect(problem({ cidrBlock: bad, region: "us-east-1" }), bad).to.match(/^cidrBlock must be a private range/);
  });
});
