// Every table of Vigil, one schema for the embedded database and PostgreSQL alike.
// Tables are listed in dependency order: backup and restore rely on it.
import { apiTokens, rateLimits, sessions, users } from "../../accounts/schema";
import { applicabilityAssessments } from "../../applicability/schema";
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
import { incidentFscas, incidentMirReports } from "../../incidents/vigilance-schema";
import { notificationDeliveries, notificationPreferences } from "../../notifications/schema";
import { organisationProfile } from "../../organisation/schema";
import { sbomComponents, sbomDependencies, sboms } from "../../sboms/schema";
import { settings } from "../../settings/schema";
import { recoveryCodes, signInChallenges, userIdentities, userTotp } from "../../sign-in/schema";
import {
  componentSupport,
  epssScores,
  findingHistory,
  findings,
  kevEntries,
  vulnerabilities,
  vulnerabilityAliases,
  vulnerabilityImports,
  vulnerabilityPackages,
  vulnerabilityRecords,
} from "../../vulnerabilities/schema";
import {
  questionnaireTemplates,
  supplierAssessmentAttachments,
  supplierAssessments,
  supplierCertifications,
  supplierComponents,
  supplierContracts,
  supplierFollowUps,
  suppliers,
} from "../../suppliers/schema";
import {
  governanceRaci,
  governanceRoleHolders,
  policies,
  policyAcknowledgements,
  policyVersions,
  trainingAssignments,
  trainingCampaigns,
  trainingRecords,
} from "../../governance/schema";
import { riskAcceptances, riskActions, riskLinks, riskReviews, risks } from "../../risks/schema";
import { backupRestoreTests, bcExercises, bcPlanVersions, bcPlans } from "../../continuity/schema";
import { advisories, advisoryProducts, advisoryRevisions, advisorySiteAcknowledgements, advisoryVulnerabilities } from "../../advisories/schema";
import { disclosureAttachments, disclosureMessages, disclosureReports } from "../../disclosure/schema";
import { deviceModelResponsibilities, securityStatementRequests, securityStatementRevisions, securityStatements } from "../../disclosure-statements/schema";
import {
  complianceApprovals,
  complianceControlEvidence,
  complianceControls,
  complianceEvidence,
  complianceEvidenceVersions,
  complianceFrameworks,
  complianceRequirements,
  complianceSnapshots,
} from "../../compliance/schema";
import { metricSnapshots } from "../../dashboard/schema";
import { generatedReports } from "../../reports/schema";
import { threatModels } from "../../threat-model/schema";
import { vexDocuments, vexSuggestions, vexTrustRules } from "../../vex-imports/schema";
import { csafProviderDocuments, csafProviderRevisions, csafProviders } from "../../csaf-providers/schema";
import { triagePolicies, triagePolicyDecisions } from "../../triage-policies/schema";
import { supportRules } from "../../vulnerabilities/support-rules-schema";
import { jobs } from "../jobs/schema";

export * from "../../accounts/schema";
export * from "../../applicability/schema";
export * from "../../audit/schema";
export * from "../../customers/schema";
export * from "../../devices/schema";
export * from "../../incidents/schema";
export * from "../../incidents/vigilance-schema";
export * from "../../notifications/schema";
export * from "../../organisation/schema";
export * from "../../sboms/schema";
export * from "../../settings/schema";
export * from "../../sign-in/schema";
export * from "../../vulnerabilities/schema";
export * from "../../suppliers/schema";
export * from "../../governance/schema";
export * from "../../risks/schema";
export * from "../../continuity/schema";
export * from "../../advisories/schema";
export * from "../../disclosure/schema";
export * from "../../disclosure-statements/schema";
export * from "../../compliance/schema";
export * from "../../dashboard/schema";
export * from "../../reports/schema";
export * from "../../threat-model/schema";
export * from "../../vex-imports/schema";
export * from "../../csaf-providers/schema";
export * from "../../triage-policies/schema";
export * from "../../vulnerabilities/support-rules-schema";
export * from "../jobs/schema";

/** Tables in an order where every foreign key points backwards; backups follow it. */
export const tablesInOrder = {
  organisation_profile: organisationProfile,
  applicability_assessments: applicabilityAssessments,
  settings,
  customers,
  sites,
  users,
  user_totp: userTotp,
  recovery_codes: recoveryCodes,
  user_identities: userIdentities,
  api_tokens: apiTokens,
  device_models: deviceModels,
  software_versions: softwareVersions,
  installations,
  sboms,
  sbom_components: sbomComponents,
  sbom_dependencies: sbomDependencies,
  vulnerabilities,
  vulnerability_records: vulnerabilityRecords,
  vulnerability_aliases: vulnerabilityAliases,
  vulnerability_packages: vulnerabilityPackages,
  kev_entries: kevEntries,
  epss_scores: epssScores,
  vulnerability_imports: vulnerabilityImports,
  findings,
  finding_history: findingHistory,
  component_support: componentSupport,
  support_rules: supportRules,
  vex_documents: vexDocuments,
  vex_suggestions: vexSuggestions,
  vex_trust_rules: vexTrustRules,
  triage_policies: triagePolicies,
  triage_policy_decisions: triagePolicyDecisions,
  incidents,
  incident_timeline: incidentTimeline,
  incident_evidence: incidentEvidence,
  incident_submissions: incidentSubmissions,
  incident_intermediate_requests: incidentIntermediateRequests,
  incident_report_drafts: incidentReportDrafts,
  incident_mir_reports: incidentMirReports,
  incident_fscas: incidentFscas,
  notifications,
  notification_deliveries: notificationDeliveries,
  notification_preferences: notificationPreferences,
  suppliers,
  supplier_contracts: supplierContracts,
  supplier_certifications: supplierCertifications,
  supplier_components: supplierComponents,
  questionnaire_templates: questionnaireTemplates,
  supplier_assessments: supplierAssessments,
  supplier_assessment_attachments: supplierAssessmentAttachments,
  supplier_follow_ups: supplierFollowUps,
  csaf_providers: csafProviders,
  csaf_provider_documents: csafProviderDocuments,
  csaf_provider_revisions: csafProviderRevisions,
  governance_role_holders: governanceRoleHolders,
  governance_raci: governanceRaci,
  policies,
  policy_versions: policyVersions,
  policy_acknowledgements: policyAcknowledgements,
  training_campaigns: trainingCampaigns,
  training_assignments: trainingAssignments,
  training_records: trainingRecords,
  risks,
  risk_actions: riskActions,
  risk_reviews: riskReviews,
  risk_acceptances: riskAcceptances,
  risk_links: riskLinks,
  bc_plans: bcPlans,
  bc_plan_versions: bcPlanVersions,
  bc_exercises: bcExercises,
  backup_restore_tests: backupRestoreTests,
  advisories,
  advisory_products: advisoryProducts,
  advisory_vulnerabilities: advisoryVulnerabilities,
  advisory_revisions: advisoryRevisions,
  advisory_site_acknowledgements: advisorySiteAcknowledgements,
  disclosure_reports: disclosureReports,
  disclosure_messages: disclosureMessages,
  disclosure_attachments: disclosureAttachments,
  device_model_responsibilities: deviceModelResponsibilities,
  security_statements: securityStatements,
  security_statement_revisions: securityStatementRevisions,
  security_statement_requests: securityStatementRequests,
  threat_models: threatModels,
  compliance_controls: complianceControls,
  compliance_frameworks: complianceFrameworks,
  compliance_requirements: complianceRequirements,
  compliance_evidence: complianceEvidence,
  compliance_evidence_versions: complianceEvidenceVersions,
  compliance_control_evidence: complianceControlEvidence,
  compliance_snapshots: complianceSnapshots,
  compliance_approvals: complianceApprovals,
  metric_snapshots: metricSnapshots,
  generated_reports: generatedReports,
  audit_log: auditLog,
} as const;

/** Operational tables that a backup leaves out: they are rebuilt or expire on their own. */
export const transientTables = { sessions, rate_limits: rateLimits, sign_in_challenges: signInChallenges, jobs } as const;
