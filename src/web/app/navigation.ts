import {
  IconAlertOctagon,
  IconBuildingFactory2,
  IconCalendarDue,
  IconChecklist,
  IconDeviceDesktopAnalytics,
  IconFileReport,
  IconGauge,
  IconLifebuoy,
  IconShieldLock,
  IconSpeakerphone,
  IconTruckDelivery,
  IconBug,
  IconUserShield,
  IconUsersGroup,
  IconAlertTriangle,
  IconBuildingHospital,
  type Icon,
} from "@tabler/icons-react";
import type { Permission, Role } from "../../core/access/roles";
import type { Me } from "../api/types";

export type NavItem = {
  label: string;
  to: string;
  icon?: Icon;
  /** Shown only to users with at least one of these permissions. */
  anyOf?: Permission[];
  children?: NavItem[];
};

/** The internal workspace, by domain. */
export const workspaceNavigation: NavItem[] = [
  { label: "Dashboard", to: "/", icon: IconGauge },
  { label: "Obligations", to: "/obligations", icon: IconCalendarDue, anyOf: ["workspace:read"] },
  { label: "Organisation", to: "/organisation", icon: IconBuildingFactory2 },
  {
    label: "Compliance",
    to: "/compliance",
    icon: IconChecklist,
    children: [
      { label: "NIS2 applicability", to: "/compliance/applicability" },
      { label: "Regulatory catalog", to: "/compliance/catalog" },
      { label: "Frameworks", to: "/compliance/frameworks" },
      { label: "Controls", to: "/compliance" },
      { label: "Crosswalk", to: "/compliance/crosswalk" },
      { label: "Evidence", to: "/compliance/evidence" },
      { label: "Statement of Applicability", to: "/compliance/soa" },
    ],
  },
  {
    label: "Governance",
    to: "/governance",
    icon: IconUsersGroup,
    children: [
      { label: "Responsibilities", to: "/governance/responsibilities" },
      { label: "Policies", to: "/governance/policies" },
      { label: "Training", to: "/governance/training" },
    ],
  },
  {
    label: "Risks",
    to: "/risks",
    icon: IconAlertTriangle,
    children: [
      { label: "Register", to: "/risks" },
      { label: "Heat map", to: "/risks/heatmap" },
      { label: "Templates", to: "/risks/templates" },
      { label: "Matrix", to: "/risks/matrix" },
    ],
  },
  {
    label: "Continuity",
    to: "/continuity",
    icon: IconLifebuoy,
    children: [
      { label: "Plans", to: "/continuity/plans" },
      { label: "Exercises", to: "/continuity/exercises" },
      { label: "Backup-restore tests", to: "/continuity/restore-tests" },
    ],
  },
  {
    label: "Devices & SBOMs",
    to: "/devices",
    icon: IconDeviceDesktopAnalytics,
    children: [
      { label: "Device models", to: "/devices" },
      { label: "Installed base", to: "/devices/installed" },
      { label: "Component support", to: "/devices/component-support" },
    ],
  },
  { label: "Vulnerabilities", to: "/vulnerabilities", icon: IconBug },
  {
    label: "Advisories",
    to: "/advisories",
    icon: IconSpeakerphone,
    children: [
      { label: "Advisories", to: "/advisories" },
      { label: "Disclosure reports", to: "/advisories/disclosure" },
      { label: "CVD policy", to: "/advisories/policy" },
    ],
  },
  {
    label: "Incidents",
    to: "/incidents",
    icon: IconAlertOctagon,
    children: [
      { label: "Board", to: "/incidents" },
      { label: "All incidents", to: "/incidents/list" },
      { label: "Calendar", to: "/incidents/calendar" },
      { label: "Clock calculator", to: "/incidents/clocks" },
    ],
  },
  {
    label: "Suppliers",
    to: "/suppliers",
    icon: IconTruckDelivery,
    children: [
      { label: "Supplier register", to: "/suppliers" },
      { label: "Portfolio", to: "/suppliers/portfolio" },
    ],
  },
  { label: "Reports", to: "/reports", icon: IconFileReport, anyOf: ["reports:export"] },
  {
    label: "Admin",
    to: "/admin",
    icon: IconUserShield,
    anyOf: ["users:manage", "audit:read", "settings:manage"],
    children: [
      { label: "Users", to: "/admin/users", anyOf: ["users:manage"] },
      { label: "Sign-in", to: "/admin/sign-in", anyOf: ["users:manage"] },
      { label: "Audit trail", to: "/admin/audit", anyOf: ["audit:read"] },
      { label: "Notifications", to: "/admin/notifications", anyOf: ["settings:manage"] },
    ],
  },
];

/** The customer portal: the customer's own installed devices and, later, the advisories about them. */
export function portalNavigation(deviceModels: string[]): NavItem[] {
  return [
    {
      label: "Installed devices",
      to: "/portal",
      icon: IconBuildingHospital,
      children:
        deviceModels.length > 0
          ? [{ label: "All devices", to: "/portal" }, ...deviceModels.map((m) => ({ label: m, to: `/portal/devices/${encodeURIComponent(m)}` }))]
          : undefined,
    },
    { label: "Security advisories", to: "/portal/advisories", icon: IconShieldLock },
  ];
}

/** Whether a navigation item is the current page (a parent: one of its children is). */
export function isActive(item: NavItem, pathname: string, nested = false): boolean {
  if (item.children) return item.children.some((c) => isActive(c, pathname, true));
  if (nested || item.to === "/") return pathname === item.to;
  return pathname === item.to || pathname.startsWith(`${item.to}/`);
}

/** The sections a role works in most, right after the dashboard; the rest keep their order. */
const firstSections: Partial<Record<Role, string[]>> = {
  compliance_manager: ["Compliance", "Obligations", "Risks", "Governance", "Suppliers"],
  security_officer: ["Vulnerabilities", "Devices & SBOMs", "Advisories"],
  incident_manager: ["Incidents", "Obligations"],
  auditor: ["Admin", "Reports", "Compliance"],
};

/** The items this user may see, the role's own sections first; a parent without visible children is dropped. */
export function visibleItems(items: NavItem[], user: Me): NavItem[] {
  const allowed = (i: NavItem) => !i.anyOf || i.anyOf.some((p) => user.permissions.includes(p));
  const visible = items.filter(allowed).flatMap((i) => {
    if (!i.children) return [i];
    const children = i.children.filter(allowed);
    return children.length > 0 ? [{ ...i, to: children[0].to, children }] : [];
  });
  const first = firstSections[user.role] ?? [];
  const rank = (i: NavItem) => (i.to === "/" ? -1 : first.includes(i.label) ? first.indexOf(i.label) : first.length);
  return visible.map((item, index) => ({ item, index })).sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index).map(({ item }) => item);
}
