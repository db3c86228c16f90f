import { createBrowserRouter, Navigate } from "react-router";
import { RequirePermission, RequireSession, isCustomer, useSession } from "../auth/session";
import { SignInPage } from "../pages/auth/SignInPage";
import { CrashPage, NotFoundPage } from "../pages/ErrorPages";
import { AppLayout } from "./AppLayout";
import { lazyPage } from "./lazy-page";

// Each page is its own chunk, loaded when first opened: the first screen after sign-in loads only what it shows.
const AccountPage = lazyPage(() => import("../pages/account/AccountPage"), "AccountPage");
const AdvisoriesPage = lazyPage(() => import("../pages/advisories/AdvisoriesPage"), "AdvisoriesPage");
const AdvisoryEditorPage = lazyPage(() => import("../pages/advisories/AdvisoryEditorPage"), "AdvisoryEditorPage");
const CvdPolicySettingsPage = lazyPage(() => import("../pages/disclosure/DisclosurePages"), "CvdPolicySettingsPage");
const DisclosureInboxPage = lazyPage(() => import("../pages/disclosure/DisclosurePages"), "DisclosureInboxPage");
const DisclosurePolicyPage = lazyPage(() => import("../pages/disclosure/PublicPages"), "DisclosurePolicyPage");
const ReportVulnerabilityPage = lazyPage(() => import("../pages/disclosure/PublicPages"), "ReportVulnerabilityPage");
const TrackReportPage = lazyPage(() => import("../pages/disclosure/PublicPages"), "TrackReportPage");
const AuditPage = lazyPage(() => import("../pages/admin/AuditPage"), "AuditPage");
const NotificationsAdminPage = lazyPage(() => import("../pages/admin/NotificationsAdminPage"), "NotificationsAdminPage");
const SignInPolicyPage = lazyPage(() => import("../pages/admin/SignInPolicyPage"), "SignInPolicyPage");
const UsersPage = lazyPage(() => import("../pages/admin/UsersPage"), "UsersPage");
const ApplicabilityPage = lazyPage(() => import("../pages/compliance/ApplicabilityPage"), "ApplicabilityPage");
const CatalogPage = lazyPage(() => import("../pages/compliance/CatalogPage"), "CatalogPage");
const ControlDetailPage = lazyPage(() => import("../pages/compliance/ControlDetailPage"), "ControlDetailPage");
const ControlsPage = lazyPage(() => import("../pages/compliance/ControlsPage"), "ControlsPage");
const CrosswalkPage = lazyPage(() => import("../pages/compliance/CrosswalkPage"), "CrosswalkPage");
const EvidencePage = lazyPage(() => import("../pages/compliance/EvidencePage"), "EvidencePage");
const FrameworksPage = lazyPage(() => import("../pages/compliance/FrameworksPage"), "FrameworksPage");
const SoaPage = lazyPage(() => import("../pages/compliance/SoaPage"), "SoaPage");
const DashboardPage = lazyPage(() => import("../pages/dashboard/DashboardPage"), "DashboardPage");
const ObligationsPage = lazyPage(() => import("../pages/dashboard/ObligationsPage"), "ObligationsPage");
const ReportsPage = lazyPage(() => import("../pages/reports/ReportsPage"), "ReportsPage");
const CampaignPage = lazyPage(() => import("../pages/governance/CampaignPage"), "CampaignPage");
const PoliciesPage = lazyPage(() => import("../pages/governance/PoliciesPage"), "PoliciesPage");
const PolicyPage = lazyPage(() => import("../pages/governance/PolicyPage"), "PolicyPage");
const ResponsibilitiesPage = lazyPage(() => import("../pages/governance/ResponsibilitiesPage"), "ResponsibilitiesPage");
const TrainingPage = lazyPage(() => import("../pages/governance/TrainingPage"), "TrainingPage");
const DeviceModelsPage = lazyPage(() => import("../pages/devices/DeviceModelsPage"), "DeviceModelsPage");
const InstalledBasePage = lazyPage(() => import("../pages/devices/InstalledBasePage"), "InstalledBasePage");
const ComponentSupportPage = lazyPage(() => import("../pages/devices/ComponentSupportPage"), "ComponentSupportPage");
const VersionDetailPage = lazyPage(() => import("../pages/devices/VersionDetailPage"), "VersionDetailPage");
const FindingsPage = lazyPage(() => import("../pages/vulnerabilities/FindingsPage"), "FindingsPage");
const ImportsPage = lazyPage(() => import("../pages/vulnerabilities/ImportsPage"), "ImportsPage");
const CsafProvidersPage = lazyPage(() => import("../pages/vulnerabilities/CsafProvidersPage"), "CsafProvidersPage");
const CsafProviderPage = lazyPage(() => import("../pages/vulnerabilities/CsafProviderPage"), "CsafProviderPage");
const VulnerabilityPage = lazyPage(() => import("../pages/vulnerabilities/VulnerabilityPage"), "VulnerabilityPage");
const TriagePoliciesPage = lazyPage(() => import("../pages/vulnerabilities/TriagePoliciesPage"), "TriagePoliciesPage");
const BoardPage = lazyPage(() => import("../pages/incidents/BoardPage"), "BoardPage");
const CalendarPage = lazyPage(() => import("../pages/incidents/CalendarPage"), "CalendarPage");
const ClockCalculatorPage = lazyPage(() => import("../pages/incidents/ClockCalculatorPage"), "ClockCalculatorPage");
const DeclareIncidentPage = lazyPage(() => import("../pages/incidents/DeclareIncidentPage"), "DeclareIncidentPage");
const IncidentDetailPage = lazyPage(() => import("../pages/incidents/IncidentDetailPage"), "IncidentDetailPage");
const IncidentsListPage = lazyPage(() => import("../pages/incidents/IncidentsListPage"), "IncidentsListPage");
const ExercisesPage = lazyPage(() => import("../pages/continuity/ContinuityPages"), "ExercisesPage");
const PlansPage = lazyPage(() => import("../pages/continuity/ContinuityPages"), "PlansPage");
const RestoreTestsPage = lazyPage(() => import("../pages/continuity/ContinuityPages"), "RestoreTestsPage");
const OrganisationPage = lazyPage(() => import("../pages/organisation/OrganisationPage"), "OrganisationPage");
const PortalAdvisoriesPage = lazyPage(() => import("../pages/portal/PortalAdvisoriesPage"), "PortalAdvisoriesPage");
const HeatMapPage = lazyPage(() => import("../pages/risks/HeatMapPage"), "HeatMapPage");
const RiskMatrixPage = lazyPage(() => import("../pages/risks/MatrixPage"), "MatrixPage");
const RiskDetailPage = lazyPage(() => import("../pages/risks/RiskDetailPage"), "RiskDetailPage");
const RiskRegisterPage = lazyPage(() => import("../pages/risks/RiskRegisterPage"), "RiskRegisterPage");
const RiskTemplatesPage = lazyPage(() => import("../pages/risks/TemplatesPage"), "TemplatesPage");
const PortalDevicesPage = lazyPage(() => import("../pages/portal/PortalDevicesPage"), "PortalDevicesPage");
const QuestionnairePage = lazyPage(() => import("../pages/public/QuestionnairePage"), "QuestionnairePage");
const SupplierDetailPage = lazyPage(() => import("../pages/suppliers/SupplierDetailPage"), "SupplierDetailPage");
const SupplierPortfolioPage = lazyPage(() => import("../pages/suppliers/PortfolioPage"), "SupplierPortfolioPage");
const SuppliersPage = lazyPage(() => import("../pages/suppliers/SuppliersPage"), "SuppliersPage");

/** Customers land in their portal, everybody else on the dashboard. */
function Home() {
  const { user } = useSession();
  return isCustomer(user) ? <Navigate to="/portal" replace /> : <DashboardPage />;
}

/** Internal pages are not for customers; portal pages only for them. */
function Internal({ children }: { children: React.ReactNode }) {
  return <RequirePermission anyOf={["workspace:read"]}>{children}</RequirePermission>;
}

function Portal({ children }: { children: React.ReactNode }) {
  return <RequirePermission anyOf={["portal:read"]}>{children}</RequirePermission>;
}

function AdminHome() {
  const { user } = useSession();
  return <Navigate to={user.permissions.includes("users:manage") ? "/admin/users" : "/admin/audit"} replace />;
}

export const router = createBrowserRouter([
  { path: "/sign-in", element: <SignInPage />, errorElement: <CrashPage /> },
  // Coordinated vulnerability disclosure: public, no account.
  { path: "/report-vulnerability", element: <ReportVulnerabilityPage />, errorElement: <CrashPage /> },
  { path: "/report-vulnerability/track", element: <TrackReportPage />, errorElement: <CrashPage /> },
  { path: "/vulnerability-disclosure-policy", element: <DisclosurePolicyPage />, errorElement: <CrashPage /> },
  // A supplier answers a questionnaire through its link, without an account.
  { path: "/q/:token", element: <QuestionnairePage />, errorElement: <CrashPage /> },
  {
    element: <RequireSession />,
    errorElement: <CrashPage />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Home /> },
          { path: "account", element: <AccountPage /> },
          { path: "organisation", element: <Internal><OrganisationPage /></Internal> },
          { path: "compliance/applicability", element: <Internal><ApplicabilityPage /></Internal> },
          { path: "compliance/catalog", element: <Internal><CatalogPage /></Internal> },
          { path: "compliance", element: <Internal><ControlsPage /></Internal> },
          { path: "compliance/frameworks", element: <Internal><FrameworksPage /></Internal> },
          { path: "compliance/controls/:id", element: <Internal><ControlDetailPage /></Internal> },
          { path: "compliance/crosswalk", element: <Internal><CrosswalkPage /></Internal> },
          { path: "compliance/evidence", element: <Internal><EvidencePage /></Internal> },
          { path: "compliance/soa", element: <Internal><SoaPage /></Internal> },
          { path: "governance", element: <Navigate to="/governance/responsibilities" replace /> },
          { path: "governance/responsibilities", element: <Internal><ResponsibilitiesPage /></Internal> },
          { path: "governance/policies", element: <Internal><PoliciesPage /></Internal> },
          { path: "governance/policies/:id", element: <Internal><PolicyPage /></Internal> },
          { path: "governance/training", element: <Internal><TrainingPage /></Internal> },
          { path: "governance/training/:id", element: <Internal><CampaignPage /></Internal> },
          { path: "obligations", element: <Internal><ObligationsPage /></Internal> },
          { path: "reports", element: <RequirePermission anyOf={["reports:export"]}><ReportsPage /></RequirePermission> },
          { path: "risks", element: <Internal><RiskRegisterPage /></Internal> },
          { path: "risks/heatmap", element: <Internal><HeatMapPage /></Internal> },
          { path: "risks/templates", element: <Internal><RiskTemplatesPage /></Internal> },
          { path: "risks/matrix", element: <Internal><RiskMatrixPage /></Internal> },
          { path: "risks/:id", element: <Internal><RiskDetailPage /></Internal> },
          { path: "continuity", element: <Navigate to="/continuity/plans" replace /> },
          { path: "continuity/plans", element: <Internal><PlansPage /></Internal> },
          { path: "continuity/exercises", element: <Internal><ExercisesPage /></Internal> },
          { path: "continuity/restore-tests", element: <Internal><RestoreTestsPage /></Internal> },
          { path: "devices", element: <Internal><DeviceModelsPage /></Internal> },
          { path: "devices/installed", element: <Internal><InstalledBasePage /></Internal> },
          { path: "devices/component-support", element: <Internal><ComponentSupportPage /></Internal> },
          { path: "devices/versions/:versionId", element: <Internal><VersionDetailPage /></Internal> },
          { path: "vulnerabilities", element: <Internal><FindingsPage /></Internal> },
          { path: "vulnerabilities/imports", element: <Internal><ImportsPage /></Internal> },
          { path: "vulnerabilities/policies", element: <Internal><TriagePoliciesPage /></Internal> },
          { path: "vulnerabilities/csaf-providers", element: <Internal><CsafProvidersPage /></Internal> },
          { path: "vulnerabilities/csaf-providers/:id", element: <Internal><CsafProviderPage /></Internal> },
          { path: "vulnerabilities/v/:id", element: <Internal><VulnerabilityPage /></Internal> },
          { path: "suppliers", element: <Internal><SuppliersPage /></Internal> },
          { path: "suppliers/portfolio", element: <Internal><SupplierPortfolioPage /></Internal> },
          { path: "suppliers/:id", element: <Internal><SupplierDetailPage /></Internal> },
          { path: "incidents", element: <Internal><BoardPage /></Internal> },
          { path: "incidents/list", element: <Internal><IncidentsListPage /></Internal> },
          { path: "incidents/new", element: <RequirePermission anyOf={["incidents:write"]}><DeclareIncidentPage /></RequirePermission> },
          { path: "incidents/calendar", element: <Internal><CalendarPage /></Internal> },
          { path: "incidents/clocks", element: <Internal><ClockCalculatorPage /></Internal> },
          { path: "incidents/:id", element: <Internal><IncidentDetailPage /></Internal> },
          { path: "advisories", element: <Internal><AdvisoriesPage /></Internal> },
          { path: "advisories/new", element: <Internal><AdvisoryEditorPage /></Internal> },
          { path: "advisories/disclosure", element: <Internal><DisclosureInboxPage /></Internal> },
          { path: "advisories/policy", element: <Internal><CvdPolicySettingsPage /></Internal> },
          { path: "advisories/:id", element: <Internal><AdvisoryEditorPage /></Internal> },
          { path: "admin", element: <RequirePermission anyOf={["users:manage", "audit:read"]}><AdminHome /></RequirePermission> },
          { path: "admin/users", element: <RequirePermission anyOf={["users:manage"]}><UsersPage /></RequirePermission> },
          { path: "admin/sign-in", element: <RequirePermission anyOf={["users:manage"]}><SignInPolicyPage /></RequirePermission> },
          { path: "admin/audit", element: <RequirePermission anyOf={["audit:read"]}><AuditPage /></RequirePermission> },
          { path: "admin/notifications", element: <RequirePermission anyOf={["settings:manage"]}><NotificationsAdminPage /></RequirePermission> },
          { path: "portal", element: <Portal><PortalDevicesPage /></Portal> },
          { path: "portal/devices/:model", element: <Portal><PortalDevicesPage /></Portal> },
          { path: "portal/advisories", element: <Portal><PortalAdvisoriesPage /></Portal> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
