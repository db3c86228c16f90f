/** Training campaigns: who must complete them, who did, who is late, and completion rates per role. */

export const CAMPAIGN_KINDS = ["management_body", "awareness", "role_specific", "onboarding"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

/** An assignment targets one user, every user of an access role, or every holder of a security responsibility. */
export type AssignmentTarget = { userId: string } | { role: string } | { responsibilityKey: string };

export type Person = { id: string; role: string; active: boolean };
export type Holder = { responsibilityKey: string; userId: string };
export type Completion = { userId: string; completedAt: Date };

/** The active people an assignment list covers, each once. */
export function assignees(targets: readonly AssignmentTarget[], people: readonly Person[], holders: readonly Holder[]): Person[] {
  const byId = new Map(people.filter((p) => p.active).map((p) => [p.id, p]));
  const out = new Map<string, Person>();
  for (const t of targets) {
    if ("userId" in t) {
      const p = byId.get(t.userId);
      if (p) out.set(p.id, p);
    } else if ("role" in t) {
      for (const p of byId.values()) if (p.role === t.role) out.set(p.id, p);
    } else {
      for (const h of holders) {
        const p = h.responsibilityKey === t.responsibilityKey ? byId.get(h.userId) : undefined;
        if (p) out.set(p.id, p);
      }
    }
  }
  return [...out.values()];
}

export type RoleRate = { role: string; assigned: number; completed: number; rate: number };

/** Completion per access role (and "all"), counting only assigned people. */
export function completionRates(assigned: readonly Person[], completions: readonly Completion[]): { overall: RoleRate; byRole: RoleRate[] } {
  const done = new Set(completions.map((c) => c.userId));
  const tally = (role: string, list: readonly Person[]): RoleRate => {
    const completed = list.filter((p) => done.has(p.id)).length;
    return { role, assigned: list.length, completed, rate: list.length === 0 ? 0 : completed / list.length };
  };
  const roles = [...new Set(assigned.map((p) => p.role))].sort();
  return { overall: tally("all", assigned), byRole: roles.map((r) => tally(r, assigned.filter((p) => p.role === r))) };
}

/** Assigned people without a completion once the due date has passed (none before it, none without a due date). */
export function overdueAssignees(assigned: readonly Person[], completions: readonly Completion[], dueAt: Date | null, now: Date): Person[] {
  if (!dueAt || now.getTime() <= dueAt.getTime()) return [];
  const done = new Set(completions.map((c) => c.userId));
  return assigned.filter((p) => !done.has(p.id));
}
