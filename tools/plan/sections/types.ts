import { Recorder } from "../../offline/mocks";
import { PlanResource, ReportSection } from "../report";

/** What a section builder gets: the stack, the registrations as recorded, and the report rows built from them. */
export interface SectionContext {
  readonly stack: string;
  readonly region: string;
  readonly recorder: Recorder;
  readonly resources: readonly PlanResource[];
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Per registration ("type::name"), the URNs each input property depends on, as the engine gives stack policies. */
  readonly propertyDependencies?: ReadonlyMap<string, Record<string, string[]>>;
}

export interface SectionResult {
  readonly sections: readonly ReportSection[];
  /** Problems that must fail the plan (non-zero exit), e.g. a mandatory policy violation. */
  readonly failures?: readonly string[];
  readonly warnings?: readonly string[];
}

export type SectionBuilder = (ctx: SectionContext) => SectionResult | Promise<SectionResult>;
