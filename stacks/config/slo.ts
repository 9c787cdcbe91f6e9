/** `credlink:slo`: the availability SLO (`credlink:ops:Slo`). */
import { z } from "zod";
import { resolveSloArgs, validateSloArgs } from "@credlink/components";
import { ALSO_AFTER_TYPE_ERRORS, validatedBy } from "./lib";

/**
 * The availability SLO (`credlink:ops:Slo`): good requests at the load balancer over all requests, watched by the
 * burn-rate alarms (see "Alerting and the SLO").
 */
export const slo = z
  .strictObject({
    /**
     * Availability objective: percent of the load balancer's requests that must be good (not 5xx, under
     * latencyThresholdMs).
     * @accepts 90-99.99
     */
    targetPercent: z.number().default(99.9),
    /**
     * A request slower than this at the target counts as bad.
     * @accepts 1-60000
     */
    latencyThresholdMs: z.int().default(500),
  })
  .superRefine(validatedBy((s) => validateSloArgs(resolveSloArgs({ loadBalancerArnSuffix: "", pageTopicArn: "", notifyTopicArn: "", ...s }))), ALSO_AFTER_TYPE_ERRORS)
  .prefault({});
