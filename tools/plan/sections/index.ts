/**
 * The report's sections, in order. Each capability adds its builder here (cost, availability, policy verdicts).
 */
import { accountBaseline } from "./account-baseline";
import { costAndPolicy } from "./cost";
import { networkLayout } from "./network";
import { requestPath } from "./request-path";
import { sloSection } from "./slo";
import { recoverySection } from "./recovery";
import { SectionBuilder } from "./types";

export type { SectionBuilder, SectionContext, SectionResult } from "./types";

export const SECTION_BUILDERS: readonly SectionBuilder[] = [networkLayout, requestPath, sloSection, accountBaseline, costAndPolicy, recoverySection];
