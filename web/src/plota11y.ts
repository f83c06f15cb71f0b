// Observable Plot names each mark's <g> with aria-label ("dot", "rule", "line") but gives it no
// role, and ARIA prohibits a name on a role-less element (axe-core: aria-prohibited-attr). A
// labelled mark group is a group of marks: accessible gives it role="group", so the name stays
// valid and the focusable marks inside stay reachable.

/** accessible gives every labelled, role-less <g> of a Plot chart role="group"; it returns the chart. */
export function accessible<T extends Element>(chart: T): T {
  chart.querySelectorAll("g[aria-label]:not([role])").forEach((g) => g.setAttribute("role", "group"));
  return chart;
}
