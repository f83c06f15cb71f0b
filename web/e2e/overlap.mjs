// Checks shared by the browser tests (e2e.mjs, audit.mjs).

/** svgTextClashes runs in the page over chart <svg> elements (Playwright's evaluateAll) and
 * returns the pairs of non-empty <text> labels of one chart whose boxes overlap, each as
 * `chart: "a" / "b"`, the chart named by its nearest data-corridor (else "breakdown"). */
export function svgTextClashes(svgs) {
  return svgs.flatMap((svg) => {
    const boxes = [...svg.querySelectorAll("text")]
      .filter((t) => (t.textContent ?? "").trim())
      .map((t) => ({ t: t.textContent.trim(), r: t.getBoundingClientRect() }));
    const name = svg.closest("[data-corridor]")?.getAttribute("data-corridor") ?? "breakdown";
    return boxes.flatMap((a, i) =>
      boxes
        .slice(i + 1)
        .filter(({ r: b }) => a.r.left < b.right - 0.5 && b.left < a.r.right - 0.5 && a.r.top < b.bottom - 0.5 && b.top < a.r.bottom - 0.5)
        .map((b) => `${name}: "${a.t}" / "${b.t}"`),
    );
  });
}

/** SIM_CHARTS selects the simulation view's charts: the histograms and "where the time goes". */
export const SIM_CHARTS = '[data-testid="sim-histogram"] svg, [data-testid="sim-breakdown"] svg';
