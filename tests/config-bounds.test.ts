/**
 * The numeric config bounds the configuration reference states in words rather than as "N-M" (those are probed by
 * tests/config-reference.test.ts): bounds relative to another key, sets of allowed values, "positive", whole cents.
 * Each on both sides: the limit itself is accepted, one step past it is refused naming the key. Config parses only.
 */
import { expect } from "chai";
import { LOG_RETENTION_DAYS } from "../components/network/network";
import { ConfigError, parseStackConfig } from "../stacks/config";
import { stackConfig } from "../tools/offline/program";

/** The problems naming `key` when `stack`'s committed config is patched ([] when none names it). */
function problemsOf(stack: "dev" | "prod", patch: Record<string, unknown>, key: string): string[] {
  try {
    parseStackConfig(stackConfig(stack, patch), "credlink", stack);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.filter((p) => p.startsWith(`${key} `));
  }
}

/** Both sides of one bound: `accepted` parses with no problem naming `key`, each of `refused` has one. */
interface Bound {
  readonly key: string;
  readonly stack: "dev" | "prod";
  readonly what: string;
  readonly accepted: readonly Record<string, unknown>[];
  readonly refused: readonly Record<string, unknown>[];
}

const BOUNDS: readonly Bound[] = [
  {
    key: "credlink:database.maxAllocatedStorageGb",
    stack: "dev",
    what: "from allocatedStorageGb to 65536",
    accepted: [{ "credlink:database": { allocatedStorageGb: 40, maxAllocatedStorageGb: 40 } }, { "credlink:database": { maxAllocatedStorageGb: 65536 } }],
    refused: [{ "credlink:database": { allocatedStorageGb: 40, maxAllocatedStorageGb: 39 } }, { "credlink:database": { maxAllocatedStorageGb: 65537 } }],
  },
  {
    key: "credlink:proofs.noncurrentExpirationDays",
    stack: "dev",
    what: "greater than noncurrentTransitionDays, at most 36500",
    accepted: [{ "credlink:proofs": { noncurrentTransitionDays: 30, noncurrentExpirationDays: 31 } }, { "credlink:proofs": { noncurrentExpirationDays: 36500 } }],
    refused: [{ "credlink:proofs": { noncurrentTransitionDays: 30, noncurrentExpirationDays: 30 } }, { "credlink:proofs": { noncurrentExpirationDays: 36501 } }],
  },
  {
    key: "credlink:proofs.noncurrentExpirationDays",
    stack: "prod",
    what: "at least objectLockRetentionDays (365 in prod)",
    accepted: [{ "credlink:proofs": { noncurrentExpirationDays: 365 } }],
    refused: [{ "credlink:proofs": { noncurrentExpirationDays: 364 } }],
  },
  {
    key: "credlink:service.desiredCount",
    stack: "prod",
    what: "from minCount to maxCount",
    accepted: [{ "credlink:service": { minCount: 2, desiredCount: 2, maxCount: 4 } }, { "credlink:service": { minCount: 2, desiredCount: 4, maxCount: 4 } }],
    refused: [{ "credlink:service": { minCount: 3, desiredCount: 2, maxCount: 4 } }, { "credlink:service": { minCount: 2, desiredCount: 5, maxCount: 4 } }],
  },
  {
    key: "credlink:service.maxCount",
    stack: "dev",
    what: "from minCount to 100",
    accepted: [{ "credlink:service": { minCount: 1, desiredCount: 1, maxCount: 1 } }, { "credlink:service": { maxCount: 100 } }],
    refused: [{ "credlink:service": { minCount: 2, desiredCount: 2, maxCount: 1 } }, { "credlink:service": { maxCount: 101 } }],
  },
  {
    key: "credlink:cost.anomalyThresholdUsd",
    stack: "dev",
    what: "more than 0, at most 100000, whole cents",
    accepted: [{ "credlink:cost": { anomalyThresholdUsd: 0.01 } }, { "credlink:cost": { anomalyThresholdUsd: 100000 } }, { "credlink:cost": { anomalyThresholdUsd: 12.34 } }],
    refused: [{ "credlink:cost": { anomalyThresholdUsd: 0 } }, { "credlink:cost": { anomalyThresholdUsd: 100000.01 } }, { "credlink:cost": { anomalyThresholdUsd: 0.001 } }],
  },
  {
    key: "credlink:backup.vaultLockMaxDays",
    stack: "prod",
    what: "from vaultLockMinDays to 36500",
    accepted: [{ "credlink:backup": { vaultLockMinDays: 35, vaultLockMaxDays: 35 } }, { "credlink:backup": { vaultLockMaxDays: 36500 } }],
    refused: [{ "credlink:backup": { vaultLockMinDays: 35, vaultLockMaxDays: 34 } }, { "credlink:backup": { vaultLockMaxDays: 36501 } }],
  },
  {
    key: "credlink:backup.dailyRetentionDays",
    stack: "prod",
    what: "within the vault lock (7 to 365 in prod)",
    accepted: [{ "credlink:backup": { dailyRetentionDays: 7 } }, { "credlink:backup": { dailyRetentionDays: 365 } }],
    refused: [{ "credlink:backup": { dailyRetentionDays: 6 } }, { "credlink:backup": { dailyRetentionDays: 366 } }],
  },
  {
    key: "credlink:edge.waf.rateWindowSec",
    stack: "prod",
    what: "60, 120, 300 or 600",
    accepted: [60, 120, 300, 600].map((s) => ({ "credlink:edge": { waf: { rateWindowSec: s } } })),
    refused: [59, 61, 599, 601].map((s) => ({ "credlink:edge": { waf: { rateWindowSec: s } } })),
  },
  {
    key: "credlink:edge.waf.blockedRequestsAlarmThreshold",
    stack: "prod",
    what: "a positive integer",
    accepted: [{ "credlink:edge": { waf: { blockedRequestsAlarmThreshold: 1 } } }],
    refused: [{ "credlink:edge": { waf: { blockedRequestsAlarmThreshold: 0 } } }],
  },
  {
    key: "credlink:service.memory",
    stack: "dev",
    what: "a Fargate memory size for cpu 256 (512-2048 MiB in steps of 1024 from 1024)",
    accepted: [512, 1024, 2048].map((memory) => ({ "credlink:service": { cpu: 256, memory } })),
    refused: [511, 513, 1536, 3072].map((memory) => ({ "credlink:service": { cpu: 256, memory } })),
  },
  {
    key: "credlink:tags.costCenter",
    stack: "dev",
    what: "1-64 characters",
    accepted: [{ "credlink:tags": { costCenter: "c" } }, { "credlink:tags": { costCenter: `c${"x".repeat(63)}` } }],
    refused: [{ "credlink:tags": { costCenter: "" } }, { "credlink:tags": { costCenter: `c${"x".repeat(64)}` } }],
  },
];

/** The keys whose value must be a CloudWatch Logs retention, with a patch setting one. */
const RETENTION_KEYS: Readonly<Record<string, (days: number) => Record<string, unknown>>> = {
  "credlink:network.flowLogRetentionDays": (days) => ({ "credlink:network": { flowLogRetentionDays: days } }),
  "credlink:database.logRetentionDays": (days) => ({ "credlink:database": { logRetentionDays: days } }),
  "credlink:service.logRetentionDays": (days) => ({ "credlink:service": { logRetentionDays: days } }),
  "credlink:edge.waf.logRetentionDays": (days) => ({ "credlink:edge": { waf: { logRetentionDays: days } } }),
};

describe("config bounds stated in words, on both sides", () => {
  for (const bound of BOUNDS) {
    it(`GIVEN ${bound.key} (${bound.what}) in ${bound.stack} WHEN each limit is set THEN it is accepted, and one step past it is refused naming the key`, () => {
      expect({
        accepted: bound.accepted.map((patch) => problemsOf(bound.stack, patch, bound.key)),
        refused: bound.refused.map((patch) => problemsOf(bound.stack, patch, bound.key).length),
      }).to.deep.equal({ accepted: bound.accepted.map(() => []), refused: bound.refused.map(() => 1) });
    });
  }

  for (const [key, patch] of Object.entries(RETENTION_KEYS)) {
    it(`GIVEN ${key} WHEN set to each CloudWatch Logs retention THEN each is accepted; the days just beside them are refused`, () => {
      const neighbours = [...new Set(LOG_RETENTION_DAYS.flatMap((d) => [d - 1, d + 1]))].filter((d) => d > 0 && !(LOG_RETENTION_DAYS as readonly number[]).includes(d));
      expect({
        accepted: LOG_RETENTION_DAYS.filter((d) => problemsOf("dev", patch(d), key).length > 0),
        refused: neighbours.filter((d) => problemsOf("dev", patch(d), key).length === 0),
      }).to.deep.equal({ accepted: [], refused: [] });
    });
  }

  it("GIVEN the retentions CloudWatch Logs accepts WHEN listed THEN they are exactly the API's values (1 day to 10 years)", () => {
    expect(LOG_RETENTION_DAYS).to.deep.equal([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
  });
});
