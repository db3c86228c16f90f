import { describe, expect, it } from "vitest";
import { architectureSvg, threatModelSchema } from ".";

const model = threatModelSchema.parse({
  elements: [
    { id: "fw", name: "Pump firmware", type: "software_item" },
    { id: "ui", name: "Touch <UI> & keys", type: "interface" },
    { id: "net", name: "Hospital network", type: "external_system" },
  ],
  boundaries: [{ id: "tb-device", name: "Device enclosure", elementIds: ["fw", "ui"] }],
  flows: [
    { id: "f1", from: "net", to: "fw", data: "Drug library" },
    { id: "f2", from: "ui", to: "fw", data: "Rate settings" },
  ],
});

describe("architecture drawing", () => {
  it("frames each trust boundary, draws every element once and an arrow per flow, with text escaped", () => {
    const { svg, width, height } = architectureSvg(model);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(1);
    expect(svg).toContain("Device enclosure");
    expect(svg.match(/<rect [^>]*rx="4"/g)).toHaveLength(3);
    expect(svg.match(/<line /g)).toHaveLength(2);
    expect(svg.match(/<polygon /g)).toHaveLength(2);
    expect(svg).toContain("Touch &#60;UI&#62; &#38; keys");
    expect(svg).not.toContain("<UI>");
    expect(width).toBeGreaterThan(2 * 140);
    expect(height).toBeGreaterThan(2 * 40);
  });

  it("an empty model is an empty frame, not an error", () => {
    const { svg } = architectureSvg(threatModelSchema.parse({}));
    expect(svg).toMatch(/^<svg [^>]*><\/svg>$/);
  });
});
