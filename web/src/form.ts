// The route form: reads the controls into a Query and writes a Query back into them.
// Countries (grouped by country group) and chokepoints come from the API.
import { getCountries, getNode, searchNodes, MODES, type CountriesResponse, type Mode, type ScenarioRecord } from "./api";
import { el, MODE_COLOURS, MODE_LABELS } from "./format";
import { emptyQuery, OBJECTIVES, type Query, type Objective } from "./query";
import { attachTypeahead } from "./typeahead";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class RouteForm {
  readonly form = $<HTMLFormElement>("route-form");
  private from = attachTypeahead($<HTMLInputElement>("from"));
  private to = attachTypeahead($<HTMLInputElement>("to"));
  private pendingCountries: string[] = [];
  private pendingGroups: string[] = [];
  private pendingNodes: string[] = [];
  private countriesLoaded = false;
  private nodesLoaded = false;
  private submitLabel = "Find routes";
  private busyLabel = "Searching…";

  constructor() {
    const modes = $("modes");
    for (const m of MODES) {
      modes.append(
        el(
          "label",
          { class: "check mode-check" },
          el("input", { type: "checkbox", name: "mode", value: m, checked: true }),
          el("span", { class: "swatch", style: `background:${MODE_COLOURS[m]}`, "aria-hidden": "true" }),
          MODE_LABELS[m] === "Inland waterway" ? "Inland waterway" : MODE_LABELS[m],
        ),
      );
    }
    const obj = $<HTMLSelectElement>("objective");
    for (const o of OBJECTIVES) obj.append(el("option", { value: o.value }, o.label));

    $("swap").addEventListener("click", () => {
      const a = this.fromInput, b = this.toInput;
      const av = a.value, aid = a.dataset.nodeId, bv = b.value, bid = b.dataset.nodeId;
      this.from.set(bv, bid && b.dataset.nodeName === bv ? bid : undefined);
      this.to.set(av, aid && a.dataset.nodeName === av ? aid : undefined);
    });
    this.form.addEventListener("change", () => this.updateCounts());
  }

  get fromInput() {
    return $<HTMLInputElement>("from");
  }
  get toInput() {
    return $<HTMLInputElement>("to");
  }

  async loadOptions(): Promise<void> {
    const [countries, chokepoints] = await Promise.allSettled([
      getCountries(),
      searchNodes("", { kind: "chokepoint", limit: 50 }),
    ]);
    if (countries.status === "fulfilled") this.renderCountries(countries.value);
    else $("avoid-countries").replaceChildren(el("p", { class: "muted" }, "Countries could not be loaded."));
    if (chokepoints.status === "fulfilled") {
      const box = $("avoid-nodes");
      const nodes = [...chokepoints.value].sort((a, b) => a.name.localeCompare(b.name));
      box.replaceChildren(
        ...nodes.map((n) =>
          el(
            "label",
            { class: "check" },
            el("input", { type: "checkbox", name: "avoid_node", value: n.id, "data-name": n.name }),
            n.name,
          ),
        ),
      );
      if (!nodes.length) box.replaceChildren(el("p", { class: "muted" }, "No chokepoints in the network."));
      this.nodesLoaded = true;
    } else $("avoid-nodes").replaceChildren(el("p", { class: "muted" }, "Chokepoints could not be loaded."));
    this.applyAvoid();
  }

  private renderCountries(data: CountriesResponse) {
    const box = $("avoid-countries");
    const byGroup = new Map<string, { code: string; name: string }[]>();
    const other: { code: string; name: string }[] = [];
    for (const c of data.countries) {
      const gs = (c.groups ?? []).filter((g) => data.groups.some((x) => x.code === g));
      if (!gs.length) other.push(c);
      for (const g of gs) {
        if (!byGroup.has(g)) byGroup.set(g, []);
        byGroup.get(g)!.push(c);
      }
    }
    const countryBox = (c: { code: string; name: string }) =>
      el(
        "label",
        { class: "check country", title: c.name },
        el("input", { type: "checkbox", name: "avoid_country", value: c.code, "data-name": c.name }),
        el("span", { class: "code" }, c.code),
        el("span", { class: "cname" }, c.name),
      );
    const sections: HTMLElement[] = [];
    for (const g of data.groups) {
      const members = (byGroup.get(g.code) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      if (!members.length) continue;
      sections.push(
        el(
          "fieldset",
          { class: "country-group" },
          el("legend", {}, el("abbr", { title: g.name }, g.code), " ", el("span", { class: "gname" }, g.name)),
          el(
            "label",
            { class: "check group-all" },
            el("input", { type: "checkbox", name: "avoid_group", value: g.code }),
            `Avoid every ${g.code} member`,
          ),
          el("div", { class: "country-list" }, ...members.map(countryBox)),
        ),
      );
    }
    if (other.length) {
      other.sort((a, b) => a.name.localeCompare(b.name));
      sections.push(
        el(
          "fieldset",
          { class: "country-group" },
          el("legend", {}, "Other countries"),
          el("div", { class: "country-list" }, ...other.map(countryBox)),
        ),
      );
    }
    box.replaceChildren(...sections);
    // A country in several groups appears in each: keep its boxes in step.
    box.addEventListener("change", (e) => {
      const t = e.target as HTMLInputElement;
      if (t.name !== "avoid_country") return;
      box.querySelectorAll<HTMLInputElement>(`input[name=avoid_country][value="${t.value}"]`).forEach((i) => {
        i.checked = t.checked;
      });
      this.updateCounts();
    });
    this.countriesLoaded = true;
  }

  private applyAvoid() {
    if (this.countriesLoaded) {
      this.form.querySelectorAll<HTMLInputElement>("input[name=avoid_country]").forEach((i) => {
        i.checked = this.pendingCountries.includes(i.value);
      });
      this.form.querySelectorAll<HTMLInputElement>("input[name=avoid_group]").forEach((i) => {
        i.checked = this.pendingGroups.includes(i.value);
      });
    }
    if (this.nodesLoaded) {
      this.form.querySelectorAll<HTMLInputElement>("input[name=avoid_node]").forEach((i) => {
        const name = (i.dataset.name ?? "").toLowerCase();
        i.checked = this.pendingNodes.some((n) => n === i.value || n.toLowerCase() === name);
      });
    }
    this.updateCounts();
  }

  private updateCounts() {
    const nc = new Set(
      [...this.form.querySelectorAll<HTMLInputElement>("input[name=avoid_country]:checked")].map((i) => i.value),
    ).size;
    const ng = this.form.querySelectorAll("input[name=avoid_group]:checked").length;
    const nn = this.form.querySelectorAll("input[name=avoid_node]:checked").length;
    const parts = [nc ? `${nc} countr${nc === 1 ? "y" : "ies"}` : "", ng ? `${ng} group${ng === 1 ? "" : "s"}` : ""];
    $("avoid-countries-count").textContent = parts.filter(Boolean).join(", ");
    $("avoid-nodes-count").textContent = nn ? String(nn) : "";
  }

  private checked(name: string): string[] {
    return [
      ...new Set([...this.form.querySelectorAll<HTMLInputElement>(`input[name=${name}]:checked`)].map((i) => i.value)),
    ];
  }

  private numberOf(id: string): number | null {
    const v = $<HTMLInputElement>(id).value.trim();
    if (v === "") return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }

  read(): Query {
    const q = emptyQuery();
    q.from = this.from.value();
    q.to = this.to.value();
    q.via = $<HTMLInputElement>("via")
      .value.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    q.depart = $<HTMLInputElement>("depart").value;
    q.unit = $<HTMLSelectElement>("unit").value === "teu" ? "teu" : "feu";
    q.containers = Math.max(1, Math.round(this.numberOf("containers") ?? 1));
    q.tonnes = this.numberOf("tonnes");
    q.value_usd = this.numberOf("value_usd");
    q.reefer = $<HTMLInputElement>("reefer").checked;
    q.dg = $<HTMLInputElement>("dg").checked;
    q.avoid_countries = this.countriesLoaded ? this.checked("avoid_country") : this.pendingCountries;
    q.avoid_groups = this.countriesLoaded ? this.checked("avoid_group") : this.pendingGroups;
    q.avoid_nodes = this.nodesLoaded ? this.checked("avoid_node") : this.pendingNodes;
    const modes = this.checked("mode").filter((m): m is Mode => MODES.includes(m as Mode));
    q.modes = modes.length === MODES.length ? [] : modes;
    q.max_transshipments = this.numberOf("max_transshipments");
    q.carbon_price = this.numberOf("carbon_price");
    q.full_front = $<HTMLInputElement>("full_front").checked;
    q.objective = $<HTMLSelectElement>("objective").value as Objective;
    q.scenario = $<HTMLSelectElement>("scenario").value;
    return q;
  }

  write(q: Query) {
    this.from.set(q.from);
    this.to.set(q.to);
    this.resolveId(this.from, this.fromInput, q.from);
    this.resolveId(this.to, this.toInput, q.to);
    $<HTMLInputElement>("via").value = q.via.join(", ");
    $<HTMLInputElement>("depart").value = q.depart;
    $<HTMLSelectElement>("unit").value = q.unit;
    $<HTMLInputElement>("containers").value = String(q.containers);
    $<HTMLInputElement>("tonnes").value = q.tonnes === null ? "" : String(q.tonnes);
    $<HTMLInputElement>("value_usd").value = q.value_usd === null ? "" : String(q.value_usd);
    $<HTMLInputElement>("reefer").checked = q.reefer;
    $<HTMLInputElement>("dg").checked = q.dg;
    this.form.querySelectorAll<HTMLInputElement>("input[name=mode]").forEach((i) => {
      i.checked = q.modes.length === 0 || q.modes.includes(i.value as Mode);
    });
    $<HTMLInputElement>("max_transshipments").value = q.max_transshipments === null ? "" : String(q.max_transshipments);
    $<HTMLInputElement>("carbon_price").value = q.carbon_price === null ? "" : String(q.carbon_price);
    $<HTMLInputElement>("full_front").checked = q.full_front;
    $<HTMLSelectElement>("objective").value = q.objective;
    this.setScenario(q.scenario);
    this.pendingCountries = q.avoid_countries;
    this.pendingGroups = q.avoid_groups;
    this.pendingNodes = q.avoid_nodes;
    this.applyAvoid();
    if (q.avoid_countries.length || q.avoid_groups.length) ($("avoid-countries-box") as HTMLDetailsElement).open = true;
    if (q.avoid_nodes.length) ($("avoid-nodes-box") as HTMLDetailsElement).open = true;
  }

  // resolveId shows a node's name in place of its id (from a shared URL).
  private resolveId(ta: ReturnType<typeof attachTypeahead>, input: HTMLInputElement, value: string) {
    if (!/^[A-Z0-9][A-Z0-9-]{3,}$/.test(value)) return;
    getNode(value)
      .then((n) => {
        if (input.value === value && n.id === value) ta.set(n.name, n.id);
      })
      .catch(() => undefined);
  }

  // showResolved replaces ids from the URL by the names the server resolved them to.
  showResolved(from?: { id: string; name: string }, to?: { id: string; name: string }) {
    if (from) this.from.set(from.name, from.id);
    if (to) this.to.set(to.name, to.id);
  }

  // fill puts a suggested node into the field the error was about.
  fill(field: "from" | "to", node: { id: string; name: string }) {
    (field === "from" ? this.from : this.to).set(node.name, node.id);
  }

  // setScenarios fills the Scenario select, keeping the current choice.
  setScenarios(list: ScenarioRecord[]) {
    const sel = $<HTMLSelectElement>("scenario");
    const cur = sel.value;
    sel.replaceChildren(
      el("option", { value: "" }, "None (baseline)"),
      ...list.map((r) => el("option", { value: r.name, title: r.scenario.description ?? "" }, `${r.name}${r.origin === "bundled" ? " (bundled)" : ""}`)),
    );
    this.setScenario(cur);
  }

  setScenario(name: string) {
    const sel = $<HTMLSelectElement>("scenario");
    if (name && ![...sel.options].some((o) => o.value === name)) sel.append(el("option", { value: name }, name));
    sel.value = name;
  }

  setAction(label: string, busyLabel: string) {
    this.submitLabel = label;
    this.busyLabel = busyLabel;
    const b = $<HTMLButtonElement>("submit");
    if (!b.disabled) b.querySelector(".label")!.textContent = label;
  }

  setBusy(busy: boolean) {
    const b = $<HTMLButtonElement>("submit");
    b.disabled = busy;
    b.classList.toggle("busy", busy);
    b.querySelector(".label")!.textContent = busy ? this.busyLabel : this.submitLabel;
  }
}
