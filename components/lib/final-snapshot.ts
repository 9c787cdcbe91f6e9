import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

/**
 * A random suffix for a final snapshot's name, kept in state and regenerated exactly when `replaceTriggers` change.
 *
 * A final snapshot outlives its instance. With a fixed name (`<identifier>-final`), the replacement instance would
 * carry the same name, and when it is deleted in turn the snapshot of the first is still there: the deletion fails.
 * Why a RandomId with keepers rather than a timestamp or the instance's own id: a timestamp changes on every run (a
 * diff each `pulumi up`), and the instance can't name itself (its resource id is an output of its own creation). The
 * keepers are the inputs that replace the instance, so a replacement gets a new suffix and a plain update keeps the
 * old one (no diff). Named `${name}-final-snapshot`, parented to `parent`.
 */
export function finalSnapshotSuffix(
  name: string,
  replaceTriggers: Record<string, pulumi.Input<string>>,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  return new random.RandomId(`${name}-final-snapshot`, { byteLength: 4, keepers: replaceTriggers }, { parent }).hex;
}
