// End-to-end test of the corridor web UI against a running `corridor serve`.
//
//   CORRIDOR_URL=http://127.0.0.1:18080 npm run e2e
//
// Drives Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) with playwright-core, in a
// fresh temporary profile, at 1366×768. Screenshots go to E2E_ARTIFACTS (default
// web/e2e/artifacts). Exits non-zero with a message on the first failed check.
import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.CORRIDOR_URL || "http://127.0.0.1:18080").replace(/\/+$/, "");
const ARTIFACTS = resolve(process.env.E2E_ARTIFACTS || join(here, "artifacts"));
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const OVERALL_MS = Number(process.env.E2E_TIMEOUT_MS || 90_000);
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
  check((await compareResponse).status() === 200, "POST /api/v1/compare failed");
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
  check((await point.getAttribute("aria-pressed")) === "true", "the clicked Pareto point is not marked as selected");
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
