// scratch: CPU profile of searches (not committed)
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const BASE = process.env.CORRIDOR_URL;
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "p-")), { executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1440, height: 900 }, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
const page = ctx.pages()[0];
await page.goto(`${BASE}/`, { waitUntil: "domcontentloaded" });
await page.waitForLoadState("networkidle");
const cdp = await ctx.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
const queries = [["Xi'an", "Duisburg"], ["Shanghai", "Rotterdam"]];
const times = []; page.on("console", (m) => m.text().startsWith("PHASES") && console.log(m.text()));
await cdp.send("Profiler.start");
for (let i = 0; i < 8; i++) {
  await page.locator('[data-testid="from-input"]').fill(queries[i % 2][0]);
  await page.locator('[data-testid="to-input"]').fill(queries[i % 2][1]);
  await page.keyboard.press("Escape");
  const before = await page.evaluate(() => performance.getEntriesByName("search", "measure").length);
  await page.locator('[data-testid="submit"]').click();
  await page.waitForFunction((n) => performance.getEntriesByName("search", "measure").length > n, before);
  times.push(await page.evaluate(() => [performance.getEntriesByName("search", "measure").at(-1).duration, performance.getEntriesByName("search-fetch", "measure").at(-1)?.duration]));
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
}
const { profile } = await cdp.send("Profiler.stop");
console.log(times.map(([a, b]) => `${Math.round(a)}(${Math.round(b)})`).join(" "));
// self time per function
const self = new Map();
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas;
const counts = new Map();
profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) {
  const n = byId.get(id);
  const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
  self.set(k, (self.get(k) ?? 0) + us);
}
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [k, us] of top) console.log((us / 1000).toFixed(0).padStart(6), "ms", k);
// inclusive time per app function
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, us] of counts) {
  const seen = new Set();
  for (let x = id; x !== undefined; x = parent.get(x)) {
    const n = byId.get(x);
    const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}`;
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + us);
  }
}
console.log("--- inclusive");
for (const [k, us] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log((us / 1000).toFixed(0).padStart(6), "ms", k);
await ctx.close();
