/**
 * Amazon Inspector: the account's enablement (in the stack that owns the account baseline only).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoninspector2.html
 */
import { inRegions, place, ServicePermissions } from "./types";

export const inspector2: ServicePermissions = {
  service: "inspector2",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoninspector2.html",
  types: {
    "aws:inspector2/enabler:Enabler": {
      create: ["inspector2:Enable", "inspector2:BatchGetAccountStatus"],
      read: ["inspector2:BatchGetAccountStatus"],
      update: ["inspector2:Enable"],
      breakGlassOnly: ["inspector2:Disable"],
      serviceLinkedRoles: ["inspector2.amazonaws.com", "agentless.inspector2.amazonaws.com"],
    },
  },
  statements: (s, actions) =>
    place("inspector2", actions, [{ sid: "InspectorEnablement", takes: /^inspector2:/, resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }), omit: !s.ownsAccountBaseline }], s),
};
