import { and, eq } from "drizzle-orm";
import type { Actor } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { demoMorning } from "../demo/dates";
import type { Db } from "../platform/db/client";
import type { StatementBody } from "./api-schemas";
import { statementReference } from "./reference-data";
import { publishStatement, saveAnswers } from "./store";

/** The InfuSafe 300 3.1.0 answers: a wireless infusion pump without remote service, as run at St. Lukas. */
const answers: StatementBody["answers"] = [
  { sectionId: "personal-data-management", answer: "yes", notes: "Stores patient ID, drug library selections and infusion history for up to 1,000 infusions; sends infusion events to the CareLink gateway. No data leave the hospital network." },
  { sectionId: "automatic-logoff", answer: "yes", notes: "The configuration menu locks after 5 minutes without input (adjustable 1–30 minutes). Running infusions are never interrupted by a lock." },
  { sectionId: "audit-controls", answer: "yes", notes: "Sign-ins, configuration changes, drug library updates and software installations are logged with time and user; 90 days kept on the pump, exportable as CSV by biomedical engineering." },
  { sectionId: "authorization", answer: "yes", notes: "Three roles: clinician (infusion programming), biomedical engineer (configuration) and service (software installation). Roles are assigned in the drug library tool." },
  { sectionId: "security-product-upgrades", answer: "yes", notes: "Security updates are signed by the manufacturer and verified by the pump before installation. Installed by hospital biomedical engineering from the service portal; critical fixes are announced in an advisory." },
  { sectionId: "health-data-deidentification", answer: "yes", notes: "Service exports and log files replace patient IDs with a random key before they are written." },
  { sectionId: "data-backup-disaster-recovery", answer: "see_note", notes: "Configuration and drug library are restored from the drug library server; infusion history is kept on the CareLink gateway. The pump itself holds no data that cannot be restored." },
  { sectionId: "emergency-access", answer: "yes", notes: "Infusions can always be started without signing in, using the drug library limits; each such start is logged." },
  { sectionId: "health-data-integrity-authenticity", answer: "yes", notes: "Drug libraries and configuration files are signed; the pump refuses files whose signature does not verify." },
  { sectionId: "malware-protection", answer: "see_note", notes: "Embedded Linux with a read-only root file system and verified boot; only signed software runs. No anti-malware product is needed or supported." },
  { sectionId: "node-authentication", answer: "yes", notes: "Mutual TLS with device certificates between pump and CareLink gateway; certificates are issued at commissioning." },
  { sectionId: "connectivity-capabilities", answer: "see_note", notes: "Wi-Fi (WPA2/WPA3-Enterprise) and Ethernet; TCP 8443 to the gateway only. USB is for service and disabled outside service mode." },
  { sectionId: "person-authentication", answer: "yes", notes: "PIN per user for configuration, minimum 6 digits; biomedical engineering and service accounts use passwords. No fixed or hidden accounts." },
  { sectionId: "physical-locks", answer: "yes", notes: "Sealed housing with tamper-evident screws; the service USB port sits behind a locked cover." },
  { sectionId: "third-party-components-sbom", answer: "yes", notes: "CycloneDX SBOM for every release in the customer portal. Each third-party component is supported at least until the version's end of support." },
  { sectionId: "system-application-hardening", answer: "yes", notes: "Unused services, debug interfaces and shells are removed from release builds; the firewall on the pump allows only the gateway connection." },
  { sectionId: "security-guidance", answer: "yes", notes: "Network installation guide, security hardening guide and secure decommissioning instructions are part of the accompanying documents." },
  { sectionId: "health-data-storage-confidentiality", answer: "yes", notes: "Stored data are encrypted with AES-256; the key is held in the secure element of the pump." },
  { sectionId: "transmission-confidentiality-integrity", answer: "yes", notes: "TLS 1.2 or 1.3 only, with forward-secret cipher suites; Wi-Fi uses WPA2/WPA3-Enterprise." },
  { sectionId: "remote-service", answer: "no", notes: "The pump has no remote service access; service is on site only." },
];

/** One published statement for the InfuSafe 300 3.1.0 that St. Lukas runs, so that the portal shows it. */
export async function seedDemoSecurityStatements(db: Db, actor: Actor, now = new Date()): Promise<void> {
  const [pump] = await db
    .select({ id: softwareVersions.id })
    .from(softwareVersions)
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(and(eq(deviceModels.modelNumber, "IS-300"), eq(softwareVersions.version, "3.1.0")))
    .limit(1);
  if (!pump) return;
  const reference = await statementReference();
  const publishedAt = demoMorning(now, 52);
  await saveAnswers(db, actor, reference, pump.id, { answers }, publishedAt);
  await publishStatement(db, actor, reference, pump.id, publishedAt);
}
