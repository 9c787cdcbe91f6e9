/**
 * AWS Fault Injection Service: the chaos experiment templates (stop tasks, fail the database over, the cache's AZ).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsfaultinjectionservice.html
 *
 * Templates only: the deploy role never starts an experiment.
 */
import { inRegions, place, regional, requestTagged, resourceTagged, ServicePermissions } from "./types";

export const fis: ServicePermissions = {
  service: "fis",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsfaultinjectionservice.html",
  types: {
    "aws:fis/experimentTemplate:ExperimentTemplate": {
      create: ["fis:CreateExperimentTemplate", "fis:TagResource"],
      read: ["fis:GetExperimentTemplate", "fis:ListTagsForResource"],
      update: ["fis:UpdateExperimentTemplate", "fis:TagResource", "fis:UntagResource"],
      delete: ["fis:DeleteExperimentTemplate"],
      passRoleTo: ["fis.amazonaws.com"],
    },
  },
  statements: (s, actions) =>
    place(
      "fis",
      actions,
      [
        // Templates get generated ids: created tagged as this stack; changed only when tagged so. The create is also
        // authorised on the actions it names (fis:action ARNs are AWS's).
        { sid: "FisCreateTaggedTemplates", takes: ["fis:CreateExperimentTemplate"], resources: () => "*", condition: (x) => ({ StringEquals: { ...inRegions(x), ...requestTagged(x) } }) },
        { sid: "FisTagWhileCreating", takes: ["fis:TagResource"], resources: (x) => regional(x, "fis", "experiment-template/*"), condition: (x) => ({ StringEquals: requestTagged(x) }), shared: true },
        { sid: "FisThisStacksTemplates", takes: /^fis:/, resources: (x) => regional(x, "fis", "experiment-template/*"), condition: (x) => ({ StringEquals: resourceTagged(x) }) },
      ],
      s,
    ),
};
