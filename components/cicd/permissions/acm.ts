/**
 * AWS Certificate Manager: the ALB's certificate (DNS-validated) and, with the Cloudflare edge, the origin certificate.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscertificatemanager.html
 */
import { inRegions, place, regional, requestTagged, resourceTagged, ServicePermissions } from "./types";

export const acm: ServicePermissions = {
  service: "acm",
  reference: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscertificatemanager.html",
  types: {
    "aws:acm/certificate:Certificate": {
      create: ["acm:RequestCertificate", "acm:ImportCertificate", "acm:AddTagsToCertificate"],
      read: ["acm:DescribeCertificate", "acm:ListTagsForCertificate", "acm:GetCertificate"],
      update: ["acm:ImportCertificate", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:UpdateCertificateOptions"],
      delete: ["acm:DeleteCertificate"],
    },
    // Waits for the DNS validation: reads only.
    "aws:acm/certificateValidation:CertificateValidation": { create: ["acm:DescribeCertificate"], read: ["acm:DescribeCertificate"] },
  },
  statements: (s, actions) =>
    place(
      "acm",
      actions,
      [
        { sid: "AcmRequestTaggedAsThisStack", takes: ["acm:RequestCertificate", "acm:ImportCertificate"], resources: () => "*", condition: (x) => ({ StringEquals: { ...inRegions(x), ...requestTagged(x) } }) },
        { sid: "AcmReads", takes: /^acm:(Describe|List|Get)/, resources: () => "*" },
        // Tagging while requesting is authorised on the new certificate, which has no tag yet.
        { sid: "AcmTagWhileRequesting", takes: ["acm:AddTagsToCertificate"], resources: (x) => regional(x, "acm", "certificate/*"), condition: (x) => ({ StringEquals: requestTagged(x) }), shared: true },
        { sid: "AcmThisStacksCertificates", takes: /^acm:/, resources: (x) => regional(x, "acm", "certificate/*"), condition: (x) => ({ StringEquals: resourceTagged(x) }) },
      ],
      s,
    ),
};
