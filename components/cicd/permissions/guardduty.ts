/**
 * Amazon GuardDuty: the account's detector and its features (in the stack that owns the account baseline only).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonguardduty.html
 */
import { inRegions, place, regional, ServicePermissions } from "./types";

export const guardduty: ServicePermissions = {
  service: "guardduty",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonguardduty.html",
  types: {
    "aws:guardduty/detector:Detector": {
      create: ["guardduty:CreateDetector", "guardduty:TagResource"],
      read: ["guardduty:GetDetector", "guardduty:ListDetectors", "guardduty:ListTagsForResource"],
      update: ["guardduty:UpdateDetector", "guardduty:TagResource", "guardduty:UntagResource"],
      // Disabling GuardDuty is the break-glass role's: it is the account's intrusion alarm.
      breakGlassOnly: ["guardduty:DeleteDetector"],
      serviceLinkedRoles: ["guardduty.amazonaws.com", "malware-protection.guardduty.amazonaws.com"],
    },
    "aws:guardduty/detectorFeature:DetectorFeature": {
      create: ["guardduty:UpdateDetector"],
      read: ["guardduty:GetDetector"],
      update: ["guardduty:UpdateDetector"],
      delete: ["guardduty:UpdateDetector"],
    },
  },
  statements: (s, actions) =>
    place(
      "guardduty",
      actions,
      [
        { sid: "GuardDutyListDetectors", takes: ["guardduty:ListDetectors", "guardduty:CreateDetector"], resources: () => "*", condition: (x) => ({ StringEquals: inRegions(x) }), omit: !s.ownsAccountBaseline },
        { sid: "GuardDutyDetector", takes: /^guardduty:/, resources: (x) => regional(x, "guardduty", "detector/*"), omit: !s.ownsAccountBaseline },
      ],
      s,
    ),
};
