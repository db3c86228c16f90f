import type { ThreatModel } from "./types";

const BOX_W = 140;
const BOX_H = 40;
const COL_GAP = 70;
const ROW_GAP = 28;
const TOP = 44;
const PAD = 12;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Splits a label into at most two lines that fit a box; the rest is cut with an ellipsis. */
function lines(text: string, max = 24): string[] {
  const words = text.split(/\s+/);
  const out = [""];
  for (const w of words) {
    const cur = out[out.length - 1];
    if (!cur) out[out.length - 1] = w;
    else if (`${cur} ${w}`.length <= max) out[out.length - 1] = `${cur} ${w}`;
    else if (out.length < 2) out.push(w);
    else {
      out[1] = `${out[1]}…`;
      break;
    }
  }
  return out.map((l) => (l.length > max + 1 ? `${l.slice(0, max)}…` : l));
}

export type DiagramBox = { id: string; x: number; y: number };
/** A trust boundary's frame; `name` is null for the column of elements outside every boundary (drawn without frame). */
export type DiagramGroup = { name: string | null; ids: string[]; x: number; y: number; width: number; height: number };
export type ArchitectureLayout = { groups: DiagramGroup[]; boxes: Map<string, DiagramBox>; width: number; height: number; boxWidth: number; boxHeight: number };

/**
 * Where the architecture's parts go, for every drawing of it (documents and the page): one column per trust boundary
 * and one for the elements outside every boundary. An element in several boundaries is drawn in the first; the flow
 * table beside the drawing names every boundary a flow crosses.
 */
export function architectureLayout(model: {
  elements: ReadonlyArray<{ id: string }>;
  boundaries: ReadonlyArray<{ name: string; elementIds: readonly string[] }>;
}): ArchitectureLayout {
  const placed = new Set<string>();
  const columns: Array<{ name: string | null; ids: string[] }> = [];
  for (const b of model.boundaries) {
    const ids = b.elementIds.filter((id) => !placed.has(id) && model.elements.some((e) => e.id === id));
    for (const id of ids) placed.add(id);
    columns.push({ name: b.name, ids });
  }
  const outside = model.elements.filter((e) => !placed.has(e.id)).map((e) => e.id);
  if (outside.length || columns.length === 0) columns.push({ name: null, ids: outside });

  const boxes = new Map<string, DiagramBox>();
  for (const [col, g] of columns.entries()) {
    for (const [row, id] of g.ids.entries()) boxes.set(id, { id, x: PAD + col * (BOX_W + COL_GAP) + PAD, y: TOP + row * (BOX_H + ROW_GAP) });
  }
  const rows = Math.max(1, ...columns.map((g) => g.ids.length));
  const width = PAD * 2 + columns.length * (BOX_W + COL_GAP) - COL_GAP + PAD * 2;
  const height = TOP + rows * (BOX_H + ROW_GAP) + PAD;
  const groups = columns.map((g, col) => ({ ...g, x: PAD + col * (BOX_W + COL_GAP), y: PAD, width: BOX_W + PAD * 2, height: height - PAD * 2 }));
  return { groups, boxes, width, height, boxWidth: BOX_W, boxHeight: BOX_H };
}

/** The architecture as an SVG drawing for documents: boundaries as dashed frames with their names, elements as boxes, data flows as arrows labelled with their data. */
export function architectureSvg(model: ThreatModel): { svg: string; width: number; height: number } {
  const { groups, boxes, width, height } = architectureLayout(model);
  const names = new Map(model.elements.map((e) => [e.id, e.name]));
  const parts: string[] = [];

  for (const g of groups) {
    if (g.name === null) continue;
    parts.push(`<rect x="${g.x}" y="${g.y}" width="${g.width}" height="${g.height}" fill="none" stroke="#b02a37" stroke-width="1" stroke-dasharray="5,3"/>`);
    parts.push(`<text x="${g.x + 6}" y="${g.y + 14}" font-family="Roboto" font-size="9" fill="#b02a37">${escapeXml(lines(g.name, 30)[0])}</text>`);
  }
  for (const [id, b] of boxes) {
    parts.push(`<rect x="${b.x}" y="${b.y}" width="${BOX_W}" height="${BOX_H}" rx="4" fill="#eef2f6" stroke="#1c3d5a" stroke-width="1"/>`);
    const label = lines(names.get(id) ?? id);
    label.forEach((l, i) => {
      const y = b.y + BOX_H / 2 + (i - (label.length - 1) / 2) * 11 + 3;
      parts.push(`<text x="${b.x + BOX_W / 2}" y="${y}" font-family="Roboto" font-size="9" text-anchor="middle" fill="#1c3d5a">${escapeXml(l)}</text>`);
    });
  }
  model.flows.forEach((f, i) => {
    const a = boxes.get(f.from);
    const b = boxes.get(f.to);
    if (!a || !b) return;
    // Several flows between the same pair are spread vertically so that their labels do not overlap.
    const shift = ((i % 3) - 1) * 8;
    let x1: number;
    let x2: number;
    let y1 = a.y + BOX_H / 2 + shift;
    let y2 = b.y + BOX_H / 2 + shift;
    if (a.x === b.x) {
      // Same column: a vertical arrow between the boxes' facing edges.
      x1 = x2 = a.x + BOX_W / 2 + shift * 2;
      y1 = b.y > a.y ? a.y + BOX_H : a.y;
      y2 = b.y > a.y ? b.y : b.y + BOX_H;
    } else {
      x1 = a.x < b.x ? a.x + BOX_W : a.x;
      x2 = a.x < b.x ? b.x : b.x + BOX_W;
    }
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const head = [angle - 0.4, angle + 0.4].map((t) => `${(x2 - 7 * Math.cos(t)).toFixed(1)},${(y2 - 7 * Math.sin(t)).toFixed(1)}`);
    parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#495057" stroke-width="1"/>`);
    parts.push(`<polygon points="${x2},${y2} ${head.join(" ")}" fill="#495057"/>`);
    const vertical = x1 === x2;
    const label = escapeXml(lines(f.data, 28)[0]);
    parts.push(
      `<text x="${vertical ? x1 + 4 : (x1 + x2) / 2}" y="${(y1 + y2) / 2 - (vertical ? -3 : 3)}" font-family="Roboto" font-size="7" text-anchor="${vertical ? "start" : "middle"}" fill="#212529">${label}</text>`,
    );
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join("")}</svg>`;
  return { svg, width, height };
}
