/** Type tokens the edge and account-baseline tests look for. */

/** The account-level singletons credlink:account:Baseline creates. */
export const SINGLETONS = [
  "aws:guardduty/detector:Detector",
  "aws:guardduty/detectorFeature:DetectorFeature",
  "aws:inspector2/enabler:Enabler",
  "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
  "aws:costexplorer/costAllocationTag:CostAllocationTag",
  "aws:securityhub/account:Account",
  "aws:securityhub/standardsSubscription:StandardsSubscription",
];
/** The WAF's resources (credlink:edge:Firewall). */
export const WAF_TYPES = ["aws:wafv2/webAcl:WebAcl", "aws:wafv2/webAclAssociation:WebAclAssociation", "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration"];
