/**
 * What each awsx VPC will create inside itself, per AZ. awsx's Vpc is a remote component, so under mocks its subnets
 * and NAT gateways never register; this section shows them from its inputs and the layout the mocks computed.
 */
import { SectionBuilder } from "./types";

export const networkLayout: SectionBuilder = ({ recorder }) => {
  const sections = recorder.ofType("awsx:ec2:Vpc").map((vpc) => {
    const layout: { availabilityZone: string; block: string; subnets: Record<string, string> }[] = vpc.state.mockLayout ?? [];
    const tiers: string[] = (vpc.inputs.subnetSpecs ?? []).map((s: { name: string }) => s.name);
    const strategy: string = vpc.inputs.natGateways?.strategy ?? "OnePerAz";
    const hasNat = (i: number) => (strategy === "OnePerAz" ? true : strategy === "Single" ? i === 0 : false);
    const nats = layout.filter((_, i) => hasNat(i)).length;
    // NAT instances (the Network's `<vpc>-nat-<n>` groups) where awsx makes no gateway.
    const natInstance = (i: number) => recorder.ofType("aws:autoscaling/group:Group").some((g) => g.name === `${vpc.name}-nat-${i + 1}`);
    const instances = layout.filter((_, i) => natInstance(i)).length;
    const natCell = (i: number) => (hasNat(i) ? "yes (+ EIP)" : natInstance(i) ? "instance (t4g.nano)" : instances > 0 ? "via AZ 1's instance" : "no");
    return {
      id: `network-layout:${vpc.name}`,
      title: `Inside awsx:ec2:Vpc ${vpc.name} (${vpc.inputs.cidrBlock}): subnets and NAT gateways per AZ`,
      columns: ["AZ", "BLOCK", ...tiers.map((t) => t.toUpperCase()), "NAT GATEWAY"],
      rows: layout.map((az, i) => [az.availabilityZone, az.block, ...tiers.map((t) => az.subnets[t] ?? ""), natCell(i)]),
      summary: `${layout.length * tiers.length} subnets in ${layout.length} AZs; NAT strategy ${strategy}: ${nats} NAT gateway${nats === 1 ? "" : "s"}${instances ? `, ${instances} NAT instance${instances === 1 ? "" : "s"} (the Network's own, one Auto Scaling group each)` : ""}`,
      notes: ["inferred from the Vpc's inputs: awsx creates these inside the remote component, where the mocks can't see them"],
    };
  });
  return { sections };
};
