// The scenarios view: the list of stored and bundled scenarios, and an editor with a form for
// the common edits and the raw JSON, kept in step. The server validates on save; its
// problem+json errors (errors[].field such as "edits[1].factor") are shown next to the edit
// and field they name. Updates send If-Match with the version they were based on, so a
// concurrent save is reported (409) instead of being overwritten.
import {
  ApiError,
  createScenario,
  deleteScenario,
  getNode,
  getScenario,
  listScenarios,
  MODES,
  scenarioVersions,
  updateScenario,
  type CountriesResponse,
  type Problem,
  type Scenario,
  type ScenarioEdit,
  type ScenarioRecord,
} from "./api";
import { CORRIDOR_LABELS, corridorLabel, dateTime, el, MODE_LABELS } from "./format";
import { attachTypeahead } from "./typeahead";

const KEY_STORAGE = "corridor-api-key";

// The edits the form knows; any other op is kept as it is and edited in the JSON.
const OPS: { op: string; label: string }[] = [
  { op: "close_nodes", label: "Close nodes / chokepoints" },
  { op: "avoid_countries", label: "Avoid countries" },
  { op: "avoid_groups", label: "Avoid country groups" },
  { op: "scale_tariff", label: "Scale tariffs" },
  { op: "scale_speed", label: "Scale speeds" },
  { op: "scale_capacity", label: "Scale capacity" },
  { op: "set_dwell", label: "Set border dwell at a node" },
  { op: "set_carbon_price", label: "Carbon price" },
];
const opLabel = (op: string) => OPS.find((o) => o.op === op)?.label ?? op;

// EditOp is an edit's operation; the select boxes offer only these.
type EditOp = ScenarioEdit["op"];

// NumKey and SelectKey are the edit fields the form writes numbers and choices to.
type NumKey = "factor" | "value" | "median_hours" | "p90_hours" | "fixed_usd" | "per_km_usd" | "hours" | "usd";
type SelectKey = "corridor" | "mode" | "country";

function template(op: EditOp): ScenarioEdit {
  switch (op) {
    case "close_nodes":
    case "set_dwell":
      return { op, nodes: [] };
    case "avoid_countries":
      return { op, countries: [] };
    case "avoid_groups":
      return { op, groups: [] };
    default:
      return { op };
  }
}

interface Base {
  name: string;
  origin: "stored" | "bundled";
  version: number; // the version the editor's content is based on (If-Match)
}

export interface ScenariosViewOptions {
  countries: Promise<CountriesResponse>;
  onDiff(name: string): void;
  onList(list: ScenarioRecord[]): void;
  onOpen(name: string | null): void;
}

let uid = 0;

export class ScenariosView {
  private list: ScenarioRecord[] = [];
  private doc: Scenario = { name: "", description: "", edits: [] };
  private base: Base | null = null;
  private viewingVersion: number | null = null;
  private dirty = false;
  private jsonError: string | null = null;
  private nodeNames = new Map<string, string>();
  private groups: { code: string; name: string }[] = [];

  private listBody = el("tbody");
  private listCount = el("span", { class: "count" });
  private versionsBox = el("div", { class: "versions", "data-testid": "scenario-versions" });
  private versionsTitle = el("h2", { id: "versions-title" }, "Versions");
  private title = el("h2", { id: "editor-title" }, "New scenario");
  private status = el("span", { class: "hint", role: "status", "aria-live": "polite", "data-testid": "scenario-status" });
  private errorBox = el("div", { class: "error scn-error", "data-testid": "scenario-error", role: "alert", tabindex: "-1", hidden: true });
  private nameInput = el("input", {
    id: "scn-name",
    type: "text",
    "data-field": "name",
    "data-testid": "scenario-name",
    autocomplete: "off",
    spellcheck: "false",
    pattern: "[a-z0-9][a-z0-9_\\-]{0,63}",
    placeholder: "e.g. suez-closed",
    "aria-describedby": "scn-name-hint",
  });
  private descInput = el("textarea", { id: "scn-desc", rows: 2, "data-field": "description", "data-testid": "scenario-description" });
  private editsList = el("ol", { class: "edits", "aria-label": "Edits" });
  private formFields = el("fieldset", { class: "scn-fields" });
  private json = el("textarea", {
    id: "scenario-json",
    class: "json",
    "data-testid": "scenario-json",
    spellcheck: "false",
    autocomplete: "off",
    "aria-describedby": "scenario-json-status",
  });
  private jsonStatus = el("p", { id: "scenario-json-status", class: "json-status", "aria-live": "polite" });
  private keyInput = el("input", { id: "api-key", type: "password", autocomplete: "off", "data-testid": "api-key", "data-field": "api-key", placeholder: "needed to save" });
  private saveBtn = el("button", { type: "button", class: "primary", "data-testid": "scenario-save" }, el("span", { class: "spinner", "aria-hidden": "true" }), el("span", { class: "label" }, "Save"));
  private deleteBtn = el("button", { type: "button", class: "secondary danger", "data-testid": "scenario-delete" }, "Delete");
  private diffBtn = el("button", { type: "button", class: "secondary", "data-testid": "scenario-diff" }, "Diff against baseline…");
  private jsonTimer = 0;

  constructor(
    private root: HTMLElement,
    private opts: ScenariosViewOptions,
  ) {
    this.build();
    opts.countries
      .then((c) => {
        this.groups = c.groups;
        this.renderEdits();
      })
      .catch(() => undefined);
  }

  private build() {
    const newBtn = el("button", { type: "button", class: "secondary small", "data-testid": "scenario-new" }, "New scenario");
    newBtn.addEventListener("click", () => {
      if (this.confirmDiscard()) this.newScenario();
    });
    const listCard = el(
      "section",
      { class: "card scn-list-card", "aria-labelledby": "scn-list-title" },
      el("div", { class: "card-head" }, el("h2", { id: "scn-list-title" }, "Scenarios ", this.listCount), newBtn),
      el(
        "div",
        { class: "scn-list-wrap" },
        el(
          "table",
          { class: "scn-list", "data-testid": "scenario-list" },
          el("caption", { class: "sr-only" }, "Stored and bundled scenarios"),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", { scope: "col" }, "Name"),
              el("th", { scope: "col" }, "Origin"),
              el("th", { scope: "col", class: "num", title: "version" }, "Ver."),
              el("th", { scope: "col", class: "num" }, "Edits"),
              el("th", { scope: "col" }, el("span", { class: "sr-only" }, "Actions")),
            ),
          ),
          this.listBody,
        ),
      ),
    );
    const versionsCard = el(
      "section",
      { class: "card scn-versions-card", "aria-labelledby": "versions-title" },
      el("div", { class: "card-head" }, this.versionsTitle),
      this.versionsBox,
    );

    // the form
    this.nameInput.addEventListener("input", () => {
      this.doc.name = this.nameInput.value.trim();
      this.changed();
      this.clearFieldError("name");
    });
    this.descInput.addEventListener("input", () => {
      if (this.descInput.value) this.doc.description = this.descInput.value;
      else delete this.doc.description;
      this.changed();
    });
    const addSelect = el("select", { id: "scn-add-op", "data-testid": "scenario-add-op" }, ...OPS.map((o) => el("option", { value: o.op }, o.label)));
    const addBtn = el("button", { type: "button", class: "secondary small", "data-testid": "scenario-add-edit" }, "Add edit");
    addBtn.addEventListener("click", () => {
      this.doc.edits.push(template(addSelect.value as EditOp));
      this.changed();
      this.renderEdits();
      const cards = this.editsList.querySelectorAll<HTMLElement>(".edit-card");
      const last = cards[cards.length - 1];
      last?.scrollIntoView({ block: "nearest" });
      last?.querySelector<HTMLElement>(".edit-body input, .edit-body select")?.focus();
    });
    this.formFields.append(
      el("legend", { class: "sr-only" }, "Scenario"),
      el(
        "div",
        { class: "field" },
        el("label", { for: "scn-name" }, "Name ", el("span", { class: "opt", id: "scn-name-hint" }, "(lowercase letters, digits, - and _)")),
        this.nameInput,
        el("p", { class: "field-error", "data-error-for": "name", hidden: true }),
      ),
      el(
        "div",
        { class: "field" },
        el("label", { for: "scn-desc" }, "Description ", el("span", { class: "opt" }, "(optional)")),
        this.descInput,
        el("p", { class: "field-error", "data-error-for": "description", hidden: true }),
      ),
      el("h3", { class: "edits-title", id: "edits-title" }, "Edits"),
      el("p", { class: "field-error", "data-error-for": "edits", hidden: true }),
      this.editsList,
      el(
        "div",
        { class: "add-edit" },
        el("label", { for: "scn-add-op" }, "New edit"),
        addSelect,
        addBtn,
      ),
    );
    const form = el("form", { class: "scn-form", novalidate: true, "aria-label": "Scenario form" }, this.formFields);
    form.addEventListener("submit", (e) => e.preventDefault());

    // the JSON
    this.json.addEventListener("input", () => {
      window.clearTimeout(this.jsonTimer);
      this.jsonTimer = window.setTimeout(() => this.readJson(), 250);
    });
    this.json.addEventListener("blur", () => {
      window.clearTimeout(this.jsonTimer);
      this.readJson();
    });
    const jsonBox = el(
      "div",
      { class: "scn-json" },
      el("label", { for: "scenario-json" }, "Scenario JSON ", el("a", { href: "/api/scenario.schema.json", target: "_blank", rel: "noopener", class: "opt" }, "(JSON Schema)")),
      this.json,
      this.jsonStatus,
    );

    // actions
    this.keyInput.value = sessionStorage.getItem(KEY_STORAGE) ?? "";
    this.keyInput.addEventListener("input", () => {
      sessionStorage.setItem(KEY_STORAGE, this.keyInput.value);
      this.clearFieldError("api-key");
    });
    this.saveBtn.addEventListener("click", () => void this.save());
    this.keyInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        void this.save();
      }
    });
    this.deleteBtn.addEventListener("click", () => void this.remove());
    this.diffBtn.addEventListener("click", () => {
      if (this.base) this.opts.onDiff(this.base.name);
    });
    const actions = el(
      "form",
      { class: "scn-actions", "aria-label": "Save the scenario" },
      el(
        "div",
        { class: "key-field" },
        el("label", { for: "api-key" }, "API key"),
        this.keyInput,
        el("p", { class: "field-error", "data-error-for": "api-key", hidden: true }),
      ),
      this.saveBtn,
      this.diffBtn,
      this.deleteBtn,
    );

    const editor = el(
      "section",
      { class: "card scn-editor", "data-testid": "scenario-editor", "aria-labelledby": "editor-title" },
      el("div", { class: "card-head" }, this.title, this.status),
      this.errorBox,
      el("div", { class: "scn-editor-body" }, form, jsonBox),
      actions,
    );
    this.root.replaceChildren(el("div", { class: "scn-layout" }, el("div", { class: "scn-left" }, listCard, versionsCard), editor));
    this.newScenario(false);
  }

  // ---------- list ----------

  async load(open?: string | null) {
    await this.refreshList();
    if (open && open !== this.base?.name) await this.open(open);
  }

  private async refreshList() {
    try {
      this.list = await listScenarios();
    } catch (err) {
      this.listBody.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "empty" }, `The scenarios could not be loaded: ${(err as Error).message}`)));
      return;
    }
    this.opts.onList(this.list);
    this.listCount.textContent = `(${this.list.length})`;
    this.renderList();
  }

  private renderList() {
    this.listBody.replaceChildren(
      ...this.list.map((r) => {
        const open = el("button", { type: "button", class: "link", "aria-label": `Open scenario ${r.name} in the editor` }, r.name);
        open.addEventListener("click", () => {
          if (this.confirmDiscard()) void this.open(r.name);
        });
        const diff = el("button", { type: "button", class: "secondary small", "aria-label": `Diff ${r.name} against the baseline` }, "Diff");
        diff.addEventListener("click", () => this.opts.onDiff(r.name));
        const current = this.base?.name === r.name;
        return el(
          "tr",
          { "data-testid": "scenario-row", "data-name": r.name, "data-origin": r.origin, "data-version": r.version, class: current ? "current" : "", "aria-current": current ? "true" : undefined },
          el("th", { scope: "row" }, open, r.scenario.description ? el("div", { class: "desc", title: r.scenario.description }, r.scenario.description) : null),
          el("td", {}, el("span", { class: `origin ${r.origin}` }, r.origin)),
          el("td", { class: "num" }, String(r.version)),
          el("td", { class: "num" }, String(r.scenario.edits?.length ?? 0)),
          el("td", { class: "act" }, diff),
        );
      }),
    );
    if (!this.list.length) this.listBody.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "empty" }, "No scenario yet.")));
  }

  private async open(name: string, version?: number) {
    try {
      const [rec, latest] = await Promise.all([getScenario(name, version), version ? getScenario(name) : Promise.resolve(null)]);
      this.load_(rec, latest?.version ?? rec.version);
      this.viewingVersion = version && latest && version !== latest.version ? version : null;
      this.updateTitle();
      if (this.viewingVersion) this.status.textContent = `Showing version ${version}: saving stores it as version ${(latest?.version ?? 0) + 1}.`;
      this.opts.onOpen(name);
      void this.loadVersions();
    } catch (err) {
      this.showProblem(err instanceof ApiError ? err.problem : { title: "Error", detail: String(err) });
    }
  }

  private load_(rec: ScenarioRecord, baseVersion: number) {
    this.doc = structuredClone(rec.scenario);
    this.doc.edits ??= [];
    this.base = { name: rec.name, origin: rec.origin, version: baseVersion };
    this.viewingVersion = null;
    this.dirty = false;
    this.jsonError = null;
    this.clearErrors();
    this.status.textContent = rec.origin === "bundled" ? "Bundled with corridor: saving stores your own copy under this name." : "";
    this.renderAll();
    this.renderList();
  }

  newScenario(notify = true) {
    this.doc = { name: "", description: "", edits: [] };
    delete this.doc.description;
    this.base = null;
    this.viewingVersion = null;
    this.dirty = false;
    this.jsonError = null;
    this.clearErrors();
    this.status.textContent = "";
    this.renderAll();
    this.renderList();
    this.versionsTitle.textContent = "Versions";
    this.versionsBox.replaceChildren(el("p", { class: "empty small" }, "A saved scenario keeps every version."));
    if (notify) this.opts.onOpen(null);
  }

  private confirmDiscard() {
    return !this.dirty || window.confirm("Discard the unsaved changes to this scenario?");
  }

  private async loadVersions() {
    const b = this.base;
    if (!b) return;
    this.versionsTitle.textContent = `Versions of ${b.name}`;
    try {
      const vs = await scenarioVersions(b.name);
      this.versionsBox.replaceChildren(
        el(
          "ol",
          { class: "version-list" },
          ...[...vs].reverse().map((v) => {
            const shown = (this.viewingVersion ?? b.version) === v.version;
            const btn = el("button", { type: "button", class: "link", "aria-label": `Open version ${v.version}`, disabled: shown }, `Version ${v.version}`);
            btn.addEventListener("click", () => {
              if (this.confirmDiscard()) void this.open(b.name, v.version === b.version ? undefined : v.version);
            });
            return el(
              "li",
              { class: shown ? "current" : "", "data-version": v.version },
              btn,
              el("span", { class: "muted" }, [v.created_at && !v.created_at.startsWith("0001-") ? dateTime(v.created_at) + " UTC" : b.origin, `${v.edits ?? 0} edit${v.edits === 1 ? "" : "s"}`].join(" · ")),
            );
          }),
        ),
      );
    } catch {
      this.versionsBox.replaceChildren(el("p", { class: "empty small" }, "No versions."));
    }
  }

  // ---------- editor ----------

  private renderAll() {
    this.nameInput.value = this.doc.name ?? "";
    this.descInput.value = this.doc.description ?? "";
    this.renderEdits();
    this.writeJson(true);
    this.updateTitle();
  }

  private updateTitle() {
    const b = this.base;
    this.title.textContent = b
      ? `${b.name} · ${b.origin}${b.origin === "stored" ? `, version ${this.viewingVersion ?? b.version}` : ""}${this.dirty ? " · unsaved changes" : ""}`
      : `New scenario${this.dirty ? " · unsaved" : ""}`;
    this.deleteBtn.disabled = b?.origin !== "stored";
    this.deleteBtn.title = b?.origin === "bundled" ? "Bundled scenarios cannot be deleted" : "";
    this.diffBtn.disabled = !b;
    this.diffBtn.title = b ? (this.dirty ? "The diff uses the saved version" : "") : "Save the scenario first";
  }

  private changed() {
    this.dirty = true;
    this.writeJson(false);
    this.updateTitle();
  }

  private writeJson(force: boolean) {
    if (!force && document.activeElement === this.json) return;
    this.json.value = JSON.stringify(this.doc, null, 2);
    this.setJsonError(null);
  }

  private readJson() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.json.value);
    } catch (err) {
      this.setJsonError((err as Error).message);
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      this.setJsonError("the scenario must be a JSON object");
      return;
    }
    const sc = parsed as Scenario;
    if (sc.edits !== undefined && !Array.isArray(sc.edits)) {
      this.setJsonError("edits must be an array");
      return;
    }
    if (!Array.isArray(sc.edits)) sc.edits = [];
    if (sc.edits.some((e) => !e || typeof e !== "object" || Array.isArray(e))) {
      this.setJsonError("every edit must be an object with an op");
      return;
    }
    if (JSON.stringify(sc) === JSON.stringify(this.doc)) {
      this.setJsonError(null);
      return;
    }
    this.doc = sc;
    this.dirty = true;
    this.setJsonError(null);
    this.nameInput.value = typeof sc.name === "string" ? sc.name : "";
    this.descInput.value = typeof sc.description === "string" ? sc.description : "";
    this.renderEdits();
    this.updateTitle();
  }

  private setJsonError(msg: string | null) {
    this.jsonError = msg;
    this.json.setAttribute("aria-invalid", String(!!msg));
    this.formFields.disabled = !!msg;
    this.jsonStatus.classList.toggle("bad", !!msg);
    this.jsonStatus.textContent = msg ? `Invalid JSON: ${msg}. The form is paused until the JSON parses.` : "In step with the form. The server validates on save.";
  }

  private renderEdits() {
    const focusedField = (document.activeElement as HTMLElement | null)?.dataset?.field;
    this.editsList.replaceChildren(...this.doc.edits.map((e, i) => this.editCard(e, i)));
    if (!this.doc.edits.length) this.editsList.append(el("li", { class: "empty small" }, "No edits yet: add one below."));
    if (focusedField) this.root.querySelector<HTMLElement>(`[data-field="${focusedField}"]`)?.focus();
  }

  private editCard(e: ScenarioEdit, i: number): HTMLElement {
    const f = (k: string) => `edits[${i}].${k}`;
    const known = OPS.some((o) => o.op === e.op);
    const opSelect = el(
      "select",
      { "aria-label": `Edit ${i + 1}: operation`, "data-field": f("op"), "data-testid": "edit-op" },
      ...OPS.map((o) => el("option", { value: o.op, selected: o.op === e.op }, o.label)),
      known ? null : el("option", { value: e.op, selected: true }, `${e.op} (edit in JSON)`),
    );
    opSelect.addEventListener("change", () => {
      const note = this.doc.edits[i].note;
      this.doc.edits[i] = template(opSelect.value as EditOp);
      if (note) this.doc.edits[i].note = note;
      this.changed();
      this.renderEdits();
      this.editsList.querySelectorAll<HTMLSelectElement>("select[data-testid=edit-op]")[i]?.focus();
    });
    const remove = el("button", { type: "button", class: "icon-btn remove", "aria-label": `Remove edit ${i + 1} (${opLabel(e.op)})`, title: "Remove this edit" }, "×");
    remove.addEventListener("click", () => {
      this.doc.edits.splice(i, 1);
      this.changed();
      this.renderEdits();
    });
    const body = el("div", { class: "edit-body" });
    switch (e.op) {
      case "close_nodes":
        body.append(this.nodesField(e, i, "Nodes to close", "Type a place or chokepoint, e.g. Suez"));
        break;
      case "set_dwell":
        body.append(
          this.nodesField(e, i, "Border node", "e.g. Dostyk"),
          el("div", { class: "row" }, this.numField(e, i, "median_hours", "Median dwell, hours", "24"), this.numField(e, i, "p90_hours", "P90 dwell, hours", "60")),
        );
        break;
      case "avoid_countries":
        body.append(this.countriesField(e, i));
        break;
      case "avoid_groups":
        body.append(this.groupsField(e, i));
        break;
      case "scale_tariff":
      case "scale_speed":
      case "scale_capacity":
        body.append(
          el(
            "div",
            { class: "row" },
            this.selectField(e, i, "corridor", "Corridor", [["", "any corridor"], ...Object.keys(CORRIDOR_LABELS).map((c) => [c, corridorLabel(c)] as [string, string])]),
            this.selectField(e, i, "mode", "Mode", [["", "any mode"], ...MODES.map((m) => [m, MODE_LABELS[m]] as [string, string])]),
            this.numField(e, i, "factor", "Factor", "e.g. 1.2", "0.05"),
          ),
        );
        break;
      case "set_carbon_price":
        body.append(this.numField(e, i, "value", "Carbon price, USD per tonne CO2e", "100", "5"));
        break;
      default:
        body.append(
          el("p", { class: "muted small" }, "The form does not edit this operation; change it in the JSON."),
          el("pre", { class: "edit-raw" }, JSON.stringify(e, null, 1)),
        );
    }
    const noteId = `scn-note-${++uid}`;
    const note = el("input", { id: noteId, type: "text", value: e.note ?? "", "data-field": f("note"), placeholder: "why (optional)" });
    note.addEventListener("input", () => {
      if (note.value) this.doc.edits[i].note = note.value;
      else delete this.doc.edits[i].note;
      this.changed();
    });
    return el(
      "li",
      { class: "edit-card", "data-testid": "scenario-edit", "data-index": i, "data-op": e.op, "data-field": `edits[${i}]` },
      el("div", { class: "edit-head" }, el("span", { class: "edit-num", "aria-hidden": "true" }, String(i + 1)), opSelect, remove),
      el("p", { class: "field-error", "data-error-for": `edits[${i}]`, hidden: true }),
      body,
      el("div", { class: "field note" }, el("label", { for: noteId }, "Note"), note),
    );
  }

  private wrap(field: string, label: string, id: string, control: HTMLElement, extra?: HTMLElement) {
    return el(
      "div",
      { class: "field" },
      el("label", { for: id }, label),
      control,
      extra ?? null,
      el("p", { class: "field-error", "data-error-for": field, id: `${id}-err`, hidden: true }),
    );
  }

  private numField(e: ScenarioEdit, i: number, key: NumKey, label: string, placeholder: string, step = "any") {
    const id = `scn-f-${++uid}`;
    const field = `edits[${i}].${key}`;
    const v = e[key];
    const input = el("input", {
      id,
      type: "number",
      step,
      inputmode: "decimal",
      placeholder,
      value: typeof v === "number" ? String(v) : "",
      "data-field": field,
      "data-testid": `edit-${key}`,
    });
    input.addEventListener("input", () => {
      const t = input.value.trim();
      const n = Number(t);
      if (t === "" || !Number.isFinite(n)) delete this.doc.edits[i][key];
      else this.doc.edits[i][key] = n;
      this.clearFieldError(field);
      this.changed();
    });
    return this.wrap(field, label, id, input);
  }

  private selectField(e: ScenarioEdit, i: number, key: SelectKey, label: string, options: [string, string][]) {
    const id = `scn-f-${++uid}`;
    const field = `edits[${i}].${key}`;
    const v = typeof e[key] === "string" ? (e[key] as string) : "";
    if (v && !options.some(([o]) => o === v)) options.push([v, v]);
    const sel = el("select", { id, "data-field": field, "data-testid": `edit-${key}` }, ...options.map(([o, l]) => el("option", { value: o, selected: o === v }, l)));
    sel.addEventListener("change", () => {
      // The options are the server's values (a mode of MODES for "mode"); it checks them on save.
      if (sel.value) (this.doc.edits[i] as Record<SelectKey, string>)[key] = sel.value;
      else delete this.doc.edits[i][key];
      this.clearFieldError(field);
      this.clearFieldError(`edits[${i}]`);
      this.changed();
    });
    return this.wrap(field, label, id, sel);
  }

  private countriesField(e: ScenarioEdit, i: number) {
    const id = `scn-f-${++uid}`;
    const field = `edits[${i}].countries`;
    const v = Array.isArray(e.countries) ? (e.countries as string[]) : [];
    const input = el("input", { id, type: "text", value: v.join(", "), placeholder: "e.g. RU, BY", "data-field": field, "data-testid": "edit-countries", autocomplete: "off" });
    input.addEventListener("input", () => {
      this.doc.edits[i].countries = input.value
        .split(/[\s,;]+/)
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
      this.clearFieldError(field);
      this.changed();
    });
    return this.wrap(field, "Countries (ISO codes, comma-separated)", id, input);
  }

  private groupsField(e: ScenarioEdit, i: number) {
    const field = `edits[${i}].groups`;
    const v = new Set(Array.isArray(e.groups) ? (e.groups as string[]) : []);
    const groups = this.groups.length ? [...this.groups] : [...v].map((code) => ({ code, name: code }));
    for (const g of v) if (!groups.some((x) => x.code === g)) groups.push({ code: g, name: g });
    const box = el(
      "fieldset",
      { class: "checks groups", "data-field": field },
      el("legend", { class: "sub-legend" }, "Country groups"),
      ...groups.map((g) => {
        const cb = el("input", { type: "checkbox", value: g.code, checked: v.has(g.code) });
        cb.addEventListener("change", () => {
          const cur = new Set(Array.isArray(this.doc.edits[i].groups) ? (this.doc.edits[i].groups as string[]) : []);
          if (cb.checked) cur.add(g.code);
          else cur.delete(g.code);
          this.doc.edits[i].groups = [...cur];
          this.clearFieldError(field);
          this.changed();
        });
        return el("label", { class: "check", title: g.name }, cb, el("abbr", { title: g.name }, g.code));
      }),
    );
    if (!groups.length) box.append(el("span", { class: "muted" }, "Loading groups…"));
    return el("div", { class: "field" }, box, el("p", { class: "field-error", "data-error-for": field, hidden: true }));
  }

  private nodesField(e: ScenarioEdit, i: number, label: string, placeholder: string) {
    const id = `scn-node-${++uid}`;
    const field = `edits[${i}].nodes`;
    const ids = Array.isArray(e.nodes) ? (e.nodes as string[]) : [];
    const chips = el("ul", { class: "chips", "aria-label": `${label}: chosen` });
    const renderChips = () => {
      const cur = Array.isArray(this.doc.edits[i]?.nodes) ? (this.doc.edits[i].nodes as string[]) : [];
      chips.replaceChildren(
        ...cur.map((nid, k) => {
          const name = this.nodeNames.get(nid);
          const x = el("button", { type: "button", "aria-label": `Remove ${name ?? nid}` }, "×");
          x.addEventListener("click", () => {
            cur.splice(k, 1);
            this.doc.edits[i].nodes = cur;
            this.changed();
            renderChips();
            input.focus();
          });
          return el("li", { class: "chip", "data-testid": "node-chip", "data-node-id": nid }, name ? `${name} ` : "", el("code", {}, nid), x);
        }),
      );
    };
    const add = (nid: string, name?: string) => {
      if (name) this.nodeNames.set(nid, name);
      const cur = Array.isArray(this.doc.edits[i].nodes) ? (this.doc.edits[i].nodes as string[]) : [];
      if (!cur.includes(nid)) cur.push(nid);
      this.doc.edits[i].nodes = cur;
      this.clearFieldError(field);
      this.changed();
      renderChips();
    };
    const input = el("input", { id, type: "text", placeholder, "data-field": field, "data-testid": "edit-node-input" });
    const taWrap = el("div", { class: "ta-field" }, input); // the list goes after the input: wrap first
    attachTypeahead(input, (n) => {
      add(n.id, n.name);
      input.value = "";
    });
    input.addEventListener("keydown", (ev) => {
      // Enter without a suggestion open takes the text as a node id
      if (ev.key === "Enter" && input.getAttribute("aria-expanded") !== "true" && input.value.trim()) {
        ev.preventDefault();
        add(input.value.trim());
        input.value = "";
      }
    });
    renderChips();
    for (const nid of ids) {
      if (this.nodeNames.has(nid)) continue;
      getNode(nid)
        .then((n) => {
          this.nodeNames.set(n.id, n.name);
          renderChips();
        })
        .catch(() => undefined);
    }
    return this.wrap(field, label, id, taWrap, chips);
  }

  // ---------- errors ----------

  private clearErrors() {
    this.errorBox.hidden = true;
    this.errorBox.replaceChildren();
    this.root.querySelectorAll<HTMLElement>(".field-error").forEach((p) => {
      p.hidden = true;
      p.textContent = "";
    });
    this.root.querySelectorAll<HTMLElement>("[aria-invalid=true]").forEach((x) => {
      if (x !== this.json) x.removeAttribute("aria-invalid");
    });
    this.root.querySelectorAll(".edit-card.invalid").forEach((c) => c.classList.remove("invalid"));
  }

  private clearFieldError(field: string) {
    const p = this.root.querySelector<HTMLElement>(`.field-error[data-error-for="${CSS.escape(field)}"]`);
    if (p) {
      p.hidden = true;
      p.textContent = "";
    }
    this.root.querySelector(`[data-field="${CSS.escape(field)}"]`)?.removeAttribute("aria-invalid");
  }

  // fieldError puts a message next to the field it names, or the nearest enclosing one
  // ("edits[1].links" → the card of edit 2); it returns the element to focus.
  private fieldError(field: string, reason: string): HTMLElement | null {
    const parts = field.split(".");
    for (let n = parts.length; n >= 1; n--) {
      let key = parts.slice(0, n).join(".");
      let slot = this.root.querySelector<HTMLElement>(`.field-error[data-error-for="${CSS.escape(key)}"]`);
      if (!slot) {
        key = key.replace(/\[\d+\]$/, ""); // edits[0].nodes[1] → edits[0].nodes
        slot = this.root.querySelector<HTMLElement>(`.field-error[data-error-for="${CSS.escape(key)}"]`);
      }
      if (!slot) continue;
      const label = key === field ? reason : `${field.slice(key.length).replace(/^\./, "") || field}: ${reason}`;
      slot.textContent = slot.textContent ? `${slot.textContent}; ${label}` : label;
      slot.hidden = false;
      slot.setAttribute("data-testid", "field-error");
      const control = this.root.querySelector<HTMLElement>(`[data-field="${CSS.escape(key)}"]`);
      if (control) {
        control.setAttribute("aria-invalid", "true");
        if (slot.id && control.tagName !== "LI") control.setAttribute("aria-describedby", slot.id);
      }
      slot.closest(".edit-card")?.classList.add("invalid");
      return control?.tagName === "LI" ? control.querySelector<HTMLElement>("select, input") : control;
    }
    return null;
  }

  private fieldName(field: string) {
    const m = /^edits\[(\d+)\](?:\.(.+))?$/.exec(field);
    if (!m) return field;
    const e = this.doc.edits[Number(m[1])];
    return `Edit ${Number(m[1]) + 1}${e ? ` (${opLabel(e.op)})` : ""}${m[2] ? `, ${m[2]}` : ""}`;
  }

  private showProblem(p: Problem, actions: HTMLElement[] = []) {
    this.clearErrors();
    const box = this.errorBox;
    const errs = p.errors ?? [];
    box.append(el("div", { class: "error-title" }, p.title ?? "Error"));
    if (!errs.length || p.status !== 400) box.append(el("div", { class: "error-detail" }, p.detail ?? ""));
    if (errs.length) {
      const ul = el("ul", { class: "error-fields" });
      for (const e of errs) {
        const target = this.fieldError(e.field, e.reason);
        const item = el("li", { "data-field": e.field });
        if (target) {
          const b = el("button", { type: "button", class: "link" }, this.fieldName(e.field));
          b.addEventListener("click", () => {
            target.scrollIntoView({ block: "center" });
            target.focus();
          });
          item.append(b, `: ${e.reason}`);
        } else item.append(el("code", {}, e.field), `: ${e.reason}`);
        ul.append(item);
      }
      box.append(ul);
    }
    if (actions.length) box.append(el("div", { class: "error-actions" }, ...actions));
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
    // bring the first field in error into view inside the form
    const first = this.root.querySelector<HTMLElement>(".scn-form .field-error:not([hidden])");
    const form = this.root.querySelector<HTMLElement>(".scn-form");
    if (first && form) {
      const card = first.closest<HTMLElement>(".edit-card") ?? first;
      const top = card.getBoundingClientRect().top - form.getBoundingClientRect().top + form.scrollTop;
      form.scrollTo({ top: Math.max(0, top - 8) });
    }
  }

  // ---------- save, delete ----------

  private setSaving(busy: boolean) {
    this.saveBtn.disabled = busy;
    this.saveBtn.classList.toggle("busy", busy);
    this.saveBtn.querySelector(".label")!.textContent = busy ? "Saving…" : "Save";
  }

  async save() {
    window.clearTimeout(this.jsonTimer);
    if (document.activeElement === this.json) this.readJson();
    if (this.jsonError) {
      this.showProblem({ title: "The JSON is not valid", detail: `${this.jsonError}. Fix it before saving.` });
      this.json.focus();
      return;
    }
    const key = this.keyInput.value.trim();
    if (!key) {
      this.clearErrors();
      this.fieldError("api-key", "Enter the API key: saving needs it (reading does not).");
      this.keyInput.focus();
      return;
    }
    const doc = this.doc;
    const b = this.base;
    const update = b?.origin === "stored" && b.name === doc.name;
    this.setSaving(true);
    this.status.textContent = "Saving…";
    try {
      const rec = update ? await updateScenario(doc.name, doc, b!.version, key) : await createScenario(doc, key);
      this.clearErrors();
      this.base = { name: rec.name, origin: "stored", version: rec.version };
      this.viewingVersion = null;
      this.dirty = false;
      this.updateTitle();
      this.status.textContent = `Saved “${rec.name}”, version ${rec.version}.`;
      this.opts.onOpen(rec.name);
      await this.refreshList();
      void this.loadVersions();
    } catch (err) {
      this.status.textContent = "Not saved.";
      if (!(err instanceof ApiError)) {
        this.showProblem({ title: "Error", detail: String(err) });
        return;
      }
      this.saveProblem(err, update);
    } finally {
      this.setSaving(false);
    }
  }

  private saveProblem(err: ApiError, update: boolean) {
    const p = err.problem;
    const name = this.doc.name;
    if (err.status === 409 && update) {
      void this.refreshList(); // the list shows the version that won
      const at = /is at version (\d+)/.exec(p.detail ?? "")?.[1];
      const reload = el("button", { type: "button", class: "secondary small", "data-testid": "scenario-reload" }, at ? `Reload version ${at}` : "Reload the latest version");
      reload.addEventListener("click", () => {
        this.dirty = false;
        void this.open(name);
      });
      this.showProblem(
        {
          title: "Version conflict: not saved",
          status: 409,
          detail: `Someone saved version ${at ?? "?"} of “${name}” first (your changes were based on version ${this.base?.version}). Reload to see it, then apply your changes again; copy the JSON first if you want to keep them.`,
        },
        [reload],
      );
      return;
    }
    if (err.status === 409) {
      this.showProblem({ title: "The name is taken: not saved", status: 409, detail: `A scenario named “${name}” already exists. Open it from the list to change it, or choose another name.` });
      this.fieldError("name", "a scenario with this name already exists");
      return;
    }
    if (err.status === 401) {
      this.showProblem({ ...p, title: "Wrong or missing API key: not saved" });
      this.fieldError("api-key", "the server did not accept this key");
      this.keyInput.focus();
      return;
    }
    if (err.status === 403) {
      this.showProblem({ ...p, title: "Writes are disabled on this server" });
      return;
    }
    this.showProblem(p);
  }

  private async remove() {
    const b = this.base;
    if (!b || b.origin !== "stored") return;
    if (!window.confirm(`Delete the scenario “${b.name}” and all its versions?`)) return;
    const key = this.keyInput.value.trim();
    if (!key) {
      this.clearErrors();
      this.fieldError("api-key", "Enter the API key: deleting needs it.");
      this.keyInput.focus();
      return;
    }
    try {
      await deleteScenario(b.name, key);
      this.newScenario();
      this.status.textContent = `Deleted “${b.name}”.`;
      await this.refreshList();
    } catch (err) {
      if (err instanceof ApiError) this.saveProblem(err, false);
      else this.showProblem({ title: "Error", detail: String(err) });
    }
  }
}
