import { describe, expect, test } from "vitest";
import { type Role, rolePermissions } from "../../core/access/roles";
import type { Me } from "../api/types";
import { type NavItem, visibleItems, workspaceNavigation } from "./navigation";

const userWith = (role: Role) => ({ role, permissions: [...rolePermissions[role]] }) as unknown as Me;
const labels = (items: NavItem[]) => items.map((i) => i.label);
const allPaths = (items: NavItem[]): string[] => items.flatMap((i) => (i.children ? i.children.map((c) => c.to) : [i.to]));

describe("the navigation per role", () => {
  test("an auditor sees the audit trail and reports first and no page it cannot open", () => {
    const items = visibleItems(workspaceNavigation, userWith("auditor"));
    expect(labels(items).slice(0, 4)).toEqual(["Dashboard", "Admin", "Reports", "Compliance"]);
    expect(items.find((i) => i.label === "Admin")?.children?.map((c) => c.label)).toEqual(["Audit trail"]);
    expect(allPaths(items)).not.toContain("/admin/users");
  });

  test("a contributor has neither reports nor admin; a security officer starts with product security", () => {
    expect(labels(visibleItems(workspaceNavigation, userWith("contributor")))).not.toContain("Reports");
    expect(labels(visibleItems(workspaceNavigation, userWith("contributor")))).not.toContain("Admin");
    expect(labels(visibleItems(workspaceNavigation, userWith("security_officer"))).slice(0, 4)).toEqual(["Dashboard", "Vulnerabilities", "Devices & SBOMs", "Advisories"]);
  });

  test("every role keeps every section it may open, once", () => {
    for (const role of ["admin", "compliance_manager", "incident_manager"] as const) {
      const items = labels(visibleItems(workspaceNavigation, userWith(role)));
      expect(new Set(items).size).toBe(items.length);
      expect(items[0]).toBe("Dashboard");
    }
    expect(visibleItems(workspaceNavigation, userWith("admin"))).toHaveLength(workspaceNavigation.length);
  });
});
