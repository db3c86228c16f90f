// Every table of Vigil, one schema for the embedded database and PostgreSQL alike.
// Tables are listed in dependency order: backup and restore rely on it.
import { apiTokens, rateLimits, sessions, users } from "../../accounts/schema";
import { auditLog } from "../../audit/schema";
import { customers, sites } from "../../customers/schema";
import { deviceModels, installations, softwareVersions } from "../../devices/schema";
import {
  incidentEvidence,
  incidentIntermediateRequests,
  incidentReportDrafts,
  incidents,
  incidentSubmissions,
  incidentTimeline,
  notifications,
} from "../../incidents/schema";
import { organisationProfile } from "../../organisation/schema";
import { sbomComponents, sbomDependencies, sboms } from "../../sboms/schema";
import { settings } from "../../settings/schema";
import { jobs } from "../jobs/schema";

export * from "../../accounts/schema";
export * from "../../audit/schema";
export * from "../../customers/schema";
export * from "../../devices/schema";
export * from "../../incidents/schema";
export * from "../../organisation/schema";
export * from "../../sboms/schema";
export * from "../../settings/schema";
export * from "../jobs/schema";

/** Tables in an order where every foreign key points backwards; backups follow it. */
export const tablesInOrder = {
  organisation_profile: organisationProfile,
  settings,
  customers,
  sites,
  users,
  api_tokens: apiTokens,
  device_models: deviceModels,
  software_versions: softwareVersions,
  installations,
  sboms,
  sbom_components: sbomComponents,
  sbom_dependencies: sbomDependencies,
  incidents,
  incident_timeline: incidentTimeline,
  incident_evidence: incidentEvidence,
  incident_submissions: incidentSubmissions,
  incident_intermediate_requests: incidentIntermediateRequests,
  incident_report_drafts: incidentReportDrafts,
  notifications,
  audit_log: auditLog,
} as const;

/** Operational tables that a backup leaves out: they are rebuilt or expire on their own. */
export const transientTables = { sessions, rate_limits: rateLimits, jobs } as const;
