import { createBrowserRouter, Navigate } from "react-router";
import { RequirePermission, RequireSession, isCustomer, useSession } from "../auth/session";
import { AccountPage } from "../pages/account/AccountPage";
import { AuditPage } from "../pages/admin/AuditPage";
import { UsersPage } from "../pages/admin/UsersPage";
import { SignInPage } from "../pages/auth/SignInPage";
import { ApplicabilityPage } from "../pages/compliance/ApplicabilityPage";
import { CatalogPage } from "../pages/compliance/CatalogPage";
import { DashboardPage } from "../pages/dashboard/DashboardPage";
import { DeviceModelsPage } from "../pages/devices/DeviceModelsPage";
import { InstalledBasePage } from "../pages/devices/InstalledBasePage";
import { CrashPage, NotFoundPage } from "../pages/ErrorPages";
import { OrganisationPage } from "../pages/organisation/OrganisationPage";
import { PortalAdvisoriesPage } from "../pages/portal/PortalAdvisoriesPage";
import { PortalDevicesPage } from "../pages/portal/PortalDevicesPage";
import { plannedSections } from "../pages/sections/planned";
import { NotAvailable } from "../components/NotAvailable";
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
          { path: "devices", element: <Internal><DeviceModelsPage /></Internal> },
          { path: "devices/installed", element: <Internal><InstalledBasePage /></Internal> },
          ...plannedSections.map((s) => ({ path: s.path, element: <Internal><NotAvailable {...s} /></Internal> })),
          { path: "admin", element: <RequirePermission anyOf={["users:manage", "audit:read"]}><AdminHome /></RequirePermission> },
          { path: "admin/users", element: <RequirePermission anyOf={["users:manage"]}><UsersPage /></RequirePermission> },
          { path: "admin/audit", element: <RequirePermission anyOf={["audit:read"]}><AuditPage /></RequirePermission> },
          { path: "portal", element: <Portal><PortalDevicesPage /></Portal> },
          { path: "portal/devices/:model", element: <Portal><PortalDevicesPage /></Portal> },
          { path: "portal/advisories", element: <Portal><PortalAdvisoriesPage /></Portal> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
