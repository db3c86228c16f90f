import { createBrowserRouter, Navigate } from "react-router";
import { RequirePermission, RequireSession, isCustomer, useSession } from "../auth/session";
import { AccountPage } from "../pages/account/AccountPage";
import { AdvisoriesPage } from "../pages/advisories/AdvisoriesPage";
import { AdvisoryEditorPage } from "../pages/advisories/AdvisoryEditorPage";
import { CvdPolicySettingsPage, DisclosureInboxPage } from "../pages/disclosure/DisclosurePages";
import { DisclosurePolicyPage, ReportVulnerabilityPage, TrackReportPage } from "../pages/disclosure/PublicPages";
import { AuditPage } from "../pages/admin/AuditPage";
import { NotificationsAdminPage } from "../pages/admin/NotificationsAdminPage";
import { UsersPage } from "../pages/admin/UsersPage";
import { SignInPage } from "../pages/auth/SignInPage";
import { ApplicabilityPage } from "../pages/compliance/ApplicabilityPage";
import { CatalogPage } from "../pages/compliance/CatalogPage";
import { ControlDetailPage } from "../pages/compliance/ControlDetailPage";
import { ControlsPage } from "../pages/compliance/ControlsPage";
import { CrosswalkPage } from "../pages/compliance/CrosswalkPage";
import { EvidencePage } from "../pages/compliance/EvidencePage";
import { FrameworksPage } from "../pages/compliance/FrameworksPage";
import { SoaPage } from "../pages/compliance/SoaPage";
import { DashboardPage } from "../pages/dashboard/DashboardPage";
import { ObligationsPage } from "../pages/dashboard/ObligationsPage";
import { ReportsPage } from "../pages/reports/ReportsPage";
import { CampaignPage } from "../pages/governance/CampaignPage";
import { PoliciesPage } from "../pages/governance/PoliciesPage";
import { PolicyPage } from "../pages/governance/PolicyPage";
import { ResponsibilitiesPage } from "../pages/governance/ResponsibilitiesPage";
import { TrainingPage } from "../pages/governance/TrainingPage";
import { DeviceModelsPage } from "../pages/devices/DeviceModelsPage";
import { InstalledBasePage } from "../pages/devices/InstalledBasePage";
import { VersionDetailPage } from "../pages/devices/VersionDetailPage";
import { FindingsPage } from "../pages/vulnerabilities/FindingsPage";
import { ImportsPage } from "../pages/vulnerabilities/ImportsPage";
import { VulnerabilityPage } from "../pages/vulnerabilities/VulnerabilityPage";
import { BoardPage } from "../pages/incidents/BoardPage";
import { CalendarPage } from "../pages/incidents/CalendarPage";
import { ClockCalculatorPage } from "../pages/incidents/ClockCalculatorPage";
import { DeclareIncidentPage } from "../pages/incidents/DeclareIncidentPage";
import { IncidentDetailPage } from "../pages/incidents/IncidentDetailPage";
import { IncidentsListPage } from "../pages/incidents/IncidentsListPage";
import { CrashPage, NotFoundPage } from "../pages/ErrorPages";
import { ExercisesPage, PlansPage, RestoreTestsPage } from "../pages/continuity/ContinuityPages";
import { OrganisationPage } from "../pages/organisation/OrganisationPage";
import { PortalAdvisoriesPage } from "../pages/portal/PortalAdvisoriesPage";
import { HeatMapPage } from "../pages/risks/HeatMapPage";
import { MatrixPage as RiskMatrixPage } from "../pages/risks/MatrixPage";
import { RiskDetailPage } from "../pages/risks/RiskDetailPage";
import { RiskRegisterPage } from "../pages/risks/RiskRegisterPage";
import { TemplatesPage as RiskTemplatesPage } from "../pages/risks/TemplatesPage";
import { PortalDevicesPage } from "../pages/portal/PortalDevicesPage";
import { QuestionnairePage } from "../pages/public/QuestionnairePage";
import { SupplierDetailPage } from "../pages/suppliers/SupplierDetailPage";
import { SupplierPortfolioPage } from "../pages/suppliers/PortfolioPage";
import { SuppliersPage } from "../pages/suppliers/SuppliersPage";
import { AppLayout } from "./AppLayout";

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
          { path: "devices/versions/:versionId", element: <Internal><VersionDetailPage /></Internal> },
          { path: "vulnerabilities", element: <Internal><FindingsPage /></Internal> },
          { path: "vulnerabilities/imports", element: <Internal><ImportsPage /></Internal> },
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
