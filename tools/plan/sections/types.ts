import { Recorder } from "../../offline/mocks";
import type { PlanProfile } from "../profile";
import { AvailabilityFacts, ComponentCost, CostFacts, CostLine, Money, PlanResource, PolicyFacts, RecoveryFacts, ReportSection, UsageScaleFacts } from "../report";

/** What a section builder gets: the stack, the registrations as recorded, and the report rows built from them. */
export interface SectionContext {
  readonly stack: string;
  readonly region: string;
  /**
   * Which environment's policy config, usage profile and ceiling the stack takes (its config, not its name). The plan
   * always sets it; a section built directly (a test) without one takes the profile of an environment named as the stack.
   */
  readonly profile?: PlanProfile;
  readonly recorder: Recorder;
  readonly resources: readonly Omit<PlanResource, "cost">[];
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Per registration ("type::name"), the URNs each input property depends on, as the engine gives stack policies. */
  readonly propertyDependencies?: ReadonlyMap<string, Record<string, string[]>>;
  /** --usage-scale (1 = usage.yml as committed). */
  readonly usageScale?: number;
}

export interface SectionResult {
  readonly sections: readonly ReportSection[];
  /** Problems that must fail the plan (non-zero exit), e.g. a mandatory policy violation. */
  readonly failures?: readonly string[];
  readonly warnings?: readonly string[];
  /** Structured results the report carries as data (JSON numbers), beside the display tables. */
  readonly facts?: {
    readonly cost: CostFacts;
    readonly components: readonly ComponentCost[];
    readonly lineItems: readonly CostLine[];
    /** Per resource URN, its own monthly cost. */
    readonly resourceCosts: ReadonlyMap<string, Money>;
    readonly availability: AvailabilityFacts;
    readonly policy: PolicyFacts;
    /** The usage scale, cost per million requests and the cost curve. */
    readonly usageScale?: UsageScaleFacts;
  };
  /** RPO/RTO per data store, carried in the JSON as `recovery`. */
  readonly recovery?: RecoveryFacts;
}

export type SectionBuilder = (ctx: SectionContext) => SectionResult | Promise<SectionResult>;
