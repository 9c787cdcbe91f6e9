/**
 * The sizes AWS offers in each instance family this package allows, for the "did you mean" of a mistyped class
 * (`db.t4g.mirco`): a regular expression accepts any size word, AWS accepts only these.
 * - RDS for PostgreSQL: Amazon RDS User Guide, "Supported DB engines for DB instance classes" and "Hardware
 *   specifications for DB instance classes" (db.t4g and db.t3: micro to 2xlarge; db.m7g, db.m6g, db.r7g, db.r6g: large
 *   to 16xlarge; db.m6i, db.r6i: large to 32xlarge).
 * - ElastiCache: Amazon ElastiCache User Guide, "Supported node types" (cache.t4g and cache.t3: micro to medium;
 *   cache.m7g, cache.m6g, cache.r7g, cache.r6g: large to 16xlarge).
 */
const BURSTABLE_DB = ["micro", "small", "medium", "large", "xlarge", "2xlarge"] as const;
const GRAVITON = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"] as const;
const INTEL = [...GRAVITON, "24xlarge", "32xlarge"] as const;
const BURSTABLE_CACHE = ["micro", "small", "medium"] as const;

export const DB_INSTANCE_SIZES: Readonly<Record<string, readonly string[]>> = {
  t4g: BURSTABLE_DB,
  t3: BURSTABLE_DB,
  m7g: GRAVITON,
  m6g: GRAVITON,
  m6i: INTEL,
  r7g: GRAVITON,
  r6g: GRAVITON,
  r6i: INTEL,
};

export const CACHE_NODE_SIZES: Readonly<Record<string, readonly string[]>> = {
  t4g: BURSTABLE_CACHE,
  t3: BURSTABLE_CACHE,
  m7g: GRAVITON,
  m6g: GRAVITON,
  r7g: GRAVITON,
  r6g: GRAVITON,
};

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The offered size nearest `size` (a typo: at most two edits), or undefined. */
export function nearestSize(size: string, sizes: readonly string[]): string | undefined {
  const best = sizes.map((s) => ({ s, d: distance(size.toLowerCase(), s) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.s : undefined;
}

/**
 * The problem with a class or node type `<prefix>.<family>.<size>` whose family is allowed but whose size AWS doesn't
 * offer in it, naming the family's sizes and the nearest one; undefined when the size exists.
 */
export function sizeProblem(value: string, prefix: string, family: string, size: string, table: Readonly<Record<string, readonly string[]>>, what: string): string | undefined {
  const sizes = table[family];
  if (!sizes || sizes.includes(size)) return undefined;
  const near = nearestSize(size, sizes);
  return `must be a size ${what} offers in the ${prefix}.${family} family: ${sizes.map((s) => `${prefix}.${family}.${s}`).join(", ")}${near ? ` (did you mean "${prefix}.${family}.${near}"?)` : ""}, got "${value}"`;
}
