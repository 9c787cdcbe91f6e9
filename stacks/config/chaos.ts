/** `credlink:chaos`: the FIS experiments (`credlink:recovery:Chaos`). */
import { z } from "zod";

/** Chaos experiments (`credlink:recovery:Chaos`): on in prod, on demand elsewhere. */
export const chaos = z
  .strictObject({
    /**
     * Create the FIS experiment templates (they do nothing until someone starts one).
     * @accepts `true` needs `credlink:database.multiAz` (the failover experiment needs a standby), a cache replica
     * (the cache experiment fails over to it) and `credlink:ops.level` full (the experiments stop on the
     * service-degraded alarm)
     */
    enabled: z.boolean().default(false),
  })
  .prefault({});
