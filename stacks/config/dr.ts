/** `credlink:dr`: the disaster-recovery region. */
import { z } from "zod";
import { regionName } from "./lib";

/** The disaster-recovery region, where the proof bucket is replicated. */
export const dr = z.strictObject({
  /**
   * The disaster-recovery region the proofs are replicated to.
   * @accepts like `aws:region`; not `aws:region` when `dr.enabled` (a DR copy in the same region survives nothing a
   * regional outage does)
   */
  region: regionName,
  /**
   * Replicate the proof bucket to `region` (and create the DR-region provider).
   * @accepts prod: `true`
   */
  enabled: z.boolean(),
});
