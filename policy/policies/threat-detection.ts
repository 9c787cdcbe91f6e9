/**
 * Threat detection: GuardDuty with ECS runtime monitoring (CKV2_AWS_3). The detector is an account-level
 * singleton that the stack owning the account baseline creates (each environment's stack, in its own account), so
 * whether the stack must have one is configuration (`requireDetector`), and so is runtime monitoring
 * (`requireRuntimeMonitoring`: false only where the cluster opts out of GuardDuty's agent, dev, and the feature is
 * then explicitly DISABLED).
 */
import { CredlinkPolicy, getOr, many, plain, refersTo, stackRule } from "../lib/rules";
import { T } from "../lib/types";

const DETECTOR_FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";

export const guardDutyRuntimeMonitoring = stackRule<{ requireDetector: boolean; requireRuntimeMonitoring: boolean }>({
  name: "guardduty-runtime-monitoring-enabled",
  description: "GuardDuty detectors are enabled with RUNTIME_MONITORING and ECS_FARGATE_AGENT_MANAGEMENT; the stack that owns the account baseline has one.",
  covers: ["CKV2_AWS_3"],
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requireDetector: { type: "boolean", default: false, description: "The stack owns the account baseline and must create the GuardDuty detector." },
      requireRuntimeMonitoring: {
        type: "boolean",
        default: true,
        description: "Every detector has RUNTIME_MONITORING with ECS_FARGATE_AGENT_MANAGEMENT enabled; false allows the feature explicitly DISABLED (a cluster that opts out of the agent).",
      },
    },
  },
  check: (resources, config) => {
    const detectors = resources.filter((r) => r.type === T.guardDuty);
    if (detectors.length === 0) {
      return config.requireDetector ? [{ message: "the stack owns the account baseline (requireDetector) but creates no aws.guardduty.Detector" }] : [];
    }
    return detectors.flatMap((detector) => {
      const problems: string[] = [];
      if (getOr(detector.props, ["enable"], true) === false) problems.push("enable must not be false");
      const runtime = resources.find(
        (f) => f.type === DETECTOR_FEATURE && refersTo(f, "detectorId", detector) && getOr(f.props, ["name"], "") === "RUNTIME_MONITORING",
      );
      if (!config.requireRuntimeMonitoring && runtime !== undefined && getOr(runtime.props, ["status"], "") === "DISABLED") return [];
      if (!runtime || getOr(runtime.props, ["status"], "") !== "ENABLED") {
        problems.push("needs an aws.guardduty.DetectorFeature RUNTIME_MONITORING with status ENABLED");
      } else {
        const configs = many<any>(plain(getOr(runtime.props, ["additionalConfigurations"], [])));
        if (!configs.some((c) => c?.name === "ECS_FARGATE_AGENT_MANAGEMENT" && c?.status === "ENABLED")) {
          problems.push("RUNTIME_MONITORING needs additionalConfigurations ECS_FARGATE_AGENT_MANAGEMENT ENABLED (else no Fargate task is monitored)");
        }
      }
      return problems.map((message) => ({ message: `${detector.name}: ${message}`, urn: detector.urn }));
    });
  },
});

export const threatDetectionPolicies: CredlinkPolicy[] = [guardDutyRuntimeMonitoring];
