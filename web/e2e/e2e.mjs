// End-to-end test of the corridor web UI against a running `corridor serve`.
//
//   CORRIDOR_URL=http://127.0.0.1:18080 npm run e2e
//
// Drives Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) with playwright-core, in a
// fresh temporary profile, at 1366×768. Screenshots go to E2E_ARTIFACTS (default
// web/e2e/artifacts). Exits non-zero with a message on the first failed check.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SIM_CHARTS, svgTextClashes } from "./overlap.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.CORRIDOR_URL || "http://127.0.0.1:18080").replace(/\/+$/, "");
const ARTIFACTS = resolve(process.env.E2E_ARTIFACTS || join(here, "artifacts"));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const OVERALL_MS = Number(process.env.E2E_TIMEOUT_MS || 150_000);
const STEP_MS = 20_000;

mkdirSync(ARTIFACTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), "corridor-e2e-"));
let context = null;
let step = "start";
const passed = [];
const t0 = Date.now();
const pageErrors = [];

function log(msg) {
  console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}
class Failure extends Error {}
function check(cond, msg) {
  if (!cond) throw new Failure(msg);
}

async function cleanup() {
  try {
    if (context) await context.close();
  } catch {
    /* already gone */
  }
  context = null;
  rmSync(profile, { recursive: true, force: true });
}

const watchdog = setTimeout(async () => {
  console.error(`e2e FAILED: overall timeout of ${OVERALL_MS / 1000}s exceeded during step "${step}"`);
  await cleanup();
  process.exit(1);
}, OVERALL_MS);

async function main() {
  const next = (name) => {
    if (step !== "start") passed.push(step);
    step = name;
  };
  next("server reachable");
  try {
    const res = await fetch(`${BASE}/api/v1/nodes?q=xian&limit=1`, { signal: AbortSignal.timeout(5000) });
    check(res.ok, `GET ${BASE}/api/v1/nodes answered ${res.status}`);
  } catch (err) {
    throw new Failure(`the server at ${BASE} is not reachable (${err.message}); start it with: corridor serve --addr ${BASE.replace(/^https?:\/\//, "")}`);
  }

  next("launch chromium");
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: 30_000,
  });
  context.setDefaultTimeout(STEP_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });
  const tid = (id) => page.locator(`[data-testid="${id}"]`);

  next("open the app");
  log(`opening ${BASE}/`);
  await page.goto(`${BASE}/`, { waitUntil: "domcontentloaded" });
  await tid("route-form").waitFor();
  check((await page.title()).includes("corridor"), `unexpected page title "${await page.title()}"`);

  next("type-ahead From");
  const from = tid("from-input");
  await from.click();
  await from.pressSequentially("xian", { delay: 40 });
  const xian = page.locator('[data-testid="typeahead-option"]', { hasText: "Xi'an" }).first();
  await xian.waitFor();
  await xian.click();
  check((await from.inputValue()) === "Xi'an", `From shows "${await from.inputValue()}" after picking Xi'an`);

  next("type-ahead To (keyboard)");
  const to = tid("to-input");
  await to.click();
  await to.pressSequentially("duisburg", { delay: 40 });
  await page.locator('[data-testid="typeahead-option"]', { hasText: "Duisburg" }).first().waitFor();
  await to.press("ArrowDown");
  await to.press("ArrowUp");
  await to.press("Enter");
  check((await to.inputValue()) === "Duisburg", `To shows "${await to.inputValue()}" after picking Duisburg`);

  next("search");
  const routeResponse = page.waitForResponse((r) => r.url().endsWith("/api/v1/route") && r.request().method() === "POST");
  const compareResponse = page.waitForResponse((r) => r.url().endsWith("/api/v1/compare") && r.request().method() === "POST");
  await tid("submit").click();
  const rr = await routeResponse;
  check(rr.status() === 200, `POST /api/v1/route answered ${rr.status()}: ${await rr.text()}`);
  const routeBody = await rr.json();
  const cr0 = await compareResponse;
  check(cr0.status() === 200, "POST /api/v1/compare failed");
  const compareBody = await cr0.json();
  log(`route: ${routeBody.itineraries.length} itineraries`);

  next("itineraries");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="itinerary"]').length >= 2);
  const nIt = await tid("itinerary").count();
  check(nIt >= 2, `expected at least 2 itineraries, got ${nIt}`);
  check(nIt === routeBody.itineraries.length, `${nIt} itinerary cards for ${routeBody.itineraries.length} itineraries`);
  check(page.url().includes("from=") && page.url().includes("to="), `the URL does not hold the query: ${page.url()}`);
  await page.locator(".leaflet-overlay-pane path.leg").first().waitFor();

  next("corridor comparison");
  const middle = page.locator('[data-testid="compare-corridor"][data-corridor="middle"]');
  await middle.waitFor();
  check(await middle.isVisible(), "the Middle Corridor column is not visible");
  check((await middle.locator('[data-testid="compare-best"]').count()) === 1, `the Middle Corridor column has no itinerary: "${(await middle.innerText()).replace(/\s+/g, " ")}"`);
  const nCols = await tid("compare-corridor").count();
  check(nCols >= 2, `expected a column per corridor, got ${nCols}`);
  // one classification everywhere: no corridor is infeasible in the comparison while an
  // itinerary of it is listed
  const listed = new Set(await tid("itinerary").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-corridor"))));
  const infeasibleCols = await page
    .locator('[data-testid="compare-corridor"].infeasible')
    .evaluateAll((cols) => cols.map((c) => c.getAttribute("data-corridor")));
  const contradicted = infeasibleCols.filter((c) => listed.has(c));
  check(contradicted.length === 0, `the comparison calls ${contradicted.join(", ")} infeasible while the list shows an itinerary of it`);

  next("corridor comparison: CSV, GeoJSON, printed report");
  const shownCols = await tid("compare-corridor").evaluateAll((cols) => cols.map((c) => c.getAttribute("data-corridor")));
  const [cmpCsvDownload] = await Promise.all([page.waitForEvent("download"), tid("compare-csv").click()]);
  check(/^xi-an-duisburg-corridors\.csv$/.test(cmpCsvDownload.suggestedFilename()), `the comparison CSV is called ${cmpCsvDownload.suggestedFilename()}`);
  const cmpLines = readFileSync(await cmpCsvDownload.path(), "utf8").trim().split(/\r?\n/);
  check(cmpLines[0].startsWith("corridor,name,feasible,days,cost_usd,co2e_kg"), `the comparison CSV header is "${cmpLines[0]}"`);
  check(cmpLines.length === shownCols.length + 1, `the comparison CSV has ${cmpLines.length - 1} rows for ${shownCols.length} corridors shown`);
  const head = cmpLines[0].split(",");
  cmpLines.slice(1).forEach((line, j) => {
    const c = compareBody.corridors[j];
    const cells = line.split(",");
    const at = (h) => cells[head.indexOf(h)];
    check(cells[0] === shownCols[j] && c.corridor === shownCols[j], `comparison CSV row ${j + 1} is "${line}"; column ${j + 1} shows ${shownCols[j]}`);
    check(
      c.best ? at("feasible") === "yes" && Number(at("days")) === c.best.total.days && Number(at("co2e_kg")) === c.best.total.co2e_kg : at("feasible") === "no" && line.includes(c.infeasible ?? "no itinerary"),
      `comparison CSV row ${j + 1} "${line}" does not hold ${c.corridor}'s ${c.best ? `days ${c.best.total.days}` : "reason"}`,
    );
  });
  const [cmpGeoDownload] = await Promise.all([page.waitForEvent("download"), tid("compare-geojson").click()]);
  const cmpGeo = JSON.parse(readFileSync(await cmpGeoDownload.path(), "utf8"));
  const feasibleCols = compareBody.corridors.filter((c) => c.best).map((c) => c.corridor);
  const geoCorridors = new Set(cmpGeo.features.map((f) => f.properties.corridor));
  check(
    cmpGeo.type === "FeatureCollection" && feasibleCols.every((c) => geoCorridors.has(c)) && [...geoCorridors].every((c) => feasibleCols.includes(c)) &&
      cmpGeo.features.every((f) => f.geometry.type === "LineString" && f.geometry.coordinates.length >= 2),
    `the comparison GeoJSON has lines for ${[...geoCorridors].join(", ")}; the feasible corridors are ${feasibleCols.join(", ")}`,
  );
  check(
    JSON.stringify(cmpGeo.infeasible.map((x) => x.corridor)) === JSON.stringify(compareBody.corridors.filter((c) => !c.best).map((c) => c.corridor)),
    `the comparison GeoJSON lists ${JSON.stringify(cmpGeo.infeasible)} as infeasible`,
  );
  // the printed report: map, itineraries, legs and the comparison, without the buttons
  await page.emulateMedia({ media: "print" });
  check(await page.locator(".compare-card").isVisible(), "the printed report leaves out the comparison");
  check((await page.locator('[data-testid="compare-corridor"]:visible').count()) === shownCols.length, "the printed report does not show every corridor");
  check(await tid("compare-csv").isHidden(), "the printed report shows the export buttons");
  check(await page.locator("#map").isVisible(), "the printed report leaves out the map");
  // printed for real (A4 landscape from the print stylesheet): one page; media null, not
  // "screen", which page.pdf would print with
  await page.emulateMedia({ media: null });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pdfPages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  check(pdfPages === 1, `the printed report of Xi'an → Duisburg takes ${pdfPages} pages, not one`);
  log(`comparison CSV: ${cmpLines.length - 1} corridors; GeoJSON: ${cmpGeo.features.length} legs, ${cmpGeo.infeasible.length} infeasible; printed report: ${pdfPages} page`);

  next("Pareto point selects an itinerary");
  const points = tid("pareto-point");
  const nPts = await points.count();
  check(nPts === nIt, `${nPts} Pareto points for ${nIt} itineraries`);
  const k = nPts - 1; // pick the last point: not the one selected by default
  const point = page.locator(`[data-testid="pareto-point"][data-index="${k}"]`);
  await point.click();
  await page.waitForFunction((i) => document.querySelector(`[data-testid="itinerary"][data-index="${i}"]`)?.classList.contains("selected"), k);
  const want = routeBody.itineraries[k].legs;
  const table = tid("legs-table");
  await table.waitFor();
  const rows = await table.locator('[data-testid="leg"]').evaluateAll((trs) =>
    trs.map((tr) => ({
      from: tr.querySelector('[data-testid="leg-from"]')?.getAttribute("data-node-id"),
      to: tr.querySelector('[data-testid="leg-to"]')?.getAttribute("data-node-id"),
      fromName: tr.querySelector('[data-testid="leg-from"]')?.textContent,
      mode: tr.getAttribute("data-mode"),
    })),
  );
  check(rows.length === want.length, `legs table has ${rows.length} rows, itinerary ${k + 1} has ${want.length} legs`);
  rows.forEach((r, j) =>
    check(
      r.from === want[j].from.id && r.to === want[j].to.id && r.mode === want[j].mode,
      `legs table row ${j + 1} is ${r.from}→${r.to} (${r.mode}); itinerary ${k + 1} leg ${j + 1} is ${want[j].from.id}→${want[j].to.id} (${want[j].mode})`,
    ),
  );
  check(rows[0].fromName === "Xi'an", `the first leg starts at "${rows[0].fromName}", not Xi'an`);

  next("borders and why");
  const sel = routeBody.itineraries[k];
  const borderRows = await table.locator('[data-testid="border"]').evaluateAll((trs) =>
    trs.map((tr) => ({ from: tr.getAttribute("data-from"), to: tr.getAttribute("data-to"), text: tr.textContent ?? "" })),
  );
  check(
    borderRows.length === sel.borders.length && sel.borders.length === sel.total.border_crossings,
    `legs table has ${borderRows.length} border rows; itinerary ${k + 1} lists ${sel.borders.length} borders and counts ${sel.total.border_crossings}`,
  );
  borderRows.forEach((b, j) =>
    check(
      b.from === sel.borders[j].from_country && b.to === sel.borders[j].to_country && b.text.includes(sel.borders[j].at.name),
      `border row ${j + 1} is "${b.text}"; want ${sel.borders[j].from_country} → ${sel.borders[j].to_country} at ${sel.borders[j].at.name}`,
    ),
  );
  const card = page.locator(`[data-testid="itinerary"][data-index="${k}"]`);
  const whyText = await card.locator('[data-testid="why"]').innerText();
  check(sel.why && whyText.includes(sel.why.text), `the card says "${whyText}", the answer's why is "${sel.why?.text}"`);
  const cardBorders = await card.locator('[data-testid="itinerary-borders"]').innerText();
  check(cardBorders.startsWith(`${sel.total.border_crossings} border`), `the card's borders read "${cardBorders}"`);
  const legsText = await table.innerText();
  check(/\d{4}-\d\d-\d\d \d\d:\d\d/.test(legsText), "the legs table shows no date with its year");
  check(/\d+ d \d+ h/.test(legsText), "the legs table shows no duration in days and hours");
  check(!sel.legs.some((l) => l.gauge_mm) || /\d{4} mm/.test(legsText), "the legs table shows gauges without mm");
  check((await point.getAttribute("aria-pressed")) === "true", "the clicked Pareto point is not marked as selected");
  // the selected itinerary as CSV: a row per leg, in order, the first from Xi'an
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), tid("export-csv").click()]);
  const csvLines = readFileSync(await csvDownload.path(), "utf8").trim().split(/\r?\n/);
  check(csvLines[0].startsWith("from_id,from,to_id,to,mode"), `the CSV header is "${csvLines[0]}"`);
  check(csvLines.length === want.length + 1, `the CSV has ${csvLines.length - 1} rows for ${want.length} legs`);
  csvLines.slice(1).forEach((line, j) =>
    check(line.startsWith(`${want[j].from.id},`) && line.includes(`,${want[j].mode},`), `CSV row ${j + 1} is "${line}"; leg ${j + 1} is ${want[j].from.id} (${want[j].mode})`),
  );
  const [geoDownload] = await Promise.all([page.waitForEvent("download"), tid("export-geojson").click()]);
  const geo = JSON.parse(readFileSync(await geoDownload.path(), "utf8"));
  check(geo.type === "FeatureCollection" && geo.features.length === want.filter((l) => l.coordinates?.length >= 2).length && geo.features[0].properties.from_id === want[0].from.id,
    `the GeoJSON has ${geo.features?.length} features for ${want.length} legs`);
  check(/well-to-wheel = .* well-to-tank \+ .* tank-to-wheel/.test(await page.locator("#legs-summary").innerText()), "the legs summary does not split the CO2e well-to-wheel");
  await page.waitForTimeout(1200); // let the map finish its fit animation
  await page.screenshot({ path: join(ARTIFACTS, "results.png") });
  await page.locator(".main").evaluate((m) => m.scrollTo(0, m.scrollHeight));
  await page.screenshot({ path: join(ARTIFACTS, "results-bottom.png") });
  log("results screenshots saved");

  next("shareable URL");
  const shared = page.url();
  const again = await context.newPage();
  again.on("pageerror", (err) => pageErrors.push(err.message));
  await again.goto(shared, { waitUntil: "domcontentloaded" });
  await again.waitForFunction((n) => document.querySelectorAll('[data-testid="itinerary"]').length === n, nIt);
  const fromShared = await again.locator('[data-testid="from-input"]').inputValue();
  check(fromShared === "Xi'an", `opening the shared URL shows From "${fromShared}"`);
  await again.close();

  next("Pareto chart by keyboard");
  const ptsAt = await points.evaluateAll((cs) => cs.map((c) => [Number(c.getAttribute("cx")), Number(c.getAttribute("cy"))]));
  const closest = Math.min(...ptsAt.flatMap(([x, y], a) => ptsAt.slice(a + 1).map(([u, v]) => Math.hypot(x - u, y - v))));
  check(ptsAt.length < 2 || closest >= 14, `two Pareto points are ${closest.toFixed(1)} px apart: one covers the other`);
  const byDays = routeBody.itineraries.map((it, i) => [it.total.days, i]).sort((a, b) => a[0] - b[0]);
  await page.locator('[data-testid="pareto-point"][tabindex="0"]').focus();
  await page.keyboard.press("Home");
  const focusedIndex = () => page.evaluate(() => Number(document.activeElement?.getAttribute("data-index")));
  check((await focusedIndex()) === byDays[0][1], `Home focuses point ${await focusedIndex()}, not the fastest (${byDays[0][1]})`);
  await page.keyboard.press("ArrowRight");
  const second = await focusedIndex();
  check(second === byDays[1][1], `ArrowRight focuses point ${second}, not the second fastest (${byDays[1][1]})`);
  await page.keyboard.press("Enter");
  await page.waitForFunction((i) => document.querySelector(`[data-testid="itinerary"][data-index="${i}"]`)?.classList.contains("selected"), second);
  check((await focusedIndex()) === second, "the focus left the chart after Enter selected a point");

  next("sort and filter the itineraries");
  const listedOrder = async () => tid("itinerary").evaluateAll((lis) => lis.map((li) => Number(li.getAttribute("data-index"))));
  await tid("itinerary-sort").selectOption("cost");
  const byCost = routeBody.itineraries.map((it, i) => [it.total.cost_usd ?? Infinity, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, i]) => i);
  check(JSON.stringify(await listedOrder()) === JSON.stringify(byCost), `sorted by cost the list is ${await listedOrder()}, want ${byCost}`);
  const someCorridor = routeBody.itineraries[0].corridor;
  await tid("itinerary-filter").selectOption(someCorridor);
  const ofCorridor = byCost.filter((i) => routeBody.itineraries[i].corridor === someCorridor);
  check(JSON.stringify(await listedOrder()) === JSON.stringify(ofCorridor), `filtered to ${someCorridor} the list is ${await listedOrder()}, want ${ofCorridor}`);
  await tid("itinerary-filter").selectOption("");
  await tid("itinerary-sort").selectOption("rank");
  // per TEU: the query is one FEU, two TEU
  await tid("itinerary-per").selectOption("teu");
  const firstFigures = await tid("itinerary").first().locator(".it-figures").innerText();
  const perTeu = Math.round(routeBody.itineraries[0].total.cost_usd / 2);
  check(firstFigures.includes(`$${perTeu.toLocaleString("en-US")}`) && firstFigures.includes("/ TEU"), `per TEU the first card reads "${firstFigures}", want $${perTeu} / TEU`);
  await tid("itinerary-per").selectOption("cargo");
  check((await tid("itinerary").count()) === nIt, "the list does not come back whole");

  next("place names on the map do not overlap");
  const labelBoxes = await page.locator("#map .place-label").evaluateAll((ls) =>
    ls.map((l) => { const r = l.getBoundingClientRect(); return { t: l.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom }; }),
  );
  check(labelBoxes.length >= 1, "the map names no place");
  const overlapping = labelBoxes.flatMap((a, i) => labelBoxes.slice(i + 1).filter((b) => a.x0 < b.x1 - 1 && b.x0 < a.x1 - 1 && a.y0 < b.y1 - 1 && b.y0 < a.y1 - 1).map((b) => `${a.t} / ${b.t}`));
  check(overlapping.length === 0, `place names overlap: ${overlapping.join(", ")}`);
  log(`map labels: ${labelBoxes.map((b) => b.t).join(", ")}`);

  next("click the map to set From");
  const toIcon = page.locator("#map .end-label-icon", { hasText: "To: Duisburg" });
  const at = await toIcon.boundingBox(); // the icon's corner is the node
  check(at, "no destination label on the map");
  await page.mouse.click(at.x, at.y);
  const pick = page.locator('#map [data-testid="map-pick"]');
  await pick.waitFor();
  check(/Duisburg/.test(await pick.innerText()), `clicking Duisburg on the map offers "${await pick.innerText()}"`);
  await pick.locator('[data-testid="pick-from"]').click();
  check((await from.inputValue()) === "Duisburg", `From shows "${await from.inputValue()}" after "From here" on Duisburg`);

  next("error for an unknown place");
  // A misspelt place: the server answers 404 with "did you mean" suggestions.
  await from.fill("Xiann");
  await tid("submit").click();
  const err = tid("error");
  await err.waitFor({ state: "visible" });
  const errText = (await err.innerText()).replace(/\s+/g, " ");
  check(/Xiann/.test(errText), `the error box does not name the misspelt place: "${errText}"`);
  check(/did you mean/i.test(errText) && /Xi'an/.test(errText), `the error box does not suggest Xi'an: "${errText}"`);
  check((await tid("itinerary").count()) === 0, "itineraries are still shown after the error");
  const box = await err.boundingBox();
  check(box && box.y >= 0 && box.y + 20 < 768, `the error box is not in view (at y=${box?.y})`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, "error.png") });
  log(`error box: ${errText}`);

  next("a suggestion fixes the query");
  await page.locator('[data-testid="suggestions"] button').first().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="itinerary"]').length >= 1);
  check(await err.isHidden(), "the error box stays after a suggestion was applied");

  next("scenarios view");
  const KEY = process.env.CORRIDOR_API_KEY;
  check(KEY, "CORRIDOR_API_KEY is not set: scripts/e2e.sh sets it and starts the server with --api-key $CORRIDOR_API_KEY");
  await tid("nav-scenarios").click();
  await tid("scenarios-view").waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="scenario-row"]').length >= 6);
  const bundled = await page.locator('[data-testid="scenario-row"][data-origin="bundled"]').count();
  check(bundled >= 6, `expected the 6 bundled scenarios in the list, got ${bundled}`);
  check(page.url().includes("view=scenarios"), `the URL does not name the scenarios view: ${page.url()}`);
  check(await tid("route-form").isHidden(), "the route form is still shown in the scenarios view");

  next("scenario editor: form, JSON and a validation error at its field");
  const scnName = `e2e-suez-${Date.now().toString(36)}`;
  const editor = tid("scenario-editor");
  await tid("scenario-new").click();
  await tid("api-key").fill(KEY);
  await tid("scenario-name").fill(scnName);
  await tid("scenario-description").fill("The Suez Canal is closed (browser test).");
  await tid("scenario-add-op").selectOption("close_nodes");
  await tid("scenario-add-edit").click();
  const edit0 = editor.locator('[data-testid="scenario-edit"][data-index="0"]');
  await edit0.locator('[data-testid="edit-node-input"]').pressSequentially("suez", { delay: 30 });
  await page.locator('[data-testid="typeahead-option"][data-node-id="CP-SUEZ"]').click();
  await edit0.locator('[data-testid="node-chip"][data-node-id="CP-SUEZ"]').waitFor();
  // a bad edit: a negative factor and no link selector
  await tid("scenario-add-op").selectOption("scale_tariff");
  await tid("scenario-add-edit").click();
  const edit1 = editor.locator('[data-testid="scenario-edit"][data-index="1"]');
  await edit1.locator('[data-testid="edit-factor"]').fill("-1");
  const draft = JSON.parse(await tid("scenario-json").inputValue());
  check(
    draft.name === scnName && draft.edits?.[0]?.op === "close_nodes" && draft.edits[0].nodes?.[0] === "CP-SUEZ" && draft.edits[1]?.factor === -1,
    `the JSON is not in step with the form: ${JSON.stringify(draft)}`,
  );
  const rejected = page.waitForResponse((r) => r.url().endsWith("/api/v1/scenarios") && r.request().method() === "POST");
  await tid("scenario-save").click();
  const rej = await rejected;
  check(rej.status() === 400, `saving an invalid scenario answered ${rej.status()}, not 400: ${await rej.text()}`);
  await tid("scenario-error").waitFor();
  const factorErr = edit1.locator('[data-testid="field-error"][data-error-for="edits[1].factor"]');
  await factorErr.waitFor();
  const factorMsg = await factorErr.innerText();
  check(/at least 0/.test(factorMsg), `the factor's error reads "${factorMsg}"`);
  check((await edit1.locator('[data-testid="edit-factor"]').getAttribute("aria-invalid")) === "true", "the factor field is not marked invalid");
  const cardErr = await edit1.locator('[data-testid="field-error"][data-error-for="edits[1]"]').innerText();
  check(/selector/.test(cardErr), `the missing link selector is not reported on edit 2: "${cardErr}"`);
  await page.screenshot({ path: join(ARTIFACTS, "scenario-error.png") });

  next("edit the JSON, save the scenario");
  await tid("scenario-json").fill(JSON.stringify({ ...draft, edits: [draft.edits[0]] }, null, 2));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="scenario-edit"]').length === 1);
  const created = page.waitForResponse((r) => r.url().endsWith("/api/v1/scenarios") && r.request().method() === "POST");
  await tid("scenario-save").click();
  const cr = await created;
  check(cr.status() === 201, `POST /api/v1/scenarios answered ${cr.status()}: ${await cr.text()}`);
  check((await cr.request().headerValue("x-api-key")) === KEY, "the save did not send the API key as X-API-Key");
  const scnRow = page.locator(`[data-testid="scenario-row"][data-name="${scnName}"]`);
  await scnRow.waitFor();
  check((await scnRow.getAttribute("data-origin")) === "stored" && (await scnRow.getAttribute("data-version")) === "1", `the new row is ${await scnRow.getAttribute("data-origin")} v${await scnRow.getAttribute("data-version")}`);
  check(await tid("scenario-error").isHidden(), "the error box stays after a successful save");

  next("a concurrent save is reported as a conflict");
  // someone else stores version 2 behind the editor's back
  const other = await fetch(`${BASE}/api/v1/scenarios/${scnName}`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-API-Key": KEY, "If-Match": '"1"' },
    body: JSON.stringify({ ...draft, description: "changed elsewhere", edits: [draft.edits[0]] }),
  });
  check(other.status === 200, `the concurrent PUT answered ${other.status}: ${await other.text()}`);
  await tid("scenario-description").fill("The Suez Canal is closed (edited in the browser).");
  const conflict = page.waitForResponse((r) => r.url().endsWith(`/api/v1/scenarios/${scnName}`) && r.request().method() === "PUT");
  await tid("scenario-save").click();
  const cf = await conflict;
  check(cf.status() === 409, `a stale update answered ${cf.status()}, not 409`);
  check((await cf.request().headerValue("if-match")) === '"1"', `the update sent If-Match ${await cf.request().headerValue("if-match")}`);
  // the response can arrive before the page has read its body and drawn the message
  await page
    .waitForFunction(() => /version 2/.test(document.querySelector('[data-testid="scenario-error"]')?.textContent ?? ""), null, { timeout: 5000 })
    .catch(() => {});
  const cfText = (await tid("scenario-error").innerText()).replace(/\s+/g, " ");
  check(/version 2/.test(cfText) && /reload/i.test(cfText), `the conflict message does not say who won and what to do: "${cfText}"`);
  await tid("scenario-reload").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="scenario-description"]')?.value === "changed elsewhere");

  next("scenario diff: Suez closed, Shanghai → Rotterdam");
  // the form still holds the last search's places: "Diff" must not run a diff on them
  let diffRequests = 0;
  const countDiff = (r) => {
    if (r.url().includes("/diff")) diffRequests++;
  };
  page.on("request", countDiff);
  await scnRow.getByRole("button", { name: `Diff ${scnName} against the baseline` }).click();
  await tid("diff-view").waitFor();
  await page.waitForTimeout(400);
  page.off("request", countDiff);
  check(diffRequests === 0, `the Diff button ran ${diffRequests} diff(s) on the form's leftover places`);
  const openHint = await page.locator("#diff-hint").innerText();
  check(openHint.includes(scnName) && openHint.includes("Show diff"), `the diff view opens with "${openHint}"`);
  check(await err.isHidden(), "the diff view opens on an error");
  check((await tid("scenario-select").inputValue()) === scnName, `the form's scenario is "${await tid("scenario-select").inputValue()}"`);
  await from.fill("Shanghai");
  await to.fill("Rotterdam");
  const diffResponse = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/scenarios/${scnName}/diff`) && (r.request().postData() ?? "").includes("Shanghai"),
  );
  await tid("submit").click();
  const dr = await diffResponse;
  check(dr.status() === 200, `POST .../diff answered ${dr.status()}: ${await dr.text()}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="diff-hint"], #diff-hint')?.textContent?.includes("Shanghai"));
  const suezRow = page.locator('[data-testid="diff-corridor"][data-corridor="maritime-suez"]');
  await suezRow.waitFor();
  check((await suezRow.getAttribute("data-baseline-feasible")) === "true", "maritime-suez is not feasible in the baseline");
  check((await suezRow.getAttribute("data-scenario-feasible")) === "false", "maritime-suez is still feasible with Suez closed");
  const suezText = (await suezRow.innerText()).replace(/\s+/g, " ");
  check(/infeasible in the scenario/i.test(suezText) && /no path/i.test(suezText), `the Suez row does not say why: "${suezText}"`);
  const capeRow = page.locator('[data-testid="diff-corridor"][data-corridor="maritime-cape"]');
  check((await capeRow.getAttribute("data-scenario-feasible")) === "true", "maritime-cape is not feasible in the scenario");
  const capeAppeared = await page.locator('[data-testid="diff-appeared"] li[data-corridor="maritime-cape"]').count();
  check(capeAppeared >= 1, "the Cape route is not among the itineraries that appeared");
  const suezGone = await page.locator('[data-testid="diff-disappeared"] li[data-corridor="maritime-suez"]').count();
  check(suezGone >= 1, "no Suez itinerary disappeared");
  await page.locator("#diff-map path.diff-scenario").first().waitFor();
  await page.locator("#diff-map path.diff-baseline").first().waitFor();
  check(page.url().includes("view=diff") && page.url().includes(`scenario=${scnName}`), `the URL does not hold the diff: ${page.url()}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(ARTIFACTS, "scenario-diff.png") });
  log(`diff: ${suezText}`);

  next("route on a scenario");
  const scnRoute = page.waitForResponse((r) => r.url().endsWith("/api/v1/route") && r.request().method() === "POST");
  await tid("nav-routes").click();
  await tid("submit").click();
  const sr = await scnRoute;
  check(JSON.parse(sr.request().postData() ?? "{}").scenario === scnName, `the route request does not name the scenario: ${sr.request().postData()}`);
  check(sr.status() === 200, `POST /api/v1/route on the scenario answered ${sr.status()}`);
  const viaSuez = (await sr.json()).itineraries.filter((it) => it.legs.some((l) => (l.via ?? []).includes("CP-SUEZ")));
  check(viaSuez.length === 0, `${viaSuez.length} itineraries still pass Suez on the scenario`);

  next("simulation Xi'an → Duisburg");
  await tid("nav-simulate").click();
  await tid("simulate-view").waitFor();
  await from.fill("Xi'an");
  await to.fill("Duisburg");
  await tid("scenario-select").selectOption("");
  await tid("sim-runs").fill("2000");
  const simStart = page.waitForResponse((r) => r.url().endsWith("/api/v1/simulations") && r.request().method() === "POST");
  await tid("sim-run").click();
  const ss = await simStart;
  check(ss.status() === 202, `POST /api/v1/simulations answered ${ss.status()}: ${await ss.text()}`);
  const simBody = JSON.parse(ss.request().postData() ?? "{}");
  check(simBody.runs === 2000 && simBody.compare === true && simBody.deadline, `the simulation request is ${JSON.stringify(simBody)}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="sim-histogram"] svg').length >= 2);
  const hists = await tid("sim-histogram").evaluateAll((els) => els.map((e) => e.getAttribute("data-corridor")));
  check(hists.length >= 2, `expected histograms for at least two corridors, got ${hists.join(", ")}`);
  check(hists.includes("middle") && hists.includes("northern"), `no Middle or Northern histogram: ${hists.join(", ")}`);
  const prog = await tid("sim-progress").evaluate((p) => ({ value: p.value, max: p.max }));
  check(prog.max > 1 && prog.value === prog.max, `the progress bar ends at ${prog.value} of ${prog.max}`);
  check((await tid("sim-breakdown").locator("svg").count()) === 1, "no \"where the time goes\" chart");
  const onTime = await tid("sim-on-time").count();
  check(onTime >= 2, `on-time probabilities shown for ${onTime} corridors`);
  // no two labels of a chart overlap (marker labels, ticks, axis labels, bar labels)
  const clashes = await page.locator(SIM_CHARTS).evaluateAll(svgTextClashes);
  check(clashes.length === 0, `simulation chart labels overlap: ${clashes.join(", ")}`);
  const markLabels = await page.locator('[data-testid="sim-histogram"] g.sim-marks text').count();
  check(markLabels >= 3 * hists.length, `${markLabels} marker labels (P10/P50/P90) for ${hists.length} histograms`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, "simulation.png") });
  log(`simulation: histograms for ${hists.join(", ")}`);

  next("simulation with the 2030 demand's congestion");
  await tid("sim-congestion").selectOption("china-europe-2030");
  const congStart = page.waitForResponse((r) => r.url().endsWith("/api/v1/simulations") && r.request().method() === "POST");
  await tid("sim-run").click();
  const cs = await congStart;
  check(cs.status() === 202, `POST /api/v1/simulations with congestion answered ${cs.status()}: ${await cs.text()}`);
  const congBody = JSON.parse(cs.request().postData() ?? "{}");
  check(congBody.congestion === "china-europe-2030", `the simulation request is ${JSON.stringify(congBody)}`);
  const congLinks = (await cs.json()).links;
  await page.waitForFunction(() => /Congestion at the china-europe-2030 flows adds on average/.test(document.getElementById("sim-progress-text")?.textContent ?? ""), null, { timeout: 60_000 });
  const congJob = await (await page.request.get(new URL(congLinks.self, BASE).href)).json();
  check(congJob.status === "done", `the simulation with congestion ended ${congJob.status}: ${congJob.error ?? ""}`);
  const congRes = congJob.result;
  const withCong = congRes.corridors.filter((c) => c.result?.congestion);
  check(withCong.length >= 2 && withCong.every((c) => c.result.congestion.source === "china-europe-2030" && c.result.congestion.mean_days >= 0),
    `congestion in the result: ${JSON.stringify(congRes.corridors.map((c) => c.result?.congestion ?? null))}`);
  const congText = await page.locator("#sim-progress-text").textContent();
  const mid = withCong.find((c) => c.corridor === "middle");
  check(mid && congText.includes(`${mid.result.congestion.mean_days.toFixed(1)} d`), `the status says "${congText}"; Middle's congestion mean is ${mid?.result.congestion.mean_days}`);
  await tid("sim-congestion").selectOption("");
  log(`simulation with congestion: ${congText.trim()}`);

  next("assignment view: a bad gap is reported at its field");
  await tid("nav-assign").click();
  await tid("assign-view").waitFor();
  check(page.url().includes("view=assign"), `the URL does not name the assignment view: ${page.url()}`);
  check(await tid("route-form").isHidden(), "the route form is still shown in the assignment view");
  await tid("assign-view").getByText("2030", { exact: true }).click();
  check(page.url().includes("demand=china-europe-2030"), `the URL does not name the 2030 demand: ${page.url()}`);
  await tid("assign-gap").fill("2");
  const badAssign = page.waitForResponse((r) => r.url().endsWith("/api/v1/assignments") && r.request().method() === "POST");
  await tid("assign-run").click();
  const ba = await badAssign;
  check(ba.status() === 400, `POST /api/v1/assignments with gap 2 answered ${ba.status()}, not 400`);
  await err.waitFor({ state: "visible" });
  const gapText = (await err.innerText()).replace(/\s+/g, " ");
  check(/gap/.test(gapText) && /less than 1/.test(gapText), `the error box does not say what is wrong with the gap: "${gapText}"`);
  check((await tid("assign-gap").getAttribute("aria-invalid")) === "true", "the gap field is not marked invalid");

  next("assignment china-europe-2030");
  await tid("assign-gap").fill("1e-6");
  const assignStart = page.waitForResponse((r) => r.url().endsWith("/api/v1/assignments") && r.request().method() === "POST");
  await tid("assign-run").click();
  const as = await assignStart;
  check(as.status() === 202, `POST /api/v1/assignments answered ${as.status()}: ${await as.text()}`);
  const assignBody = JSON.parse(as.request().postData() ?? "{}");
  check(assignBody.demand === "china-europe-2030" && assignBody.gap === 1e-6 && !assignBody.scenario, `the assignment request is ${JSON.stringify(assignBody)}`);
  const assignLinks = (await as.json()).links;
  // bounded: the 2030 demand converges in well under a second on this network
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="assign-bottleneck"]').length >= 5, null, { timeout: STEP_MS });
  check(await err.isHidden(), "the error box stays after a successful assignment");
  const aprog = await tid("assign-progress").evaluate((p) => ({ value: p.value, max: p.max }));
  check(aprog.max > 1 && aprog.value === aprog.max, `the assignment's progress bar ends at ${aprog.value} of ${aprog.max}`);
  const top5 = (await tid("assign-bottleneck").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-id")))).slice(0, 5);
  check(
    top5.some((id) => /CASP/.test(id) || ["AZBAK", "KZSCO", "KZ-KURYK"].includes(id)),
    `no Caspian element among the top 5 bottlenecks: ${top5.join(", ")}`,
  );
  const utils = await tid("assign-bottleneck").evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-utilisation"))));
  check(utils.every((u, i) => i === 0 || utils[i - 1] >= u), `the bottlenecks are not sorted by utilisation: ${utils.join(", ")}`);
  const shareNames = await tid("assign-shares").locator("svg title").evaluateAll((ts) => [...new Set(ts.map((t) => t.textContent.split(":")[0]))]);
  check(shareNames.length >= 3, `the shares chart shows ${shareNames.length} corridors: ${shareNames.join(", ")}`);
  const conv = tid("assign-convergence");
  check((await conv.locator("svg").count()) === 1 && (await conv.locator('svg g[aria-label="line"] path').count()) >= 1, "the convergence plot is not drawn");
  check((await conv.locator("svg circle").count()) >= 2, "the convergence plot has fewer than 2 iterations");
  await page.locator("#assign-map path.assign-link.vc-over").first().waitFor();
  // the legend names the utilisation classes and "no capacity limit", in the colours the links
  // are drawn in; links without a limit are thin
  const legend = tid("assign-legend");
  check(await legend.isVisible(), "the assignment map has no visible legend");
  const classes = await tid("assign-legend-class").evaluateAll((rows) =>
    rows.map((r) => ({ cls: r.getAttribute("data-class"), text: r.textContent.trim(), colour: getComputedStyle(r.querySelector(".lg-line")).borderTopColor })),
  );
  const wantLabels = ["below 50%", "50–80%", "80–100%", "100% and over", "no capacity limit"];
  check(JSON.stringify(classes.map((c) => c.text)) === JSON.stringify(wantLabels), `the legend lists ${classes.map((c) => c.text).join(" | ")}`);
  const drawn = await page.locator("#assign-map path.assign-link").evaluateAll((ps) => {
    const probe = document.createElement("span");
    document.body.append(probe);
    const rgb = (c) => ((probe.style.color = ""), (probe.style.color = c), getComputedStyle(probe).color);
    const out = ps.map((p) => ({ cls: [...p.classList].find((k) => k.startsWith("vc-"))?.slice(3), stroke: rgb(p.getAttribute("stroke")), w: Number(p.getAttribute("stroke-width")) }));
    probe.remove();
    return out;
  });
  const colourOf = Object.fromEntries(classes.map((c) => [c.cls, c.colour]));
  const limited = drawn.filter((d) => d.cls !== "none");
  check(limited.length >= 1 && limited.every((d) => d.stroke === colourOf[d.cls]), `capacity-limited links not in their legend colour: ${JSON.stringify(limited.filter((d) => d.stroke !== colourOf[d.cls]).slice(0, 3))}`);
  check(new Set(limited.map((d) => d.stroke)).size >= 2, `the capacity-limited links are all drawn in ${limited[0]?.stroke}`);
  const unlimited = drawn.filter((d) => d.cls === "none");
  const widest = Math.max(...limited.map((d) => d.w));
  check(unlimited.length >= 1 && unlimited.every((d) => d.w <= 2 && d.stroke === colourOf.none) && widest > 2, `links without a capacity limit are not thin and pale (widths ${[...new Set(unlimited.map((d) => d.w))].join(", ")}; widest limited ${widest})`);
  const legendInk = await legend.evaluate((l) => getComputedStyle(l).color);
  log(`assignment legend: ${classes.map((c) => `${c.text} ${c.colour}`).join("; ")}; text ${legendInk}; ${limited.length} capacity-limited links, ${unlimited.length} without a limit`);
  const nLinks = await page.locator("#assign-map path.assign-link").count();
  const nNodes = await page.locator("#assign-map path.assign-node").count();
  check(nLinks >= 20 && nNodes >= 3, `the utilisation map shows ${nLinks} links and ${nNodes} capacity-limited nodes`);
  const csvHref = await tid("assign-csv").getAttribute("href");
  check(csvHref === assignLinks.csv && (await tid("assign-geojson").getAttribute("href")) === assignLinks.geojson, "the download links are not the job's CSV and GeoJSON");
  const csv = await fetch(`${BASE}${csvHref}`);
  check(csv.ok && (await csv.text()).startsWith("kind,id,"), `the CSV download answered ${csv.status}`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(ARTIFACTS, "assignment.png") });
  log(`assignment: top bottlenecks ${top5.join(", ")}; shares ${shareNames.join(", ")}`);

  next("bottleneck table sorts and shows an element on the map");
  await tid("assign-bottlenecks").getByRole("button", { name: "TEU/yr" }).click();
  const flowTh = tid("assign-bottlenecks").locator('th[data-key="flow"]');
  check((await flowTh.getAttribute("aria-sort")) === "descending", `sorting by flow sets aria-sort="${await flowTh.getAttribute("aria-sort")}"`);
  const flows = await tid("assign-bottleneck").evaluateAll((trs) => trs.map((tr) => Number(tr.children[2].textContent.replace(/\D/g, ""))));
  check(flows.every((f, i) => i === 0 || flows[i - 1] >= f), `the bottlenecks are not sorted by flow: ${flows.join(", ")}`);
  await tid("assign-bottlenecks").getByRole("button", { name: /Flow ÷ cap/ }).click();
  const first = tid("assign-bottleneck").first();
  await first.locator("th button").click();
  const popup = page.locator("#assign-map .leaflet-popup");
  await popup.waitFor();
  const popText = (await popup.innerText()).replace(/\s+/g, " ");
  check(/Utilisation/.test(popText) && /Capacity/.test(popText) && /Delay/.test(popText), `the popup does not give the figures: "${popText}"`);

  next("resilience view: chokepoints ranked by impact, a row shown on the map");
  await tid("nav-resilience").click();
  await tid("resilience-view").waitFor();
  check(page.url().includes("view=resilience"), `the URL does not name the resilience view: ${page.url()}`);
  check(await tid("route-form").isHidden(), "the route form is still shown in the resilience view");
  for (const set of ["ferries", "borders"]) await tid("res-sets").locator(`input[value="${set}"]`).uncheck();
  check(await tid("res-sets").locator('input[value="chokepoints"]').isChecked(), "chokepoints are not ticked by default");
  // a capacity cut of 0% is refused at its field, before any request
  let resPosts = 0;
  const countPosts = (r) => {
    if (r.url().endsWith("/api/v1/resilience") && r.method() === "POST") resPosts++;
  };
  page.on("request", countPosts);
  await tid("res-action").selectOption("capacity");
  await tid("res-share").fill("0");
  await tid("res-run").click();
  await tid("res-field-error").waitFor();
  check(/Capacity lost/.test(await tid("res-field-error").innerText()), `the share error says "${await tid("res-field-error").innerText()}"`);
  check((await tid("res-share").getAttribute("aria-invalid")) === "true", "the share field is not marked invalid");
  check(resPosts === 0, `a refused share still sent ${resPosts} request(s)`);
  page.off("request", countPosts);
  await tid("res-action").selectOption("remove");
  check(await tid("res-share").isHidden(), "the share field stays shown for the action remove");
  check(await tid("res-field-error").isHidden(), "the share error stays after the action changed");
  const resStart = page.waitForResponse((r) => r.url().endsWith("/api/v1/resilience") && r.request().method() === "POST");
  await tid("res-run").click();
  const rs = await resStart;
  check(rs.status() === 202, `POST /api/v1/resilience answered ${rs.status()}: ${await rs.text()}`);
  const resBody = JSON.parse(rs.request().postData() ?? "{}");
  check(JSON.stringify(resBody.elements) === '["chokepoints"]' && resBody.action === "remove", `the resilience request is ${JSON.stringify(resBody)}`);
  const resLinks = (await rs.json()).links;
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="res-row"]').length >= 5, null, { timeout: STEP_MS });
  check(await err.isHidden(), "the error box stays after a resilience run");
  const impacts = await tid("res-row").evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-impact"))));
  check(impacts.length >= 5 && impacts.every((x, i) => Number.isFinite(x) && (i === 0 || impacts[i - 1] >= x)), `the outcomes are not ranked by impact: ${impacts.join(", ")}`);
  check(impacts[0] > 0, `the most critical chokepoint has impact ${impacts[0]}`);
  const rprog = await tid("res-progress").evaluate((p) => ({ value: p.value, max: p.max }));
  check(rprog.value === rprog.max, `the resilience progress bar ends at ${rprog.value} of ${rprog.max}`);
  check((await tid("res-csv").getAttribute("href")) === resLinks.csv && (await tid("res-geojson").getAttribute("href")) === resLinks.geojson, "the download links are not the job's CSV and GeoJSON");
  await page.locator("#res-map path.res-el").first().waitFor();
  const nEls = await page.locator("#res-map path.res-el").count();
  check(nEls >= 5, `the criticality map draws ${nEls} elements`);
  const firstRow = tid("res-row").first();
  const firstId = await firstRow.getAttribute("data-id");
  await firstRow.locator("th button").click();
  await page.locator("#res-map path.res-selected").first().waitFor();
  check(await firstRow.evaluate((tr) => tr.classList.contains("selected")), "the clicked row is not marked selected");
  check((await firstRow.locator("th button").getAttribute("aria-pressed")) === "true", "the clicked row's button is not pressed");
  const nGains = await page.locator("#res-map path.res-gain").count();
  const nLabels = await page.locator("#res-map .res-gain-label").count();
  check(nGains >= 1 && nLabels === nGains, `the selected element's gaining links: ${nGains} lines, ${nLabels} labels`);
  check((await tid("res-selection").innerText()).length > 0, "the selection line is empty");
  await page.screenshot({ path: join(ARTIFACTS, "resilience.png") });
  log(`resilience: ${impacts.length} chokepoints, most critical ${firstId} (${impacts[0].toExponential(3)} USD/yr), ${nGains} gaining links`);

  next("dated rates: cost breakdown sums to the cost");
  const rp = await context.newPage();
  rp.on("pageerror", (err) => pageErrors.push(err.message));
  rp.on("console", (m) => {
    if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
  });
  const rtid = (id) => rp.locator(`[data-testid="${id}"]`);
  const dollars = (s) => Number(String(s).replace(/[^\d.-]/g, ""));
  await rp.goto(`${BASE}/?from=Shanghai&to=Rotterdam&depart=2023-06-01`, { waitUntil: "domcontentloaded" });
  const suez = rp.locator('[data-testid="compare-corridor"][data-corridor="maritime-suez"]');
  await rp.locator('[data-testid="compare-corridor"][data-corridor="maritime-suez"][data-rate-month="2023-06"]').waitFor();
  await rtid("breakdown-line").first().waitFor();
  const shownLines = await rtid("breakdown-line").evaluateAll((trs) => trs.map((tr) => tr.lastElementChild.textContent));
  const shownTotal = dollars(await rtid("breakdown-total").innerText());
  const sumShown = shownLines.reduce((a, t) => a + dollars(t), 0);
  check(shownLines.length >= 2, `the breakdown has ${shownLines.length} lines`);
  check(Math.abs(sumShown - shownTotal) <= shownLines.length, `the breakdown lines sum to ${sumShown}, the cost is ${shownTotal}`);
  const exact = await rtid("breakdown-line").evaluateAll((trs) => trs.reduce((a, tr) => a + Number(tr.dataset.usd), 0));
  const cost = Number(await rtid("breakdown-total").getAttribute("data-usd"));
  check(Math.abs(exact - cost) < 0.01, `the breakdown's exact lines sum to ${exact}, the cost is ${cost}`);
  check(/2023-06/.test(await rtid("rate-month").innerText()), "the breakdown does not give the rate month");
  log(`breakdown: ${shownLines.length} lines, sum ${sumShown}, cost ${shownTotal}`);
  await rp.locator('[data-testid="compare-corridor"][data-corridor="middle"] button').click();
  const carried = rtid("rate-note").filter({ hasText: /latest published value, \d{4}-\d{2}, carried forward to 2023-06/ });
  await carried.waitFor();
  log(`rate note: ${await carried.innerText()}`);

  next("dated rates: the rates chart draws the series");
  await rp.locator('[data-testid="rates-chart"] g.rate-line path').first().waitFor();
  const nLines = await rp.locator('[data-testid="rates-chart"] g.rate-line path').count();
  check(nLines >= 1, `the rates chart has ${nLines} series lines`);
  check((await rp.locator('[data-testid="rates-chart"] g.rate-published circle').count()) > 0, "the rates chart marks no published value");
  check((await rtid("month-value").innerText()) === "2023-06", `the slider shows ${await rtid("month-value").innerText()}`);
  const cost2306 = dollars(await suez.locator("dl .kv", { hasText: "Cost" }).locator("dd").innerText());

  next("dated rates: the month slider re-runs the comparison (2021-09)");
  const slider = rtid("month-slider");
  const cmp2109 = rp.waitForResponse(
    (r) => r.url().endsWith("/api/v1/compare") && (r.request().postData() ?? "").includes("2021-09-01"),
  );
  await slider.focus();
  await slider.press("Home");
  for (let i = 0; i < 32; i++) await slider.press("ArrowRight"); // 2019-01 + 32 months
  check((await rtid("month-value").innerText()) === "2021-09", `the slider shows ${await rtid("month-value").innerText()}`);
  check((await (await cmp2109).status()) === 200, "POST /api/v1/compare for 2021-09 failed");
  await rp.locator('[data-testid="compare-corridor"][data-corridor="maritime-suez"][data-rate-month="2021-09"]').waitFor();
  const cost2109 = dollars(await suez.locator("dl .kv", { hasText: "Cost" }).locator("dd").innerText());
  check((await rtid("depart-input").inputValue()) === "2021-09-01", `the form's departure is ${await rtid("depart-input").inputValue()}`);
  check(rp.url().includes("depart=2021-09-01"), `the URL does not hold the departure: ${rp.url()}`);
  check(cost2109 > 2 * cost2306, `the sea corridor costs ${cost2109} USD in 2021-09 and ${cost2306} USD in 2023-06`);
  log(`maritime-suez: 2023-06 ${cost2306} USD, 2021-09 ${cost2109} USD`);
  await rp.locator(".compare-card").scrollIntoViewIfNeeded();
  await rp.waitForTimeout(300);
  await rp.screenshot({ path: join(ARTIFACTS, "ui-rates.png") });
  await rp.close();

  next("dated conditions: a sea trip of August 2022 names the congested North Range port");
  const dp = await context.newPage();
  dp.on("pageerror", (err) => pageErrors.push(err.message));
  const dtid = (id) => dp.locator(`[data-testid="${id}"]`);
  const dated2208 = dp.waitForResponse((r) => r.url().endsWith("/api/v1/route") && r.request().method() === "POST");
  await dp.goto(`${BASE}/?from=Shanghai&to=Hamburg&depart=2022-08-01`, { waitUntil: "domcontentloaded" });
  const d2208 = await (await dated2208).json();
  const first2208 = d2208.itineraries[0];
  const ids = (first2208.dated_params ?? []).map((d) => d.id);
  check(ids.length > 0, `the first itinerary of Shanghai → Hamburg in 2022-08 names no dated parameter: ${first2208.summary}`);
  await dtid("dated-note").waitFor();
  const noteText = await dtid("dated-note").innerText();
  check(/2022-08/.test(noteText) && ids.every((id) => noteText.includes(id)), `the dated note "${noteText}" does not name 2022-08 and ${ids.join(", ")}`);
  check((await dtid("compare-dated").count()) > 0, "no corridor of the comparison says it ran on a congested period");
  const undated = dp.waitForResponse((r) => r.url().endsWith("/api/v1/route") && r.request().method() === "POST");
  await dp.goto(`${BASE}/?from=Shanghai&to=Hamburg&depart=2023-08-01`, { waitUntil: "domcontentloaded" });
  const ur = await (await undated).json();
  check(!(ur.itineraries[0].dated_params ?? []).length, "the first itinerary of 2023-08 names dated parameters");
  await dtid("breakdown-line").first().waitFor();
  check((await dtid("dated-note").count()) === 0, "the 2023-08 itinerary shows a dated note");
  log(`dated: ${noteText}`);
  await dp.close();

  next("page errors");
  check(pageErrors.length === 0, `the page reported errors:\n  ${pageErrors.join("\n  ")}`);
  passed.push(step);
}

try {
  await main();
  clearTimeout(watchdog);
  await cleanup();
  log(`screenshots in ${ARTIFACTS}`);
  for (const p of passed) console.log(`  ok  ${p}`);
  console.log(`e2e: ${passed.length} passed, 0 failed`);
  process.exit(0);
} catch (err) {
  clearTimeout(watchdog);
  const msg = err instanceof Failure ? err.message : err?.stack || String(err);
  console.error(`e2e FAILED at step "${step}": ${msg}`);
  try {
    const page = context?.pages()[0];
    if (page) {
      await page.screenshot({ path: join(ARTIFACTS, "failure.png") });
      console.error(`screenshot of the failure: ${join(ARTIFACTS, "failure.png")}`);
    }
  } catch {
    /* no screenshot */
  }
  await cleanup();
  console.log(`e2e: ${passed.length} passed, 1 failed`);
  process.exit(1);
}
