import { describe, expect, test } from "vitest";
import { claimValues, mappedRole, parseRoleMap, passwordSignInAllowed, secondFactorRequired } from ".";

describe("role map", () => {
  test("parses group=role pairs, groups may contain '='", () => {
    const { map, problems } = parseRoleMap(" vigil-admins=admin, cn=psirt=security_officer ,auditors=auditor");
    expect(problems).toEqual([]);
    expect([...map]).toEqual([
      ["vigil-admins", "admin"],
      ["cn=psirt", "security_officer"],
      ["auditors", "auditor"],
    ]);
  });

  test("names every bad entry", () => {
    const { problems } = parseRoleMap("a=root,=admin,b=customer,c=admin,c=auditor,plain");
    expect(problems).toEqual([
      expect.stringContaining('"root" in "a=root" is not a role'),
      expect.stringContaining('"=admin" is not group=role'),
      expect.stringContaining("customer users are created by an administrator"),
      expect.stringContaining('group "c" is mapped twice'),
      expect.stringContaining('"plain" is not group=role'),
    ]);
    expect(parseRoleMap(" , ").problems).toEqual(["maps no group to a role"]);
  });

  test("reads string, list and nested claims, own properties only", () => {
    expect(claimValues({ groups: "a" }, "groups")).toEqual(["a"]);
    expect(claimValues({ groups: ["a", 3, "b"] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ realm_access: { roles: ["x"] } }, "realm_access.roles")).toEqual(["x"]);
    expect(claimValues({}, "constructor")).toEqual([]);
    expect(claimValues({ groups: null }, "groups.x")).toEqual([]);
  });

  test("the highest mapped role wins; unmapped groups give no role", () => {
    const { map } = parseRoleMap("staff=contributor,psirt=security_officer,it=admin");
    expect(mappedRole({ groups: ["staff", "psirt"] }, "groups", map)).toBe("security_officer");
    expect(mappedRole({ groups: ["psirt", "it"] }, "groups", map)).toBe("admin");
    expect(mappedRole({ groups: ["visitors"] }, "groups", map)).toBeNull();
    expect(mappedRole({}, "groups", map)).toBeNull();
  });
});

describe("sign-in policy", () => {
  const off = { localSignIn: false, breakGlassEmails: ["root@example.com"] };
  test("with local sign-in off only a break-glass administrator may use a password", () => {
    expect(passwordSignInAllowed({ email: "Root@example.com", role: "admin" }, off)).toBe(true);
    expect(passwordSignInAllowed({ email: "root@example.com", role: "auditor" }, off)).toBe(false);
    expect(passwordSignInAllowed({ email: "other@example.com", role: "admin" }, off)).toBe(false);
    expect(passwordSignInAllowed({ email: "other@example.com", role: "auditor" }, { ...off, localSignIn: true })).toBe(true);
  });
  test("second factor by role", () => {
    expect(secondFactorRequired("admin", ["admin"])).toBe(true);
    expect(secondFactorRequired("auditor", ["admin"])).toBe(false);
  });
});
