/** `credlink:ops`: how much of the operations tier the stack builds. */
import { z } from "zod";

/** The operations levels: "full" builds the dashboard, the SLO's burn-rate alarms and the tier alarms; "lean" does not. */
export const OPS_LEVELS = ["full", "lean"] as const;

/** How much of the operations tier the stack builds (see "Dev cost levers"). */
export const ops = z
  .strictObject({
    /**
     * "full": the dashboard (credlink:ops:Dashboard), the SLO's burn-rate and composite alarms (credlink:ops:Slo) and
     * the tier alarms (credlink:ops:Alarms). "lean" (dev, which pages nobody) builds none of the three (dev's saving is
     * in docs/COST.md, "Dev cost levers"); the alert topics, the Service's deployment alarms (they drive the automatic rollback), the uptime check,
     * the budgets and the recovery notifications stay either way.
     * @accepts prod: `"full"` (the burn-rate alarms are the one page for users failing); `"lean"` refuses
     * `chaos.enabled`
     */
    level: z.enum(OPS_LEVELS).default("full"),
  })
  .prefault({});
