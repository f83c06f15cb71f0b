// Number, date and label formatting shared by the views, and the colour of each mode.

export const MODE_COLOURS: Record<string, string> = {
  rail: "#d9480f",
  sea: "#1c7ed6",
  ferry: "#0ca678",
  road: "#7048e8",
  iww: "#d6336c",
};
export const MODE_LABELS: Record<string, string> = {
  rail: "Rail",
  sea: "Sea",
  ferry: "Ferry",
  road: "Road",
  iww: "Inland waterway",
};
export const modeColour = (m: string) => MODE_COLOURS[m] ?? "#495057";

export const CORRIDOR_LABELS: Record<string, string> = {
  middle: "Middle Corridor",
  northern: "Northern Corridor",
  "maritime-suez": "Sea via Suez",
  "maritime-cape": "Sea via the Cape",
  instc: "INSTC",
  europe: "Europe",
};
export const CORRIDOR_COLOURS: Record<string, string> = {
  middle: "#e8590c",
  northern: "#4263eb",
  "maritime-suez": "#1c7ed6",
  "maritime-cape": "#0c8599",
  instc: "#9c36b5",
  europe: "#5c940d",
};
export const corridorColour = (c: string) => CORRIDOR_COLOURS[c] ?? "#495057";
export const corridorLabel = (c: string) => CORRIDOR_LABELS[c] ?? c;

const nf0 = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const int = (n: number) => nf0.format(n);
export const one = (n: number) => nf1.format(n);
// usd formats dollars; a null cost is unknown (a link without a tariff), never $0.
export const usd = (n: number | null | undefined) => (n == null ? "cost unknown" : `$${nf0.format(n)}`);
export const kg = (n: number) => `${nf0.format(n)} kg`;
// duration writes hours as people read them: "5.6 h" below a day, else
// whole days and hours ("33 d 2 h"), like the CLI's tables.
export const duration = (h: number): string => {
  if (h < 0) return `−${duration(-h)}`;
  if (h < 23.95) return `${nf1.format(h)} h`;
  const r = Math.round(h);
  return `${Math.floor(r / 24)} d ${r % 24} h`;
};
export const days = (n: number) => duration(n * 24);
// gauge writes a rail gauge with its unit ("1520 mm"), or "–".
export const gauge = (mm?: number) => (mm ? `${mm} mm` : "–");
export const pct = (p: number) => `${nf0.format(p * 100)}%`;
// signed formats a delta with an explicit sign ("+1.2", "−3"), or "±0".
export const signed = (n: number, f: (x: number) => string) => (Math.abs(n) < 1e-9 ? "±0" : `${n > 0 ? "+" : "−"}${f(Math.abs(n))}`);
export const hours = (n: number) => (n ? duration(n) : "–");

// dateTime writes a time in UTC with its year, "2026-12-30 14:00".
const df = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export const dateTime = (s: string) => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString().slice(0, 16).replace("T", " ");
};
export const date = (s: string) => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : df.format(d);
};

// el builds an element: el("td", { class: "num" }, "12").
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined | null> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c);
  }
  return e;
}
