/** `credlink:kms`: the customer managed keys the stores are encrypted with. */
import { z } from "zod";
import { integer } from "./lib";

/**
 * The customer managed KMS keys that encrypt the stores (database, cache, proofs, logs, backups).
 */
export const kms = z
  .strictObject({
    /**
     * Days a scheduled KMS key deletion waits before it completes.
     * @accepts prod: 30 (the longest window to cancel a mistaken key deletion)
     */
    deletionWindowDays: integer(7, 30).default(30),
    /**
     * `false`: one shared customer managed key for the whole stack (one key-month instead of one per store) of one per store, a cost lever
     * for dev (see "Dev cost levers").
     * @accepts prod: `true` (a key per store keeps each store's key policy, and a mistake in it, to that store)
     */
    keyPerStore: z.boolean().default(true),
  })
  .prefault({});
