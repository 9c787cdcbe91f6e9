import { PropValue } from "../report";

/** A resource as the summarizer sees it: its inputs as registered, and the state the mocks returned. */
export interface SummaryInput {
  readonly type: string;
  readonly inputs: Record<string, any>;
  readonly state: Record<string, any>;
  /** The logical name of the resource with this physical id (or ARN), when the stack has one. */
  readonly nameOfId?: (id: string) => string | undefined;
}

/** Turns one resource type's inputs into the few properties worth showing in the plan. */
export type Summarizer = (r: SummaryInput) => Record<string, PropValue | undefined>;
