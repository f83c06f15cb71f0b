// Label placement for the charts: labels that belong to a position on the x axis (P10, P50,
// P90, a deadline) are set in a band of rows above the plot, each as close to its place as the
// labels already placed allow, so no two overlap; a label moved away from its place gets a
// short leader line to it.

const SVG = "http://www.w3.org/2000/svg";

/** BandLabel is one label: its text element (already in the chart) and the x it names, in px. */
export interface BandLabel {
  el: SVGTextElement;
  x: number;
}

/** Band is where the labels may go: between left and right, in rows of rowHeight px whose
 * lowest row has its baseline at bottom (the top of the plot area, less a gap), at most rows. */
export interface Band {
  left: number;
  right: number;
  bottom: number;
  rowHeight: number;
  rows: number;
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

const GAP = 3; // px kept free between two labels

// width is the label's drawn width; a chart not yet laid out (width 0) uses an estimate.
function width(t: SVGTextElement): number {
  let w = 0;
  try {
    w = t.getComputedTextLength();
  } catch {
    w = 0;
  }
  if (w > 0) return w;
  const size = parseFloat(t.getAttribute("font-size") ?? "10") || 10;
  return (t.textContent ?? "").length * size * 0.62;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 + GAP && b.x0 < a.x1 + GAP && a.y0 < b.y1 && b.y0 < a.y1;

/** placeInBand places the labels in order (the first gets the best place): each goes to the
 * free spot nearest its x, a row higher counting as a shift of one row height; a label that
 * ends up more than 2 px from its x gets a leader line. It sets each label's x, y and
 * text-anchor (middle) and returns the boxes used. */
export function placeInBand(labels: BandLabel[], band: Band): Box[] {
  const placed: Box[] = [];
  for (const { el, x } of labels) {
    const w = width(el);
    const size = parseFloat(el.getAttribute("font-size") ?? "10") || 10;
    const half = w / 2;
    const lo = band.left + half, hi = Math.max(lo, band.right - half);
    const want = Math.min(hi, Math.max(lo, x));
    let best: { cx: number; row: number; cost: number } | null = null;
    for (let row = 0; row < band.rows; row++) {
      const baseline = band.bottom - row * band.rowHeight;
      const y0 = baseline - size - 1, y1 = baseline + 2;
      // candidate centres: the wanted one, and just past each placed box in this row
      const cands = [want];
      for (const p of placed) {
        if (p.y0 >= y1 || y0 >= p.y1) continue;
        cands.push(p.x1 + GAP + half + 0.5, p.x0 - GAP - half - 0.5);
      }
      for (const cx of cands) {
        if (cx < lo - 0.01 || cx > hi + 0.01) continue;
        const box = { x0: cx - half, x1: cx + half, y0, y1 };
        if (placed.some((p) => overlaps(p, box))) continue;
        const cost = Math.abs(cx - x) + row * band.rowHeight * 1.5;
        if (!best || cost < best.cost) best = { cx, row, cost };
      }
    }
    // no free spot in the band: one more row above it
    const cx = best?.cx ?? want, row = best?.row ?? band.rows;
    const baseline = band.bottom - row * band.rowHeight;
    el.setAttribute("x", cx.toFixed(1));
    el.setAttribute("y", baseline.toFixed(1));
    el.setAttribute("text-anchor", "middle");
    placed.push({ x0: cx - half, x1: cx + half, y0: baseline - size - 1, y1: baseline + 2 });
    if (Math.abs(cx - x) > 2 || row > 0) leader(el, cx, baseline + 2, x, band.bottom + 4);
  }
  return placed;
}

// leader draws a thin line from under a label to the top of the plot at x.
function leader(el: SVGTextElement, fromX: number, fromY: number, toX: number, toY: number) {
  const line = document.createElementNS(SVG, "line");
  line.setAttribute("x1", fromX.toFixed(1));
  line.setAttribute("y1", fromY.toFixed(1));
  line.setAttribute("x2", toX.toFixed(1));
  line.setAttribute("y2", toY.toFixed(1));
  line.setAttribute("stroke", el.getAttribute("fill") ?? "#495057");
  line.setAttribute("stroke-width", "0.8");
  line.setAttribute("class", "leader");
  el.before(line);
}

/** bandText makes a label's text element (to be placed by placeInBand). */
export function bandText(text: string, fill: string, fontSize: number, bold = false): SVGTextElement {
  const t = document.createElementNS(SVG, "text");
  t.textContent = text;
  t.setAttribute("fill", fill);
  t.setAttribute("font-size", String(fontSize));
  if (bold) t.setAttribute("font-weight", "700");
  return t;
}
