import { NotAvailable } from "../../components/NotAvailable";

export function PortalAdvisoriesPage() {
  return (
    <NotAvailable
      title="Security advisories"
      purpose="Security advisories the manufacturer publishes about the devices installed at your sites."
      willHold={[
        "Published advisories that concern your installed device versions",
        "Affected and fixed versions, with the recommended remediation or mitigation",
        "Machine-readable CSAF documents to download",
      ]}
    />
  );
}
