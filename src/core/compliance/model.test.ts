import { expect, test } from "vitest";
import { groupLabel } from "./model";

test("a coverage group is labelled by its catalog citation and title, not its id", () => {
  expect(groupLabel("Art. 20", "Governance")).toBe("Art. 20 Governance");
  expect(groupLabel("Art. 21", "Art. 21 measures")).toBe("Art. 21 measures");
  expect(groupLabel("", "Governance")).toBe("Governance");
});
