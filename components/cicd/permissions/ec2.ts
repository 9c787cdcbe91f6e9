/**
 * Amazon EC2: the VPC (awsx's children, its S3 gateway endpoint), security groups and their rules, flow logs, the NAT
 * instances' launch templates, ENIs and routes, and the Cloudflare prefix list.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html
 *
 * EC2 ids are random, so names can't scope the writes: creates must carry the stack's `Environment` tag
 * (`aws:RequestTag`, which the provider's default tags put on every create), tags are written only as part of such a
 * create (`ec2:CreateAction`), and every change or delete needs the resource to carry the tag already
 * (`aws:ResourceTag`). EC2 user guide, "Grant permission to tag resources during creation" and "Control access to EC2
 * resources using resource tags".
 */
import * as pulumi from "@pulumi/pulumi";
import { DeployScope, inRegions, place, regional, requestTagged, resourceTagged, ServicePermissions } from "./types";

const tags = { create: ["ec2:CreateTags"], update: ["ec2:CreateTags", "ec2:DeleteTags"] };

/** The create actions that carry the stack's tags (TagSpecifications): the only creates the deploy role may call. */
export const EC2_TAGGED_CREATES = [
  "ec2:AllocateAddress",
  "ec2:CreateFlowLogs",
  "ec2:CreateInternetGateway",
  "ec2:CreateLaunchTemplate",
  "ec2:CreateManagedPrefixList",
  "ec2:CreateNatGateway",
  "ec2:CreateNetworkInterface",
  "ec2:CreateRouteTable",
  "ec2:CreateSecurityGroup",
  "ec2:CreateSubnet",
  "ec2:CreateVpc",
  "ec2:CreateVpcEndpoint",
];

/** Security group rule writes: authorised on the group (tagged) and on the rule (its own ARN, new or existing). */
const RULE_WRITES = /^ec2:(AuthorizeSecurityGroup|RevokeSecurityGroup|ModifySecurityGroupRules|UpdateSecurityGroupRuleDescriptions)/;

export const ec2: ServicePermissions = {
  service: "ec2",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html",
  types: {
    "aws:ec2/vpc:Vpc": {
      create: ["ec2:CreateVpc", "ec2:ModifyVpcAttribute", ...tags.create],
      // The provider also reads the VPC's default network ACL, route table and security group.
      read: ["ec2:DescribeVpcs", "ec2:DescribeVpcAttribute", "ec2:DescribeNetworkAcls", "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroups"],
      update: ["ec2:ModifyVpcAttribute", ...tags.update],
      delete: ["ec2:DeleteVpc"],
    },
    "aws:ec2/subnet:Subnet": {
      create: ["ec2:CreateSubnet", "ec2:ModifySubnetAttribute", ...tags.create],
      read: ["ec2:DescribeSubnets"],
      update: ["ec2:ModifySubnetAttribute", ...tags.update],
      delete: ["ec2:DeleteSubnet", "ec2:DescribeNetworkInterfaces"],
    },
    "aws:ec2/routeTable:RouteTable": {
      create: ["ec2:CreateRouteTable", ...tags.create],
      read: ["ec2:DescribeRouteTables"],
      update: ["ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute", ...tags.update],
      delete: ["ec2:DeleteRouteTable"],
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
      create: ["ec2:AssociateRouteTable"],
      read: ["ec2:DescribeRouteTables"],
      update: ["ec2:ReplaceRouteTableAssociation"],
      delete: ["ec2:DisassociateRouteTable"],
    },
    "aws:ec2/route:Route": {
      create: ["ec2:CreateRoute"],
      read: ["ec2:DescribeRouteTables"],
      update: ["ec2:ReplaceRoute"],
      delete: ["ec2:DeleteRoute"],
    },
    "aws:ec2/internetGateway:InternetGateway": {
      create: ["ec2:CreateInternetGateway", "ec2:AttachInternetGateway", ...tags.create],
      read: ["ec2:DescribeInternetGateways"],
      update: tags.update,
      delete: ["ec2:DetachInternetGateway", "ec2:DeleteInternetGateway"],
    },
    "aws:ec2/natGateway:NatGateway": {
      create: ["ec2:CreateNatGateway", ...tags.create],
      read: ["ec2:DescribeNatGateways"],
      update: tags.update,
      delete: ["ec2:DeleteNatGateway"],
    },
    "aws:ec2/eip:Eip": {
      create: ["ec2:AllocateAddress", ...tags.create],
      read: ["ec2:DescribeAddresses", "ec2:DescribeAddressesAttribute"],
      update: tags.update,
      delete: ["ec2:DisassociateAddress", "ec2:ReleaseAddress"],
    },
    "aws:ec2/securityGroup:SecurityGroup": {
      // The provider revokes the default allow-all egress rule right after creating a group.
      create: ["ec2:CreateSecurityGroup", "ec2:RevokeSecurityGroupEgress", ...tags.create],
      read: ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"],
      update: ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", ...tags.update],
      delete: ["ec2:DeleteSecurityGroup", "ec2:DescribeNetworkInterfaces"],
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
      // Adopted, not created: AWS made it untagged with the VPC. The provider strips its rules and then tags it (see
      // Ec2AdoptTheDefaultSecurityGroup); deleting it only forgets it.
      create: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", ...tags.update],
      read: ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"],
      update: ["ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", ...tags.update],
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
      create: ["ec2:AuthorizeSecurityGroupIngress", ...tags.create],
      read: ["ec2:DescribeSecurityGroupRules"],
      update: ["ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsIngress", ...tags.update],
      delete: ["ec2:RevokeSecurityGroupIngress"],
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
      create: ["ec2:AuthorizeSecurityGroupEgress", ...tags.create],
      read: ["ec2:DescribeSecurityGroupRules"],
      update: ["ec2:ModifySecurityGroupRules", "ec2:UpdateSecurityGroupRuleDescriptionsEgress", ...tags.update],
      delete: ["ec2:RevokeSecurityGroupEgress"],
    },
    // Delivered to S3 (the flow-log bucket, its policy written by the stack): no role to pass; the caller needs the
    // log-delivery actions instead (CloudWatch Logs user guide, "Enabling logging from AWS services", logs sent to
    // Amazon S3: logs:CreateLogDelivery and logs:DeleteLogDelivery on *).
    "aws:ec2/flowLog:FlowLog": {
      create: ["ec2:CreateFlowLogs", "logs:CreateLogDelivery", ...tags.create],
      read: ["ec2:DescribeFlowLogs", "logs:GetLogDelivery"],
      update: tags.update,
      delete: ["logs:DeleteLogDelivery"],
      // Deleting a flow log (or replacing one: every field but tags forces a new one) silences the network's record:
      // break-glass only.
      breakGlassOnly: ["ec2:DeleteFlowLogs"],
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
      // The image is `resolve:ssm:` an AWS public parameter: EC2 resolves it with the caller's ssm:GetParameters.
      create: ["ec2:CreateLaunchTemplate", "ssm:GetParameters", ...tags.create],
      read: ["ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"],
      update: ["ec2:CreateLaunchTemplateVersion", "ec2:ModifyLaunchTemplate", "ssm:GetParameters", ...tags.update],
      delete: ["ec2:DeleteLaunchTemplate"],
    },
    "aws:ec2/networkInterface:NetworkInterface": {
      create: ["ec2:CreateNetworkInterface", "ec2:ModifyNetworkInterfaceAttribute", ...tags.create],
      read: ["ec2:DescribeNetworkInterfaces"],
      update: ["ec2:ModifyNetworkInterfaceAttribute", ...tags.update],
      // The NAT instance attaches it at boot; deleting it first detaches it from a running instance.
      delete: ["ec2:DetachNetworkInterface", "ec2:DeleteNetworkInterface"],
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
      // awsx's S3 gateway endpoint (a child of the Vpc). The provider creates it with its tags and route tables, reads it
      // back with the service's prefix list (DescribePrefixLists) and its interfaces, and changes route tables and the
      // policy with ModifyVpcEndpoint (terraform-provider-aws, internal/service/ec2/vpc_endpoint.go). CreateVpcEndpoint
      // and ModifyVpcEndpoint are also authorised on the VPC and the route tables, which carry the stack's tag.
      create: ["ec2:CreateVpcEndpoint", ...tags.create],
      read: ["ec2:DescribeVpcEndpoints", "ec2:DescribePrefixLists", "ec2:DescribeNetworkInterfaces"],
      update: ["ec2:ModifyVpcEndpoint", ...tags.update],
      delete: ["ec2:DeleteVpcEndpoints"],
    },
    "aws:ec2/managedPrefixList:ManagedPrefixList": {
      create: ["ec2:CreateManagedPrefixList", ...tags.create],
      read: ["ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries"],
      update: ["ec2:ModifyManagedPrefixList", ...tags.update],
      delete: ["ec2:DeleteManagedPrefixList"],
    },
  },
  statements: (s, actions) =>
    place(
      "ec2",
      actions,
      [
        { sid: "Ec2Reads", takes: /^ec2:(Describe|Get)/, resources: () => "*" },
        { sid: "Ec2CreateTaggedAsThisStack", takes: EC2_TAGGED_CREATES, resources: () => "*", condition: (x) => ({ StringEquals: { ...requestTagged(x), ...inRegions(x) } }) },
        {
          sid: "Ec2TagOnlyWhileCreating",
          takes: ["ec2:CreateTags"],
          resources: () => "*",
          condition: (x) => ({ StringEquals: { "ec2:CreateAction": [...EC2_TAGGED_CREATES, "ec2:RunInstances"].map((a) => a.slice(4)), ...inRegions(x) } }),
        },
        {
          // The VPC's default group is untagged until the provider adopts it: only rule removal, and tags naming this
          // stack, on a group that has no Environment tag yet.
          sid: "Ec2AdoptTheDefaultSecurityGroup",
          takes: ["ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:CreateTags"],
          resources: (x) => regional(x, "ec2", "security-group/*"),
          condition: (x) => ({ Null: { "aws:ResourceTag/Environment": "true" }, StringEqualsIfExists: requestTagged(x), StringEquals: inRegions(x) }),
          shared: true,
        },
        { sid: "Ec2SecurityGroupRules", takes: RULE_WRITES, resources: (x) => regional(x, "ec2", "security-group-rule/*"), shared: true },
        // RunInstances is the check EC2 Auto Scaling makes when a group's launch template is set (autoscaling.ts): only
        // with a launch template tagged as this stack, and only for what a launch template of this account names (EC2
        // Auto Scaling user guide, "Control Amazon EC2 launch template usage in Auto Scaling groups"; Service
        // Authorization Reference, RunInstances: the launch-template resource takes aws:ResourceTag, and every resource
        // of the launch ec2:LaunchTemplate). Without a template, or with another stack's, nothing launches.
        { sid: "Ec2LaunchOnlyThisStacksTemplates", takes: ["ec2:RunInstances"], resources: (x) => regional(x, "ec2", "launch-template/*"), condition: (x) => ({ StringEquals: resourceTagged(x) }), shared: true },
        {
          sid: "Ec2LaunchWhatThoseTemplatesName",
          takes: ["ec2:RunInstances"],
          resources: (x) => [
            ...["instance", "volume", "network-interface", "security-group", "subnet", "key-pair"].flatMap((kind) => regional(x, "ec2", `${kind}/*`)),
            ...x.regions.map((r) => pulumi.interpolate`arn:${x.partition}:ec2:${r}::image/*`),
          ],
          condition: (x) => ({ ArnLike: { "ec2:LaunchTemplate": regional(x, "ec2", "launch-template/*") } }),
        },
        { sid: "Ec2ChangeWhatThisStackTagged", takes: /^ec2:/, resources: () => "*", condition: (x) => ({ StringEquals: { ...resourceTagged(x), ...inRegions(x) } }) },
      ],
      s,
    ),
};

/** The security-group-rule ARNs (rules are authorised on their group too, which must carry the stack's tag). */
export const ruleArns = (s: DeployScope): pulumi.Output<string>[] => regional(s, "ec2", "security-group-rule/*");
