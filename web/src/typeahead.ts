// An accessible combobox (WAI-ARIA 1.2 pattern) over GET /api/v1/nodes?q=: the list opens
// while typing, arrow keys move, Enter or a click picks, Escape closes. Picking a node keeps
// its id in input.dataset.nodeId so the query sends an unambiguous id; editing the text clears it.
import { searchNodes, type NodeInfo } from "./api";
import { el } from "./format";

const KIND_LABELS: Record<string, string> = {
  city: "city",
  dry_port: "dry port",
  seaport: "seaport",
  border: "border",
  junction: "junction",
  waypoint: "waypoint",
  chokepoint: "chokepoint",
};

let seq = 0;

export function attachTypeahead(input: HTMLInputElement, onPick?: (n: NodeInfo) => void) {
  const listId = `${input.id || "ta"}-list-${++seq}`;
  const list = el("ul", { id: listId, role: "listbox", class: "typeahead-list", hidden: true });
  input.after(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.autocomplete = "off";
  input.spellcheck = false;

  let items: NodeInfo[] = [];
  let active = -1;
  let timer = 0;
  let ctrl: AbortController | null = null;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };

  const setActive = (i: number) => {
    active = i;
    list.querySelectorAll<HTMLLIElement>("li").forEach((li, j) => {
      li.setAttribute("aria-selected", String(j === i));
      if (j === i) {
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    });
  };

  const pick = (n: NodeInfo) => {
    input.value = n.name;
    input.dataset.nodeId = n.id;
    input.dataset.nodeName = n.name;
    close();
    onPick?.(n);
  };

  const render = () => {
    list.replaceChildren(
      ...items.map((n, i) => {
        const li = el(
          "li",
          {
            id: `${listId}-${i}`,
            role: "option",
            "aria-selected": "false",
            "data-testid": "typeahead-option",
            "data-node-id": n.id,
          },
          el("span", { class: "ta-name" }, n.name),
          el("span", { class: "ta-meta" }, `${KIND_LABELS[n.kind] ?? n.kind} · ${n.country}`),
        );
        li.addEventListener("mousedown", (e) => {
          e.preventDefault(); // keep focus in the input
          pick(n);
        });
        return li;
      }),
    );
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(0);
    } else close();
  };

  const lookup = () => {
    const q = input.value.trim();
    ctrl?.abort();
    if (!q) {
      items = [];
      close();
      return;
    }
    ctrl = new AbortController();
    searchNodes(q, { limit: 10, signal: ctrl.signal })
      .then((nodes) => {
        if (input.value.trim() !== q || document.activeElement !== input) return;
        items = nodes;
        render();
      })
      .catch(() => {
        /* a failed suggestion lookup is not an error worth showing */
      });
  };

  input.addEventListener("input", () => {
    delete input.dataset.nodeId;
    delete input.dataset.nodeName;
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 120);
  });
  input.addEventListener("keydown", (e) => {
    if (list.hidden) {
      if (e.key === "ArrowDown" && input.value.trim()) {
        e.preventDefault();
        lookup();
      }
      return;
    }
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((active + 1) % items.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((active - 1 + items.length) % items.length);
    } else if (e.key === "Enter") {
      if (active >= 0 && items[active]) {
        e.preventDefault();
        pick(items[active]);
      }
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "Tab") {
      close();
    }
  });
  input.addEventListener("blur", () => window.setTimeout(close, 100));

  return {
    // set puts a value (a name or an id from the URL) in the field.
    set(value: string, id?: string) {
      input.value = value;
      if (id) {
        input.dataset.nodeId = id;
        input.dataset.nodeName = value;
      } else {
        delete input.dataset.nodeId;
        delete input.dataset.nodeName;
      }
    },
    // value is what the request sends: the picked node's id, or the typed text.
    value(): string {
      const id = input.dataset.nodeId;
      if (id && input.dataset.nodeName === input.value) return id;
      return input.value.trim();
    },
  };
}
