// The `assembler edit` form: rendered from the form description the server derives from the case
// model (/api/form), bound to the case file's JSON (/api/case), checked by the same validator as
// `assembler validate` (/api/check) while the user types. No framework, no build step.
"use strict";

// The token comes once in the address `assembler edit` printed (or the page its browser opened).
// It is kept in this tab's session storage, which no other port's pages can read, and dropped
// from the address so it stays out of the history; the server never puts it in a cookie.
const TOKEN = (() => {
  const given = new URLSearchParams(window.location.search).get("token");
  if (given) {
    window.sessionStorage.setItem("assembler-token", given);
    window.history.replaceState(null, "", "/");
    return given;
  }
  return window.sessionStorage.getItem("assembler-token") || "";
})();
const state = {
  version: null, // the version of the case file this page loaded or last saved: sent with saves
  edits: 0, // changes made on this page so far: a save's answer covers those made before it
  more: 0, // problems the last check found but did not list
  totals: null, // the last check's counts, over every problem
  spec: null,
  data: null,
  problems: [],
  dirty: false,
  timer: null,
  sequence: 0,
  counts: { errors: -1, warnings: -1 },
  toggles: new Set(),
  fileProblems: [], // what only the file's text shows (a repeated key), until it is saved
  view: "step", // "step": one step of the interview; "form": all answers; "review": the attorney review
  step: 0, // the interview's step shown (an index into spec.sections)
  stepKey: "", // where this case file's last step is remembered in the browser
  lastProblem: null, // the path "Next problem" went to last
  review: null, // the last review the server sent (/api/review)
};

// --- talking to the server ------------------------------------------------------------------

async function api(path, body) {
  const options = { headers: { "X-Assembler-Token": TOKEN } };
  if (body !== undefined) {
    options.method = "POST";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const reply = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) {
    const error = new Error(reply.error || response.statusText);
    error.status = response.status;
    error.kind = reply.kind || null;
    throw error;
  }
  return reply;
}

// --- paths into the case data ------------------------------------------------------------------

function pathText(path) {
  let text = "";
  for (const key of path) {
    text += typeof key === "number" ? `[${key}]` : (text ? "." : "") + key;
  }
  return text;
}

function parsePath(text) {
  const path = [];
  for (const part of text.match(/[^.[\]]+|\[\d+\]/g) || []) {
    path.push(part.startsWith("[") ? Number(part.slice(1, -1)) : part);
  }
  return path;
}

function genericPath(path) {
  return pathText(path).replace(/\[\d+\]/g, "[]");
}

function getAt(path) {
  let value = state.data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = value[key];
  }
  return value;
}

function setAt(path, value) {
  let target = state.data;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i];
    if (target[key] === null || typeof target[key] !== "object") {
      target[key] = typeof path[i + 1] === "number" ? [] : {};
    }
    target = target[key];
  }
  target[path[path.length - 1]] = value;
}

function removeAt(path) {
  const parent = getAt(path.slice(0, -1));
  if (parent === null || typeof parent !== "object") return;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key, 1);
  else delete parent[key];
  // An object left empty by clearing its last answer goes too, unless it is a list item or a
  // part the user switched on (a ground pleaded with nothing filled in yet is still pleaded).
  for (let i = path.length - 1; i > 0; i--) {
    const at = path.slice(0, i);
    const value = getAt(at);
    const last = at[at.length - 1];
    const empty = value && !Array.isArray(value) && typeof value === "object" &&
      Object.keys(value).length === 0;
    if (!empty || typeof last === "number" || state.toggles.has(genericPath(at))) break;
    delete getAt(at.slice(0, -1))[last];
  }
}

function isPlaceholder(value) {
  const mark = state.spec.placeholder;
  return typeof value === "string" && (value.startsWith(mark.prefix) || value === mark.date);
}

// --- building the form ------------------------------------------------------------------------

let serial = 0;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function fieldId(path) {
  return "f:" + pathText(path);
}

function helpText(node, id) {
  const parts = [];
  if (node.help) parts.push(node.help);
  if (node.example) parts.push(`Example: ${node.example}`);
  if (!parts.length) return null;
  return el("p", { class: "help", id, text: parts.join(" ") });
}

function requiredTag(node) {
  return node.required ? el("span", { class: "required", text: "needed" }) : null;
}

function render() {
  const form = document.getElementById("form");
  const nav = document.getElementById("nav");
  const active = document.activeElement && document.activeElement.id;
  form.replaceChildren();
  const links = el("ol");
  for (const section of state.spec.sections) {
    const box = el("section", {
      id: `s-${section.id}`,
      class: "section",
      "aria-labelledby": `h-${section.id}`,
    });
    box.append(
      el("h2", { id: `h-${section.id}`, text: section.title, tabindex: "-1" }),
      el("p", { class: "intro", text: section.intro }),
    );
    for (const node of section.nodes) {
      box.append(renderNode({ ...node, root: section.nodes.length === 1 }, parsePath(node.path)));
    }
    form.append(box);
    links.append(
      el(
        "li",
        {},
        el(
          "a",
          {
            href: `#s-${section.id}`,
            "data-section": section.id,
            onclick: (event) => {
              event.preventDefault();
              goToStep(state.spec.sections.indexOf(section));
            },
          },
          el("span", { text: section.title }),
          el("span", { class: "badge", "data-badge": section.id }),
        ),
      ),
    );
  }
  const views = el(
    "ul",
    { class: "views" },
    allAnswersLink(),
    el(
      "li",
      {},
      el("a", {
        href: "#review",
        id: "nav-review",
        text: "Attorney review",
        "aria-current": state.view === "review" ? "page" : null,
        onclick: (event) => {
          event.preventDefault();
          openReview();
        },
      }),
    ),
  );
  nav.replaceChildren(links, views);
  updateVisibility();
  showStep();
  showProblems();
  if (active) {
    const again = document.getElementById(active);
    if (again) again.focus();
  }
}

function renderNode(node, path) {
  const wrap = el("div", {
    class: `field kind-${node.kind}`,
    "data-path": pathText(path),
    "data-label": node.label || "",
  });
  if (node.show_if) {
    wrap.dataset.showIf = JSON.stringify(node.show_if);
    wrap.dataset.base = JSON.stringify(path.slice(0, -1));
  }
  if (node.toggle) {
    state.toggles.add(node.path);
    const present = getAt(path) !== undefined && getAt(path) !== null;
    const id = fieldId(path) + ":on";
    const box = el("input", {
      type: "checkbox",
      id,
      checked: present,
      onchange: (event) => switchPart(node, path, event.target),
    });
    wrap.append(el("div", { class: "toggle" }, box, el("label", { for: id, text: node.toggle })));
    if (!present) {
      // Unticked is "no" only once someone knows: "Don't know yet" asks the attorney instead,
      // and the papers then say nothing that the part would have told.
      const control = typeof unansweredControl === "function" ? unansweredControl(path, { ...node, label: node.toggle }) : null;
      if (control) wrap.append(control);
      wrap.append(el("div", { class: "messages", "aria-live": "off" }));
      return wrap;
    }
  }
  if (node.kind === "object") wrap.append(renderObject(node, path));
  else if (node.kind === "list") wrap.append(renderList(node, path));
  else wrap.append(...renderScalar(node, path));
  askedMore(wrap, node, path);
  return wrap;
}

function renderObject(node, path) {
  const helpId = `help:${pathText(path)}`;
  // The one part a section holds needs no title of its own: the section's heading names it.
  const legend = el(
    "legend",
    { class: node.root ? "visually-hidden" : null },
    el("span", { text: node.label || "" }),
    requiredTag(node),
  );
  const set = el("fieldset", {
    class: node.root ? "group root" : "group",
    "aria-describedby": node.help ? helpId : null,
  });
  set.append(legend);
  const help = helpText(node, helpId);
  if (help) set.append(help);
  set.append(el("div", { class: "messages" }));
  const offer = suggestion(path, node);
  if (offer) set.append(offer);
  if (genericPath(path) === "declarations[].account") set.append(declarationPreview());
  if (node.address) set.append(addressLine(path));
  for (const child of node.fields) set.append(renderNode(child, [...path, child.key]));
  return set;
}

// --- what the client's declaration will already say (issue 25, part 4) ---------------------------
// The declaration writes its own paragraphs from the answers given elsewhere (birth, arrival,
// status, family, the case, the lawyer); the boxes below hold only what the client says in
// their own words. The preview shows both, from the saved file, so nothing is asked twice.

function declarationPreview() {
  const body = el("div", { class: "preview-body" });
  const button = el("button", { type: "button", text: "Show the declaration as the papers will write it" });
  button.addEventListener("click", async () => {
    if (state.dirty) await saveInTurn();
    body.textContent = "Reading the saved case…";
    try {
      const reply = await api("/api/preview");
      body.textContent = "";
      if (!reply.paragraphs.length) {
        body.append(el("p", { text: "The papers do not include the client's declaration yet." }));
        return;
      }
      const list = el("ol", { class: "preview" });
      for (const paragraph of reply.paragraphs) {
        const item = el("li", { class: paragraph.own ? "own" : "written" });
        item.append(
          el("span", {
            class: "whose",
            text: paragraph.own ? "In the client's words (the boxes below): " : "Written from the answers: ",
          }),
          el("span", { text: paragraph.text }),
        );
        list.append(item);
      }
      body.append(list);
      announce("The declaration's paragraphs are shown.");
    } catch (error) {
      body.textContent = error.message;
    }
  });
  return el(
    "details",
    { class: "declaration-preview" },
    el("summary", { text: "The papers will already say: what the declaration writes from the other answers" }),
    el("p", {
      class: "help",
      text: "Birth, arrival, status, family, the case and the lawyer come from the answers already given. Use the boxes below only for what the client says in their own words.",
    }),
    button,
    body,
  );
}

function renderList(node, path) {
  const helpId = `help:${pathText(path)}`;
  const set = el("fieldset", {
    class: "group list",
    "aria-describedby": node.help ? helpId : null,
  });
  set.append(el("legend", {}, el("span", { text: node.label }), requiredTag(node)));
  const help = helpText(node, helpId);
  if (help) set.append(help);
  set.append(el("div", { class: "messages" }));
  const item = node.item;
  const value = getAt(path);
  const items = Array.isArray(value) ? value : [];
  const offer = suggestion(path, node);
  if (offer) set.append(offer);
  if (item.kind === "choice") {
    // A list of choices is a set of boxes to tick, in the order the choices are offered. A value
    // that is not one of the choices (a typo in the file) is shown too, so it can be unticked;
    // the starter's placeholder is not: ticking a real choice replaces it.
    const box = (choice, label, checked) => {
      const id = `${fieldId(path)}:${choice}`;
      const input = el("input", {
        type: "checkbox",
        id,
        checked,
        onchange: (event) => tick(path, item, choice, event.target.checked),
      });
      return el("div", { class: "check" }, input, el("label", { for: id, text: label }));
    };
    for (const [choice, label] of item.choices) set.append(box(choice, label, items.includes(choice)));
    for (const other of items.filter((v) => !item.choices.some(([c]) => c === v))) {
      if (!isPlaceholder(other)) set.append(box(other, `${other} (not one of the choices)`, true));
    }
    return set;
  }
  items.forEach((_, index) => {
    const at = [...path, index];
    const name = `${node.item_label} ${index + 1}`;
    const scalar = item.kind !== "object";
    const box = el("div", {
      class: scalar ? "item scalar" : "item",
      "data-path": pathText(at),
      "data-label": name,
    });
    const tools = el(
      "div",
      { class: "tools" },
      scalar ? null : el("h3", { text: name }),
      el("button", {
        type: "button",
        text: "Move up",
        "aria-label": `Move ${name} up`,
        disabled: index === 0,
        id: `${fieldId(at)}:up`,
        onclick: () => move(path, index, -1),
      }),
      el("button", {
        type: "button",
        text: "Move down",
        "aria-label": `Move ${name} down`,
        disabled: index === items.length - 1,
        id: `${fieldId(at)}:down`,
        onclick: () => move(path, index, 1),
      }),
      el("button", {
        type: "button",
        class: "remove",
        text: "Remove",
        "aria-label": `Remove ${name}`,
        onclick: () => removeItem(path, index, name),
      }),
    );
    if (item.kind === "object") {
      box.append(tools, el("div", { class: "messages" }));
      for (const child of item.fields) box.append(renderNode(child, [...at, child.key]));
    } else {
      box.append(...renderScalar({ ...item, label: name }, at), tools);
    }
    set.append(box);
  });
  set.append(
    el("button", {
      type: "button",
      class: "add",
      id: `${fieldId(path)}:add`,
      text: `Add ${node.item_label.toLowerCase()}`,
      onclick: () => addItem(path, item),
    }),
  );
  return set;
}

function renderScalar(node, path) {
  const id = fieldId(path);
  const helpId = `help:${pathText(path)}`;
  const value = getAt(path);
  const shown = value === undefined || value === null || isPlaceholder(value) ? "" : value;
  const help = helpText(node, helpId);
  const describe = [help ? helpId : null, `msg:${pathText(path)}`].filter(Boolean).join(" ");
  const label = el("label", { for: id }, el("span", { text: node.label }), requiredTag(node));
  const placeholder = isPlaceholder(value) ? value : node.kind === "date" ? dateExample(node) : null;
  let input;
  let note = null; // a date's line under its box: what the form reads, or how to write it
  if (node.kind === "bool" && node.default !== undefined) {
    // Unanswered, the box shows what the case file's default means (withdrawing the plea is
    // asked unless unticked): the papers follow the default, so the box must too.
    const unset = value === undefined || value === null;
    input = el("input", { type: "checkbox", id, checked: value === true || (unset && node.default === true) });
    input.addEventListener("change", () => answer(path, node, input.checked));
    const messages = el("div", { class: "messages", id: `msg:${pathText(path)}` });
    input.setAttribute("aria-describedby", describe);
    return [el("div", { class: "check" }, input, label), help, messages].filter(Boolean);
  }
  if (node.kind === "bool") {
    const name = id;
    const set = el("fieldset", { class: "yesno", id, "aria-describedby": describe });
    set.append(el("legend", {}, el("span", { text: node.label }), requiredTag(node)));
    for (const [choice, text] of [[true, "Yes"], [false, "No"], [null, "Not answered"]]) {
      const optionId = `${id}:${String(choice)}`;
      const checked = choice === null ? value !== true && value !== false : value === choice;
      set.append(
        el("input", {
          type: "radio",
          name,
          id: optionId,
          checked,
          onchange: () => answer(path, node, choice),
        }),
        el("label", { for: optionId, text }),
      );
    }
    return [set, help, el("div", { class: "messages", id: `msg:${pathText(path)}` })].filter(
      Boolean,
    );
  }
  if (node.kind === "choice") {
    input = el("select", { id });
    input.append(el("option", { value: "", text: "Choose…" }));
    const known = node.choices.some(([choice]) => choice === value);
    for (const [choice, text] of node.choices) {
      input.append(el("option", { value: choice, text, selected: choice === value }));
    }
    if (!known && shown !== "") {
      input.append(el("option", { value: shown, text: `${shown} (not one of the choices)`, selected: true }));
    }
    input.addEventListener("change", () => answer(path, node, input.value));
  } else if (node.kind === "textarea") {
    input = el("textarea", { id, rows: 3, placeholder });
    input.value = String(shown);
    input.addEventListener("input", () => answer(path, node, input.value));
  } else if (node.kind === "date") {
    [input, note] = dateInput(node, path, id, String(shown), placeholder);
  } else {
    const type =
      node.kind === "time" && (shown === "" || /^\d{2}:\d{2}$/.test(shown)) ? "time" : "text";
    const numeric = node.kind === "integer" || node.kind === "number";
    input = el("input", {
      type,
      id,
      placeholder,
      inputmode: numeric ? (node.kind === "integer" ? "numeric" : "decimal") : null,
      autocomplete: "off",
    });
    input.value = String(shown);
    input.addEventListener("input", () => answer(path, node, input.value));
  }
  input.setAttribute("aria-describedby", note ? `${note.id} ${describe}` : describe);
  const picker = genericPath(path) === "exhibits[].file" ? exhibitPicker(path, node, input) : null;
  const offer = suggestion(path, node);
  return [label, input, picker, offer, note, help, el("div", { class: "messages", id: `msg:${pathText(path)}` })].filter(
    Boolean,
  );
}

// --- what the form can offer from answers already given (issue 25, part 4) ----------------------
// Asked once: where an answer follows from others, the empty field offers it as a button; the
// paralegal takes it (or types another). Nothing is filled without a click: a suggestion that
// would be wrong for this case (a City Attorney prosecuted) is never written by itself.

const SUGGESTIONS = {
  "criminal_case.prosecuting_agency.name": (data) => {
    const county = data.court && data.court.county;
    const agency = (data.criminal_case && data.criminal_case.prosecuting_agency) || {};
    if (!county || (agency.kind && agency.kind !== "district_attorney")) return null;
    const name = `${county} County District Attorney`;
    // Unanswered, the kind of office follows from the name taken: a District Attorney.
    const also = agency.kind ? {} : { kind: "district_attorney" };
    return { value: name, text: `Use “${name}”`, also };
  },
  "service.server.address": (data) => {
    const counsel = data.filing_counsel;
    if (data.self_represented || !counsel || !counsel.address || !counsel.address.street) return null;
    return { value: structuredClone(counsel.address), text: "Same as counsel's office" };
  },
  "exhibits[].label": (data) => {
    const used = new Set((data.exhibits || []).map((exhibit) => exhibit && exhibit.label));
    for (let index = 0; index < 26; index += 1) {
      const letter = String.fromCharCode(65 + index);
      if (!used.has(letter)) return { value: letter, text: `Use the next letter, ${letter}` };
    }
    return null;
  },
  "relief.vacate_counts": (data) => {
    const counts = (data.criminal_case && data.criminal_case.counts) || [];
    if (counts.length !== 1 || typeof counts[0].number !== "number") return null;
    return { value: [counts[0].number], text: `Vacate count ${counts[0].number} (the only count)` };
  },
  declarations: (data) => {
    const declarations = Array.isArray(data.declarations) ? data.declarations : [];
    if (declarations.some((declaration) => declaration && declaration.kind === "moving_party")) return null;
    const account = startedAccount(data);
    const words = Object.keys(account).length ? ", started from the answers" : "";
    return {
      value: [...declarations, { kind: "moving_party", ...(words ? { account } : {}) }],
      text: `Add the client's declaration${words}`,
    };
  },
  "immigration.consequences[].count": (data) => {
    const counts = (data.criminal_case && data.criminal_case.counts) || [];
    if (counts.length !== 1 || typeof counts[0].number !== "number") return null;
    return { value: counts[0].number, text: `Count ${counts[0].number} (the only count)` };
  },
};
// Offers that leave no choice: a consequence of a one-count case is a consequence of that count,
// so a new item starts with it (the box shows it, and it can still be changed).
const CERTAIN = new Set(["immigration.consequences[].count"]);

SUGGESTIONS.declarations.adds = true; // offered beside the other declarations, not only first

function startedAccount(data) {
  // The first paragraphs of the client's own account, in the first person, from what the
  // interview already holds: the lawyer's words as quoted, and what the client would have done.
  // Only what those answers say; the paralegal reads them with the client and puts them in the
  // client's words. Nothing is started for a conviction after trial (there was no plea to refuse).
  const a1 = (data.grounds && data.grounds.a1) || {};
  const counsel = data.prior_counsel || {};
  const lawyer = counsel.name && !isPlaceholder(counsel.name) ? `My lawyer, ${counsel.name},` : "My lawyer";
  const account = {};
  const quote = typeof a1.advice_quote === "string" && !isPlaceholder(a1.advice_quote)
    ? a1.advice_quote.trim().replace(/[.!?]+$/, "")
    : "";
  if (quote) account.told = `${lawyer} told me: “${quote}.”`;
  else if (a1.advice_kind === "none") account.told = `${lawyer} did not say anything to me about immigration.`;
  const counts = (data.criminal_case && data.criminal_case.counts) || [];
  const pleaded = counts.length > 0 && counts.every((count) => count && /_plea$/.test(count.disposition || ""));
  const ways = {
    go_to_trial: "gone to trial",
    seek_immigration_safe_disposition: "asked for a plea that was safe for my immigration status",
  };
  const chosen = (Array.isArray(a1.would_have) ? a1.would_have : []).map((c) => ways[c]).filter(Boolean);
  if (pleaded && chosen.length) {
    account.would_have =
      "If I had known what this plea would do to my immigration status, I would not have " +
      `taken it. I would have ${chosen.reverse().join(" or ")}.`;
  }
  return account;
}

function suggestion(path, node) {
  // A place beside the field for what follows from the other answers: shown once an answer it
  // follows from is given (updateSuggestions), hidden while the field holds an answer.
  if (!SUGGESTIONS[genericPath(path)]) return null;
  const box = el("div", { class: "suggest", "data-suggest": pathText(path) });
  fillSuggestion(box, path);
  return box;
}

function fillSuggestion(box, path) {
  const current = getAt(path);
  const answered = Array.isArray(current)
    ? current.length > 0
    : current !== undefined && current !== null && current !== "" && !isPlaceholder(current);
  const offer = SUGGESTIONS[genericPath(path)];
  const found = answered && !offer.adds ? null : offer(state.data);
  const key = found ? JSON.stringify(found) : "";
  box.hidden = !found;
  if (box.dataset.offer === key && (found ? box.firstChild : !box.firstChild)) return; // as shown
  box.dataset.offer = key;
  box.replaceChildren();
  if (!found) return;
  const button = el("button", { type: "button", class: "suggestion", text: found.text });
  button.addEventListener("click", () => {
    setAt(path, found.value);
    for (const [key, value] of Object.entries(found.also || {})) setAt([...path.slice(0, -1), key], value);
    changed();
    render();
    const field = document.getElementById(fieldId(path)) ||
      document.querySelector(`[data-path="${CSS.escape(pathText(path))}"] input, [data-path="${CSS.escape(pathText(path))}"] select`);
    if (field) field.focus();
    announce(`Filled in: ${found.text}.`);
  });
  box.append(button);
}

function updateSuggestions() {
  // An answer given (the county, counsel's office, a count) may make an offer elsewhere.
  for (const box of document.querySelectorAll("[data-suggest]")) {
    fillSuggestion(box, parsePath(box.dataset.suggest));
  }
}

// --- an address typed on one line (issue 25, part 4) ----------------------------------------------
// "2750 Example Street, Suite 4, Riverside, CA 92501", as intake notes and letterheads write it,
// is read into the boxes below it (street, suite, city, state, ZIP), which stay there to correct.
// A line the form cannot read is left as typed, with a message, and nothing is written.

const STATES = {
  alabama: "AL", alaska: "AK", arizona: "AZ", arkansas: "AR", california: "CA", colorado: "CO",
  connecticut: "CT", delaware: "DE", "district of columbia": "DC", florida: "FL", georgia: "GA",
  hawaii: "HI", idaho: "ID", illinois: "IL", indiana: "IN", iowa: "IA", kansas: "KS",
  kentucky: "KY", louisiana: "LA", maine: "ME", maryland: "MD", massachusetts: "MA",
  michigan: "MI", minnesota: "MN", mississippi: "MS", missouri: "MO", montana: "MT",
  nebraska: "NE", nevada: "NV", "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM",
  "new york": "NY", "north carolina": "NC", "north dakota": "ND", ohio: "OH", oklahoma: "OK",
  oregon: "OR", pennsylvania: "PA", "rhode island": "RI", "south carolina": "SC",
  "south dakota": "SD", tennessee: "TN", texas: "TX", utah: "UT", vermont: "VT",
  virginia: "VA", washington: "WA", "west virginia": "WV", wisconsin: "WI", wyoming: "WY",
};
const STATE_CODES = new Set(Object.values(STATES));
const ADDRESS_PARTS = ["street", "unit", "city", "state", "postal_code"];

function parseAddressLine(text) {
  // Street first, city and "ST 12345" last, anything between (a suite) as the unit. The ZIP and
  // a known state are required: without them the line is not read, never guessed.
  const parts = text.split(/\s*[,\n;]\s*/).map((part) => part.trim()).filter(Boolean);
  const last = parts.pop();
  const zip = last ? /^(.*?)\s*(\d{5}(?:-\d{4})?)$/.exec(last) : null;
  if (!zip) return null;
  let rest = zip[1].replace(/\.$/, "").trim();
  let state = null;
  const code = /^(.*?)\s*\b([A-Za-z]{2})$/.exec(rest);
  if (code && STATE_CODES.has(code[2].toUpperCase())) {
    state = code[2].toUpperCase();
    rest = code[1];
  } else {
    const lower = rest.toLowerCase();
    const name = Object.keys(STATES)
      .filter((word) => lower === word || lower.endsWith(` ${word}`))
      .sort((a, b) => b.length - a.length)[0];
    if (!name) return null;
    state = STATES[name];
    rest = rest.slice(0, rest.length - name.length);
  }
  const city = rest.trim() || parts.pop();
  const street = parts.shift();
  if (!city || !street) return null;
  return { street, unit: parts.join(", ") || null, city, state, postal_code: zip[2] };
}

function addressLineText(address) {
  if (!address || typeof address !== "object" || !address.street || !address.city) return "";
  const unit = address.unit ? `, ${address.unit}` : "";
  const tail = [address.state, address.postal_code].filter(Boolean).join(" ");
  return `${address.street}${unit}, ${address.city}${tail ? `, ${tail}` : ""}`;
}

function addressLine(path) {
  const id = `${fieldId(path)}:line`;
  const noteId = `${id}:note`;
  const input = el("input", {
    type: "text",
    id,
    autocomplete: "off",
    placeholder: "2750 Example Street, Suite 4, Riverside, CA 92501",
    "aria-describedby": noteId,
  });
  input.value = addressLineText(getAt(path));
  const note = el("p", {
    class: "help",
    id: noteId,
    text: "Type or paste it as on an envelope: it is read into the boxes below.",
  });
  input.addEventListener("change", () => {
    const text = input.value.trim();
    if (!text) return;
    const read = parseAddressLine(text);
    if (!read) {
      note.textContent =
        "This cannot be read as street, city, state and ZIP code: fill in the boxes below instead. Nothing was changed.";
      note.classList.add("unread");
      return;
    }
    let marked = false;
    for (const key of ADDRESS_PARTS) {
      const at = [...path, key];
      if (unansweredState(at)) {
        setUnanswered(at, null);
        marked = true;
      }
      if (read[key]) setAt(at, read[key]);
      else if (getAt(at) !== undefined) removeAt(at);
      const box = document.getElementById(fieldId(at));
      if (box) box.value = read[key] || "";
    }
    note.classList.remove("unread");
    note.textContent = `Read as: street ${read.street}${read.unit ? `, unit ${read.unit}` : ""}, city ${read.city}, state ${read.state}, ZIP ${read.postal_code}.`;
    changed();
    updateVisibility();
    updateSuggestions();
    if (marked) render();
    announce(note.textContent);
  });
  return el(
    "div",
    { class: "address-line" },
    el("label", { for: id, text: "The whole address, on one line" }),
    input,
    note,
  );
}

// --- an exhibit's PDF, chosen instead of typed (issue 25, part 4) --------------------------------
// The server copies the chosen file into the case's exhibits/ folder under a safe name and
// answers the path the exhibit's file then holds (assembler/edit/exhibit_files.py).

function paperWords(stem) {
  // "03-declaration-of-moving-party" reads "3. Declaration of moving party"; the file name
  // stays beside it, small, for whoever looks for the file.
  if (stem === "packet") return "The whole packet, exhibits included";
  if (stem === "build-report") return "Build report";
  if (stem === "cite-check") return "Cite-check record";
  const found = /^(\d+)-(.*)$/.exec(stem);
  const words = (found ? found[2] : stem).replace(/-/g, " ");
  const text = words.charAt(0).toUpperCase() + words.slice(1);
  return found ? `${Number(found[1])}. ${text}` : text;
}

function exhibitPicker(path, node, input) {
  const id = `${fieldId(path)}:choose`;
  const chooser = el("input", { type: "file", id, accept: "application/pdf,.pdf", class: "visually-hidden" });
  const button = el("label", { for: id, class: "button-like", text: "Choose the PDF…" });
  const said = el("span", { class: "picked", role: "status" });
  chooser.addEventListener("change", async () => {
    const file = chooser.files && chooser.files[0];
    if (!file) return;
    said.textContent = `Copying ${file.name} into the case folder…`;
    try {
      const response = await fetch("/api/exhibit", {
        method: "POST",
        headers: {
          "X-Assembler-Token": TOKEN,
          "X-File-Name": encodeURIComponent(file.name),
          "Content-Type": "application/pdf",
        },
        body: file,
      });
      const reply = await response.json().catch(() => ({ error: response.statusText }));
      if (!response.ok) throw new Error(reply.error || response.statusText);
      input.value = reply.file;
      answer(path, node, reply.file);
      said.textContent = `Copied: the exhibit is ${reply.file} in the case folder.`;
    } catch (error) {
      said.textContent = error.message;
    }
    chooser.value = "";
  });
  return el("div", { class: "exhibit-picker" }, chooser, button, said);
}

// --- dates as people write them (issue 25, part 2) ------------------------------------------------
// The case file keeps a date as 2015-08-14 (a date known only to its month or year, where the
// field takes one, as 2026-01 or 2002); people type it any common way. parseDateInput reads the
// same forms as read_date in assembler/fields.py (a test holds the two to one table). Slashes are
// US order, month first: this is a California tool. Text the form cannot read stays in its box
// with a message, is not put in the case, and Save waits for it (saveWaitsForDates).

const MONTHS = [
  "january", "february", "march", "april", "may", "june",
  "july", "august", "september", "october", "november", "december",
];

const DATE_FORMS = [
  [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, "ymd"], // 2015-08-14
  [/^(\d{4})-(\d{1,2})$/, "ym"], // 2026-01
  [/^(\d{4})$/, "y"], // 2002
  [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, "mdy"], // 8/14/2015
  [/^(\d{1,2})\/(\d{4})$/, "my"], // 1/2026
  [/^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/, "Mdy"], // Aug 14 2015, August 14, 2015
  [/^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})$/, "dMy"], // 14 August 2015
  [/^([a-z]+)\.?,? (\d{4})$/, "My"], // Jan 2026
];

function monthNumber(word) {
  const index = MONTHS.findIndex(
    (name) => name === word || name.slice(0, 3) === word || (word === "sept" && name === "september"),
  );
  return index < 0 ? null : index + 1;
}

function twoDigits(n) {
  return String(n).padStart(2, "0");
}

function parseDateInput(text, partial) {
  // -> { iso } ("2015-08-14", "2026-01", "2002"; "" for an empty box) or { message } in words.
  const write = partial
    ? "Write the date as 8/14/2015, or only the month (1/2026) or the year (2002)."
    : "Write the date as 8/14/2015.";
  const typed = String(text ?? "").toLowerCase().trim().split(/\s+/).join(" ");
  if (typed === "") return { iso: "" };
  let found = null;
  for (const [pattern, order] of DATE_FORMS) {
    const match = pattern.exec(typed);
    if (!match) continue;
    const parts = {};
    for (const [i, part] of [...order].entries()) {
      if (part === "M") parts.m = monthNumber(match[i + 1]);
      else parts[part] = Number.parseInt(match[i + 1], 10);
    }
    if (parts.m !== null) {
      found = parts;
      break;
    }
  }
  if (!found) return { message: write };
  const { y, m, d } = found;
  if (y < 1900 || y > 2100) return { message: "The year must be between 1900 and 2100." };
  const notReal = "That is not a date on the calendar: check the month and the day.";
  if (m !== undefined && (m < 1 || m > 12)) return { message: notReal };
  if (d === undefined) {
    if (!partial) return { message: "The papers need the full date, with the day: write it as 8/14/2015.", part: true };
    return { iso: m === undefined ? String(y) : `${y}-${twoDigits(m)}` };
  }
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return { message: notReal };
  return { iso: `${y}-${twoDigits(m)}-${twoDigits(d)}` };
}

function dateParts(iso) {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  return match ? match.slice(1).map((part) => (part === undefined ? null : Number(part))) : null;
}

function dateWords(iso) {
  // "2015-08-14" -> "August 14, 2015"; "2026-01" -> "January 2026"; "2002" -> "2002"
  const [y, m, d] = dateParts(iso);
  if (m === null) return String(y);
  const month = MONTHS[m - 1][0].toUpperCase() + MONTHS[m - 1].slice(1);
  return d === null ? `${month} ${y}` : `${month} ${d}, ${y}`;
}

function dateShown(text) {
  // The case file's date as the box shows it (8/14/2015, 1/2026, 2002); other text as it is.
  const parts = dateParts(text);
  if (!parts) return text;
  const [y, m, d] = parts;
  return m === null ? String(y) : d === null ? `${m}/${y}` : `${m}/${d}/${y}`;
}

function dateExample(node) {
  return node.partial ? "8/14/2015, 1/2026 or 2002" : "8/14/2015";
}

const UNREAD_DATES = new Map(); // a field's typed text the form cannot read as a date, by path

function dateInput(node, path, id, shown, placeholder) {
  const input = el("input", {
    type: "text",
    id,
    placeholder,
    autocomplete: "off",
    "data-date": node.partial ? "partial" : "full",
    "data-date-path": pathText(path),
  });
  const note = el("p", { class: "date-note", id: `date:${pathText(path)}` });
  const key = pathText(path);
  const pending = UNREAD_DATES.get(key); // typed, unreadable, and not in the case: kept across renders
  const read = parseDateInput(pending === undefined ? shown : pending, node.partial);
  input.value = pending !== undefined ? pending : read.iso ? dateShown(read.iso) : shown;
  if (pending !== undefined) input.dataset.typed = "true";
  if (!("iso" in read)) dateNote(input, note, read, true); // the file holds text that is no date
  input.addEventListener("input", () => {
    const typed = parseDateInput(input.value, node.partial);
    input.dataset.typed = "true";
    if ("iso" in typed) UNREAD_DATES.delete(key);
    else UNREAD_DATES.set(key, input.value);
    answer(path, node, "iso" in typed ? typed.iso : ""); // unreadable text is not put in the case
    dateNote(input, note, typed, note.classList.contains("date-problem"));
  });
  input.addEventListener("change", () => dateNote(input, note, parseDateInput(input.value, node.partial), true));
  return [input, note];
}

function dateNote(input, note, read, final) {
  // Under a date box: the date the form read ("Reads as August 14, 2015"), or, once the box is
  // left (final), how to write one; nothing while an unreadable date is still being typed.
  note.classList.remove("date-problem");
  if ("iso" in read) {
    delete input.dataset.unread;
    note.textContent = read.iso ? `Reads as ${dateWords(read.iso)}.` : "";
    return;
  }
  input.dataset.unread = "true";
  note.textContent = final ? read.message : "";
  if (final) note.classList.add("date-problem");
  // a month and year, or words about a year ("spring 2009"): known in part, not mistyped
  const year = /\b(1[89]|20)\d\d\b/;
  const inPart = read.part || (year.test(input.value) && !/\d/.test(input.value.replace(year, "")));
  if (final && input.dataset.date === "full" && inPart) {
    note.textContent = "The papers need the full date, with the day: write it as 8/14/2015.";
    note.append(" ", partKnown(input));
  }
}

function partKnown(input) {
  // A date known only in part ("5/2009", "spring 2009") where the papers need the day: one click
  // asks the attorney and keeps what is known in the note, instead of the box refusing it.
  const known = input.value.trim();
  const path = parsePath(input.dataset.datePath);
  return el("button", {
    type: "button",
    class: "suggestion",
    text: `Ask the attorney, noting “${known}”`,
    onclick: () => {
      UNREAD_DATES.delete(pathText(path));
      if (getAt(path) !== undefined) removeAt(path);
      setUnanswered(path, { state: "ask", note: `Known so far: ${known}` });
      changed();
      render();
      document.getElementById(`${fieldId(path)}:unanswered:note`)?.focus();
      announce(`Marked for the attorney, noting ${known}.`);
    },
  });
}

function saveWaitsForDates() {
  // A date typed here that the form cannot read is not in the case: Save waits until it is
  // written so the form reads it (or cleared), instead of saving the case without it.
  const box = document.querySelector("input[data-date][data-unread][data-typed]");
  if (!box) return false;
  const note = document.getElementById(box.getAttribute("aria-describedby").split(" ")[0]);
  dateNote(box, note, parseDateInput(box.value, box.dataset.date === "partial"), true);
  const where = labelOf(box.closest("[data-path]") || box);
  const message = `Not saved: the date typed in ${where} cannot be read. ${note.textContent}`;
  setStatus(message);
  announce(message);
  box.scrollIntoView({ block: "center" });
  box.focus();
  return true;
}

// --- answering ------------------------------------------------------------------------------------

function convert(node, text) {
  if (node.kind === "integer" && /^\s*-?\d+\s*$/.test(text)) return Number.parseInt(text, 10);
  if (node.kind === "number" && /^\s*-?\d+(\.\d+)?\s*$/.test(text)) return Number(text);
  return text;
}

function answer(path, node, value) {
  if (value === null || value === "") removeAt(path);
  else if (node.kind === "bool") setAt(path, value);
  else setAt(path, convert(node, value));
  follow(path);
  changed();
  updateVisibility(); // a part may apply, or stop applying, as soon as a letter is typed
  updateSuggestions();
}

function tick(path, item, choice, on) {
  const current = Array.isArray(getAt(path)) ? getAt(path) : [];
  const chosen = new Set(current.filter((c) => c !== choice && !isPlaceholder(c)));
  if (on) chosen.add(choice);
  const order = item.choices.map(([value]) => value);
  const next = [...chosen].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  if (next.length) setAt(path, next);
  else removeAt(path);
  if (on) follow([...path, choice]);
  changed();
  updateVisibility();
  updateSuggestions();
}

// --- one answer that gives another (issue 25, part 4: ask once) ---------------------------------
// What counsel's advice amounted to and the error the motion pleads from it are one fact asked
// two ways: answering either ticks or chooses the other, when the other has no answer yet, and
// says so. Only where the one answer leaves no choice: counsel who said nothing, disclaimed the
// subject or put it off gave no advice; "gave no advice" alone does not say which of the three.

const ADVICE_THEORY = {
  none: "no_advice",
  disclaimed: "no_advice",
  deferred: "no_advice",
  wrong: "wrong_advice",
  incomplete: "incomplete_advice",
};
const THEORY_ADVICE = { wrong_advice: "wrong", incomplete_advice: "incomplete" };

function follow(path) {
  const generic = genericPath(path);
  if (generic === "grounds.a1.advice_kind") {
    const theory = ADVICE_THEORY[getAt(path)];
    const at = [...path.slice(0, -1), "error_theories"];
    const theories = Array.isArray(getAt(at)) ? getAt(at).filter((t) => !isPlaceholder(t)) : [];
    const pleaded = new Set(Object.values(ADVICE_THEORY));
    if (!theory || theories.some((t) => pleaded.has(t)) || unansweredState(at)) return;
    setAt(at, [theory, ...theories]);
    const id = `${fieldId(at)}:${theory}`;
    const box = document.getElementById(id);
    if (box) box.checked = true;
    const label = document.querySelector(`label[for="${CSS.escape(id)}"]`);
    announce(`Also ticked under “What went wrong at the plea?”: ${label ? label.textContent : theory}.`);
  } else if (generic.startsWith("grounds.a1.error_theories.") && THEORY_ADVICE[path[path.length - 1]]) {
    const at = [...path.slice(0, -2), "advice_kind"];
    const current = getAt(at);
    if ((current !== undefined && current !== null && current !== "" && !isPlaceholder(current)) || unansweredState(at)) return;
    const kind = THEORY_ADVICE[path[path.length - 1]];
    setAt(at, kind);
    const select = document.getElementById(fieldId(at));
    if (select) select.value = kind;
    const chosen = select && select.selectedOptions[0] ? select.selectedOptions[0].textContent : kind;
    announce(`Also chosen for what the lawyer's advice amounted to: ${chosen}.`);
  }
}

function blank(item) {
  return item.kind === "object" ? {} : item.kind === "integer" ? null : "";
}

function addItem(path, item) {
  const list = Array.isArray(getAt(path)) ? getAt(path) : [];
  const fresh = blank(item);
  for (const child of item.kind === "object" ? item.fields : []) {
    const generic = `${genericPath(path)}[].${child.key}`;
    const offer = CERTAIN.has(generic) ? SUGGESTIONS[generic](state.data) : null;
    if (offer) fresh[child.key] = offer.value;
  }
  list.push(fresh);
  setAt(path, list);
  changed();
  render();
  const first = document.querySelector(
    `[data-path="${CSS.escape(pathText([...path, list.length - 1]))}"] input, ` +
      `[data-path="${CSS.escape(pathText([...path, list.length - 1]))}"] select, ` +
      `[data-path="${CSS.escape(pathText([...path, list.length - 1]))}"] textarea`,
  );
  if (first) first.focus();
  announce("Added.");
}

function move(path, index, step) {
  const list = getAt(path);
  const [item] = list.splice(index, 1);
  list.splice(index + step, 0, item);
  followUnanswered(path, list.length, index, index + step);
  changed();
  render();
  const button = document.getElementById(
    `${fieldId([...path, index + step])}:${step < 0 ? "up" : "down"}`,
  );
  if (button && !button.disabled) button.focus();
  else document.getElementById(`${fieldId([...path, index + step])}:${step < 0 ? "down" : "up"}`)?.focus();
  announce(`Moved to place ${index + step + 1}.`);
}

function removeItem(path, index, name) {
  const item = getAt([...path, index]);
  const filled = item !== null && item !== "" && !(typeof item === "object" && !Object.keys(item).length);
  if (filled && !window.confirm(`Remove ${name} and what it holds?`)) return;
  followUnanswered(path, getAt(path).length, index, null);
  getAt(path).splice(index, 1);
  changed();
  render();
  document.getElementById(`${fieldId(path)}:add`)?.focus();
  announce(`${name} removed.`);
}

function switchPart(node, path, box) {
  if (box.checked) {
    setAt(path, node.kind === "list" ? [] : {});
  } else {
    const value = getAt(path);
    const filled = value && typeof value === "object" && Object.keys(value).length > 0;
    if (filled && !window.confirm("Remove the answers in this part?")) {
      box.checked = true;
      return;
    }
    removeAt(path);
  }
  changed();
  render();
}

function changed() {
  state.dirty = true;
  state.edits += 1;
  packetOutdated();
  setStatus("Unsaved changes");
  clearTimeout(state.timer);
  state.timer = setTimeout(check, 350);
}

// --- parts that apply only given another answer ----------------------------------------------

function resolve(at, base) {
  return at.startsWith(".") ? [...base, ...parsePath(at.slice(1))] : parsePath(at);
}

function holds(condition, base) {
  if (condition.any) return condition.any.some((c) => holds(c, base));
  if (condition.all) return condition.all.every((c) => holds(c, base));
  const value = getAt(resolve(condition.at, base));
  if ("is" in condition) return value === condition.is;
  if ("is_not" in condition) return value !== condition.is_not;
  if ("in" in condition) return condition.in.includes(value);
  if ("contains" in condition) return Array.isArray(value) && value.includes(condition.contains);
  if ("set" in condition) return (value !== undefined && value !== null && value !== "") === condition.set;
  return true;
}

function updateVisibility() {
  for (const node of document.querySelectorAll("[data-show-if]")) {
    const shown = holds(JSON.parse(node.dataset.showIf), JSON.parse(node.dataset.base));
    node.hidden = !shown;
  }
}

// --- checking -------------------------------------------------------------------------------------

async function check() {
  const sequence = ++state.sequence;
  try {
    const reply = await api("/api/check", { data: state.data });
    if (sequence !== state.sequence) return; // a newer check is on its way
    state.problems = [...state.fileProblems, ...reply.problems];
    state.more = reply.more || 0;
    const fileErrors = state.fileProblems.filter((p) => p.severity === "error").length;
    state.totals = splitQuestions(reply, {
      errors: reply.errors + fileErrors,
      warnings: reply.warnings + state.fileProblems.length - fileErrors,
    });
    showProblems();
    const { errors, warnings } = state.totals;
    if (errors !== state.counts.errors || warnings !== state.counts.warnings) {
      announce(summaryLine(errors, warnings));
      state.counts = { errors, warnings };
    }
  } catch (error) {
    setStatus(`Could not check the case: ${error.message}`);
  }
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function summaryLine(errors, warnings) {
  return countsLine({ errors, warnings, questions: (state.totals && state.totals.questions) || 0 });
}

function holder(path) {
  // The field a problem belongs to, or the nearest part of the form that holds it.
  let at = parsePath(path);
  while (at.length) {
    const found = document.querySelector(`[data-path="${CSS.escape(pathText(at))}"]`);
    if (found) return found;
    at = at.slice(0, -1);
  }
  return null;
}

function showProblems() {
  for (const box of document.querySelectorAll(".messages")) box.replaceChildren();
  for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of document.querySelectorAll(".has-problem")) node.classList.remove("has-problem");
  const list = document.getElementById("problem-list");
  list.replaceChildren();
  const entries = [];
  const perSection = {};
  let errors = 0;
  state.problems.forEach((problem, index) => {
    const error = problem.severity === "error";
    if (error) errors += 1;
    const home = holder(problem.path);
    const id = `problem-${index}`;
    const line = el(
      "div",
      { class: `problem ${problem.severity}`, id },
      el("strong", { text: `${severityWord(problem.severity)}: ` }),
      el("span", { text: plainMessage(problem.message) }),
    );
    if (problem.reason && !saysWhy(home, problem.reason)) line.append(whyWeAsk(problem.reason));
    let where = "the case as a whole";
    let target = null;
    if (home) {
      home.classList.add("has-problem");
      const box = home.querySelector(":scope > .messages, :scope > fieldset > .messages");
      (box || home).append(line);
      target = home.querySelector("input, select, textarea, fieldset.yesno, button.add") || home;
      if (error && target.matches("input, select, textarea, fieldset")) {
        target.setAttribute("aria-invalid", "true");
      }
      where = labelOf(home);
      const section = home.closest(".section");
      if (section) perSection[section.id] = (perSection[section.id] || 0) + (error ? 1 : 0);
    }
    const hiddenNote = home && home.closest("[hidden]") ? " (in a part your answers hide)" : "";
    entries.push({ problem, home, target, where, note: hiddenNote });
  });
  showProblemList(list, entries);
  const totals = state.totals || { errors, warnings: state.problems.length - errors };
  let line = countsLine(totals);
  if (state.more) line += ` The first ${state.problems.length} are listed here; fix them and check again for the other ${state.more}.`;
  document.getElementById("summary-count").textContent = line;
  for (const badge of document.querySelectorAll("[data-badge]")) {
    const n = perSection[`s-${badge.dataset.badge}`] || 0;
    badge.textContent = n ? String(n) : "";
    badge.setAttribute("aria-label", n ? plural(n, "error") : "");
  }
}

function labelOf(home) {
  const names = [];
  for (let node = home; node; node = node.parentElement.closest("[data-label], .section")) {
    if (node.classList.contains("section")) {
      const title = node.querySelector("h2").textContent;
      if (title !== names[0]) names.unshift(title);
      break;
    }
    if (node.dataset.label && node.dataset.label !== names[0]) names.unshift(node.dataset.label);
    if (!node.parentElement) break;
  }
  return names.join(" › ");
}

// --- saving and building --------------------------------------------------------------------

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

function announce(text) {
  const region = document.getElementById("announce");
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

async function save(confirmed = {}) {
  if (saveWaitsForDates()) return false;
  const sent = state.edits;
  try {
    const reply = await api("/api/save", {
      data: state.data,
      version: state.version,
      force: confirmed.force === true,
      read_only_ok: confirmed.readOnlyOk === true,
    });
    state.version = reply.version;
    const typedSince = state.edits !== sent; // typing while the save was on its way stays unsaved
    state.dirty = typedSince;
    if (reply.merged && reply.merged.length) {
      // Edits made elsewhere (another tab, another program) to other facts were kept beside
      // this page's: show them, keeping what was typed here since the save was sent.
      if (typedSince) {
        for (const place of reply.merged) {
          const path = parsePath(place);
          let value = reply.data;
          for (const key of path) value = value === null || value === undefined ? undefined : value[key];
          if (value === undefined) removeAt(path);
          else setAt(path, value);
        }
      } else {
        state.data = reply.data;
      }
      render();
      check();
      const places = reply.merged.slice(0, 5).join(", ") + (reply.merged.length > 5 ? " …" : "");
      setStatus(`Saved, with changes made elsewhere since this page opened kept (${places}).`);
      announce("Saved. Changes made elsewhere were kept and are now shown.");
      return true;
    }
    if (reply.saved && state.fileProblems.length) {
      state.fileProblems = [];
      check();
    }
    if (typedSince) setStatus("Saved what was typed before Save; newer changes are not saved yet.");
    else if (!reply.saved) setStatus("Saved (no changes to write).");
    else setStatus(`Saved. The previous version is kept as ${reply.backup || "a backup"}.`);
    return true;
  } catch (error) {
    const asked = confirmed.force || confirmed.readOnlyOk;
    if (error.status === 409 && error.kind === "read-only" && !confirmed.readOnlyOk && window.confirm(error.message)) {
      return save({ ...confirmed, readOnlyOk: true });
    }
    if (error.status === 409 && error.kind === "changed" && !confirmed.force && window.confirm(error.message)) {
      return save({ ...confirmed, force: true });
    }
    const message = asked ? `${error.message} (nothing was saved)` : error.message;
    setStatus(`Not saved: ${message}`);
    announce(`Not saved: ${message}`);
    return false;
  }
}

async function build() {
  const button = document.getElementById("build");
  if (state.view === "review") showView("step");
  if (!(await saveInTurn())) return;
  button.disabled = true;
  const packet = document.getElementById("packet");
  const body = document.getElementById("packet-body");
  packet.hidden = false;
  packet.setAttribute("aria-busy", "true");
  body.replaceChildren(el("p", { text: "Building the packet…" }));
  setStatus("Building the packet…");
  try {
    const reply = await api("/api/build", {});
    showPacket(reply);
    setStatus(reply.status === "built" ? "Packet built." : "The packet was not built.");
  } catch (error) {
    body.replaceChildren(el("p", { class: "problem error", text: `Not built: ${error.message}` }));
    setStatus(`Not built: ${error.message}`);
  } finally {
    button.disabled = false;
    packet.removeAttribute("aria-busy");
    packet.focus();
  }
}

const FORMATS = [
  ["pdf", "PDF"],
  ["docx", "Word"],
  ["txt", "Text"],
  ["json", "JSON"],
];

function showPacket(reply, body = document.getElementById("packet-body")) {
  body.replaceChildren();
  if (reply.status !== "built") {
    body.append(el("p", { class: "problem error", text: reply.message }));
    const remain = Object.entries(reply.to_verify || {});
    if (remain.length) {
      body.append(el("h3", { text: "What remains, per paper" }));
      body.append(
        el(
          "ul",
          {},
          ...remain.map(([paper, items]) =>
            el("li", {}, el("strong", { text: `${paper}: ` }), el("span", { text: items.join("; ") })),
          ),
        ),
      );
    }
    if (reply.problems && reply.problems.length) {
      body.append(
        el("ul", {}, ...reply.problems.map((p) => el("li", { class: p.severity, text: `${problemPlace(p.path)}: ${plainMessage(p.message)}` }))),
      );
    }
    return;
  }
  if (reply.final) {
    body.append(
      el("p", {
        class: "final-note",
        text: "Final papers: no DRAFT mark. The cite-check record (cite-check.json, and in build-report.txt) is beside them.",
      }),
    );
  }
  if (!reply.final) body.append(draftNote(reply));
  body.append(el("p", { text: `Written to ${reply.folder} (${plural(reply.pages, "page")} in packet.pdf).` }));
  const table = el("table", { class: "papers" });
  table.append(el("caption", { text: "Papers, in filing order" }));
  table.append(el("tr", {}, el("th", { scope: "col", text: "Paper" }), el("th", { scope: "col", text: "Open" })));
  for (const paper of reply.papers) {
    const links = el("td");
    for (const [format, name] of FORMATS) {
      if (paper.files[format]) {
        links.append(
          el("a", {
            href: paper.files[format],
            target: "_blank",
            rel: "noopener",
            text: name,
            "aria-label": `${paper.name} as ${name}`,
          }),
          " ",
        );
      }
    }
    for (const [format, url] of Object.entries(paper.files)) {
      if (!FORMATS.some(([known]) => known === format)) {
        links.append(el("a", { href: url, target: "_blank", rel: "noopener", text: format }), " ");
      }
    }
    table.append(
      el("tr", {}, el("th", { scope: "row", text: paperWords(paper.name) }, el("span", { class: "stem", text: paper.name })), links),
    );
  }
  body.append(table);
  body.append(...builtForPeople(reply));
}

// --- the interview: one step at a time, the problems in its order, the build for people --------

function allAnswersLink() {
  return el(
    "li",
    {},
    el("a", {
      href: "#form",
      id: "nav-all",
      text: "Review all answers",
      "aria-current": state.view === "form" ? "page" : null,
      onclick: (event) => {
        event.preventDefault();
        showAllAnswers();
      },
    }),
  );
}

function markCaseView() {
  const all = document.getElementById("nav-all");
  if (all) {
    if (state.view === "form") all.setAttribute("aria-current", "page");
    else all.removeAttribute("aria-current");
  }
  document.querySelectorAll("nav a[data-section]").forEach((link, index) => {
    if (state.view === "step" && index === state.step) link.setAttribute("aria-current", "step");
    else link.removeAttribute("aria-current");
  });
}

function rememberedStep(spec) {
  let saved = null;
  try {
    saved = window.localStorage.getItem(state.stepKey);
  } catch {
    saved = null; // storage refused (a private window): start at the first step
  }
  const index = spec.sections.findIndex((section) => section.id === saved);
  return index < 0 ? 0 : index;
}

function rememberStep() {
  try {
    window.localStorage.setItem(state.stepKey, state.spec.sections[state.step].id);
  } catch {
    // storage refused: the step is not remembered, nothing else changes
  }
}

function showStep() {
  // The interview shows the current step only; "Review all answers" shows every step.
  if (!state.spec) return;
  const sections = state.spec.sections;
  state.step = Math.min(Math.max(state.step, 0), sections.length - 1);
  sections.forEach((section, index) => {
    document.getElementById(`s-${section.id}`)?.classList.toggle("current", index === state.step);
  });
  const last = state.step === sections.length - 1;
  document.getElementById("step-progress").textContent =
    `Step ${state.step + 1} of ${sections.length}: ${sections[state.step].title}`;
  const bar = document.getElementById("step-bar");
  bar.max = sections.length;
  bar.value = state.step + 1;
  document.getElementById("step-back").disabled = state.step === 0;
  document.getElementById("step-next").textContent = last
    ? "Next: review all answers"
    : `Next: ${sections[state.step + 1].title}`;
  markCaseView();
}

function saveOnMove() {
  // Moving between steps saves the file as it is (a case with gaps is saved as a draft).
  return saveInTurn(() => (state.dirty ? save() : true));
}

function saveInTurn(job) {
  // One save at a time: a save asked for while another is on its way (a step's move, then Save
  // or Build at once) waits for it, instead of racing it with the same version and failing.
  if (job === undefined || job === save) {
    if (saveWaitsForDates()) return Promise.resolve(false); // said at once, not after the queue
  }
  state.moveSave = (state.moveSave || Promise.resolve()).catch(() => false).then(job || (() => save()));
  return state.moveSave;
}

function goToStep(index) {
  const moved = index !== state.step || state.view !== "step";
  showView("step");
  state.step = index;
  showStep();
  rememberStep();
  if (moved) saveOnMove();
  window.scrollTo({ top: 0 });
  document.getElementById(`h-${state.spec.sections[state.step].id}`)?.focus({ preventScroll: true });
}

function showAllAnswers() {
  showView("form");
  saveOnMove();
  window.scrollTo({ top: 0 });
  document.getElementById("form").querySelector("h2")?.focus({ preventScroll: true });
}

function startInterview() {
  document.getElementById("step-back").addEventListener("click", () => goToStep(state.step - 1));
  document.getElementById("step-next").addEventListener("click", () => {
    if (state.step === state.spec.sections.length - 1) showAllAnswers();
    else goToStep(state.step + 1);
  });
  document.getElementById("next-problem").addEventListener("click", () => nextProblem());
}

function reveal(target) {
  // Go to a field: its step first (in the interview), then the field itself.
  if (state.view === "review") showView("step");
  const section = target.closest(".section");
  if (state.view === "step" && section) {
    const index = state.spec.sections.findIndex((s) => `s-${s.id}` === section.id);
    if (index >= 0 && index !== state.step) {
      state.step = index;
      showStep();
      rememberStep();
      saveOnMove();
    }
  }
  target.scrollIntoView({ block: "center" });
  (target.matches("fieldset") ? target.querySelector("input") : target)?.focus();
}

const PROBLEM_GROUPS = [
  ["error", "Needed before filing"],
  ["question", "Questions for the attorney"],
  ["warning", "Worth a look"],
];

function severityWord(severity) {
  if (severity === "error") return "Needed before filing";
  if (severity === "question") return "Question for the attorney";
  return "Warning";
}

function splitQuestions(reply, totals) {
  // Questions for the attorney are neither errors nor warnings (validate prints them apart).
  if (typeof reply.questions === "number") return { ...totals, questions: reply.questions };
  const questions = (reply.problems || []).filter((p) => p.severity === "question").length;
  return { errors: totals.errors, warnings: Math.max(totals.warnings - questions, 0), questions };
}

function countsLine(totals) {
  const parts = [];
  if (totals.errors) parts.push(`${plural(totals.errors, "fact")} needed before filing`);
  else parts.push("Nothing needed before filing");
  if (totals.questions) parts.push(`${plural(totals.questions, "question")} for the attorney`);
  if (totals.warnings) parts.push(`${plural(totals.warnings, "warning")} to look at`);
  if (!totals.errors && !totals.questions && !totals.warnings) {
    return "The case is complete: nothing missing.";
  }
  return `${parts.join(", ")}.`;
}

function lead(where) {
  // "The client › When was the client born? not answered yet": a question takes no colon.
  return /[?]$/.test(where) ? `${where} ` : `${where}: `;
}

function problemKey(problem) {
  return `${problem.path}\n${problem.message}`;
}

function inInterviewOrder(entries) {
  // Problems in the order the interview asks (the page's order), the case as a whole last.
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      if (!a.entry.home || !b.entry.home) {
        return (a.entry.home ? 0 : 1) - (b.entry.home ? 0 : 1) || a.index - b.index;
      }
      if (a.entry.home === b.entry.home) return a.index - b.index;
      const after = a.entry.home.compareDocumentPosition(b.entry.home);
      return after & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    })
    .map(({ entry }) => entry);
}

function problemWords(problem) {
  // A question for the attorney is the field's own question, which the place before it already
  // reads: only the paralegal's note follows it, not the question a second time.
  const text = plainMessage(problem.message);
  if (problem.severity !== "question") return text;
  const at = text.indexOf("Note: ");
  return at >= 0 ? text.slice(at) : "";
}

function showProblemList(list, entries) {
  const ordered = inInterviewOrder(entries);
  state.problemOrder = [];
  for (const [severity, title] of PROBLEM_GROUPS) {
    const group = ordered.filter((e) => (e.problem.severity === severity) ||
      (severity === "warning" && !PROBLEM_GROUPS.some(([s]) => s === e.problem.severity)));
    if (!group.length) continue;
    state.problemOrder.push(...group);
    const items = el("ul", {});
    for (const entry of group) {
      const { problem, target, where, note } = entry;
      const link = el("a", {
        href: target && target.id ? `#${target.id}` : "#form",
        onclick: (event) => {
          if (!target) return;
          event.preventDefault();
          state.lastProblem = problemKey(problem);
          reveal(target);
        },
      });
      link.append(
        el("strong", { text: lead(where) }),
        el("span", { text: problemWords(problem) + note }),
      );
      items.append(el("li", { class: problem.severity, "data-problem-path": problem.path }, link));
    }
    const id = `problems-${severity}`;
    list.append(
      el(
        "section",
        { class: `problem-group ${severity}`, "aria-labelledby": id },
        el("h3", { id, text: `${title} (${group.length})` }),
        items,
      ),
    );
  }
  document.getElementById("next-problem").disabled = !state.problemOrder.length;
}

function nextProblem() {
  const order = state.problemOrder || [];
  if (!order.length) {
    setStatus("Nothing is missing.");
    return;
  }
  const at = order.findIndex((e) => problemKey(e.problem) === state.lastProblem);
  const next = order[(at + 1) % order.length];
  state.lastProblem = problemKey(next.problem);
  if (next.target) reveal(next.target);
  setStatus(`${severityWord(next.problem.severity)}: ${lead(next.where)}${plainMessage(next.problem.message)}`);
}

let plainWordsCache = null;

function plainWords() {
  // Each part of the form by its path, and each coded choice, in the words the form shows.
  if (plainWordsCache) return plainWordsCache;
  const words = new Map();
  const keys = new Map();
  const walk = (node) => {
    if (node.path && node.label) {
      words.set(node.path, `“${node.label}”`);
      if (node.key) keys.set(node.key, keys.has(node.key) ? null : `“${node.label}”`);
    }
    const choices = node.choices || (node.item && node.item.choices) || [];
    for (const [value, label] of choices) {
      if (value.includes("_")) words.set(value, `“${label}”`);
      words.set(`'${value}'`, `“${label}”`);
    }
    for (const child of node.fields || []) walk(child);
    if (node.item) walk(node.item);
  };
  for (const section of state.spec.sections) for (const node of section.nodes) walk(node);
  for (const [key, label] of keys) if (label && key.includes("_") && !words.has(key)) words.set(key, label);
  plainWordsCache = words;
  return words;
}

function plainMessage(text) {
  // A message as the paralegal reads it: no JSON paths, keys or coded choices.
  if (!state.spec || typeof text !== "string") return text;
  if (text === "required") return "not answered yet";
  const words = plainWords();
  return text
    .replace(/^question for the attorney: /, "") // the list says so already, once
    .replace(" (a --final build refuses the case until this is done)", " (the papers cannot be made ready to file until this is answered)")
    .replace(/'[a-z0-9_]+'/g, (match) => words.get(match) ?? match)
    .replace(/[A-Za-z_][A-Za-z0-9_]*(?:\[\d*\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d*\])?)*/g, (match) => {
      if (!/[._[]/.test(match)) return match;
      return words.get(match.replace(/\[\d+\]/g, "[]")) ?? words.get(match) ?? match;
    });
}

function sentence(text) {
  const trimmed = String(text).trim();
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?)]$/.test(first) ? first : `${first}.`;
}

function saysWhy(home, reason) {
  // The field shows this reason already (its own "Why we ask"): the problem need not repeat it.
  const own = home && home.querySelector(":scope > details.why p, :scope > fieldset > details.why p");
  return Boolean(own) && own.textContent === sentence(reason);
}

function whyWeAsk(text) {
  return el(
    "details",
    { class: "why" },
    el("summary", { text: "Why we ask" }),
    el("p", { text: sentence(text) }),
  );
}

function askedMore(wrap, node, path) {
  // Beside each field: the legal reason behind "Why we ask", and (when the page has it) the
  // control that marks the fact "Don't know yet" or "Does not apply".
  const reasons = node.root ? [] : [node.required, node.why].filter(Boolean).map(sentence);
  const messages = wrap.querySelector(":scope > .messages");
  if (reasons.length) {
    const box = whyWeAsk(reasons.join(" "));
    const set = wrap.querySelector(":scope > fieldset.group");
    const after = set && (set.querySelector(":scope > .help") || set.querySelector(":scope > legend"));
    if (after) after.after(box);
    else if (messages) messages.before(box);
    else wrap.append(box);
  }
  const scalar = node.kind !== "object" && !(node.kind === "list" && node.item.kind !== "choice");
  // A box ticked or not is always an answer (no means no), and a count's number or an exhibit's
  // letter names it wherever the papers speak of it: neither can wait for the attorney.
  const checkbox = node.kind === "bool" && node.default !== undefined;
  const identifier = NAMES_ITS_ITEM.has(genericPath(path));
  // An address is one answer too: not known yet, it is asked as a whole, not box by box.
  if ((scalar || node.address) && !checkbox && !identifier && typeof unansweredControl === "function") {
    const control = unansweredControl(path, node);
    if (control) {
      if (messages) messages.before(control);
      else wrap.append(control);
    }
  }
}

function packetOutdated() {
  // The build shown describes the case as it was: once the case changes, it goes.
  const packet = document.getElementById("packet");
  if (packet.hidden || packet.getAttribute("aria-busy")) return;
  packet.hidden = true;
  document.getElementById("packet-body").replaceChildren();
}

function problemPlace(path) {
  const home = holder(path);
  return home ? labelOf(home) : "The case as a whole";
}

function missingHome(path) {
  // A fact the papers marked missing: its field, or the nearest part of the form that holds it.
  let home = holder(path);
  if (!home) home = document.querySelector(`[data-path$=".${path.replace(/["\\]/g, "")}"]`);
  return home;
}

function draftNote(reply) {
  const note = el("div", { class: "problem warning draft-note" });
  note.append(
    el("p", {
      text:
        "A draft is for the attorney to read, not to file: every page is marked DRAFT, and " +
        "each fact still missing is marked where it belongs ([MISSING: …], or [ASK: …] for a " +
        "question for the attorney). “Verify before filing” is the attorney's list of " +
        "citations and points of law to check; you need not act on it.",
    }),
  );
  if (reply.draft) {
    note.append(el("p", { text: "The case still has facts needed before filing: they are listed below." }));
  }
  return note;
}

function builtForPeople(reply) {
  const parts = [];
  const seen = new Set();
  const missing = el("ul", { class: "missing" });
  const homes = (reply.missing || []).map((path) => ({ problem: { path }, home: missingHome(path) }));
  for (const { home } of inInterviewOrder(homes)) {
    const where = home ? labelOf(home) : "The case as a whole";
    if (seen.has(where)) continue;
    seen.add(where);
    const target = home && (home.querySelector("input, select, textarea, fieldset.yesno, button.add") || home);
    const link = el("a", {
      href: target && target.id ? `#${target.id}` : "#form",
      text: where,
      onclick: (event) => {
        if (!target) return;
        event.preventDefault();
        reveal(target);
      },
    });
    missing.append(el("li", {}, link));
  }
  if (seen.size) {
    parts.push(el("h3", { text: `Facts still missing in the papers (${seen.size})` }), missing);
  }
  const verify = Object.entries(reply.to_verify || {});
  if (verify.length) {
    const count = verify.reduce((n, [, items]) => n + items.length, 0);
    const list = el("ul");
    for (const [paper, items] of verify) list.append(el("li", { text: `${paper}: ${items.join("; ")}` }));
    parts.push(
      el(
        "details",
        { class: "verify" },
        el("summary", { text: `For the attorney: ${plural(count, "item")} to verify before filing` }),
        list,
      ),
    );
  }
  if (reply.plan && reply.plan.length) {
    parts.push(
      el(
        "details",
        { class: "plan-details" },
        el("summary", { text: "Why each paper is in the packet (or not), for the curious" }),
        el(
          "ul",
          { class: "plan" },
          ...reply.plan.map((p) =>
            el("li", { text: `${p.paper}: ${p.included ? "included" : "left out"} (${p.reason})` }),
          ),
        ),
      ),
    );
  }
  return parts;
}

// --- the attorney review ----------------------------------------------------------------------------

const KIND_GROUPS = [
  ["cite", "Citations to verify", "firm"],
  ["pin", "Page pins to confirm", "firm"],
  ["law", "Clause notes about the law", "firm"],
  ["case", "Case checks", "case"],
  ["write", "Text to write", "write"],
];

function showView(view) {
  state.view = view;
  document.body.dataset.view = view;
  const link = document.getElementById("nav-review");
  if (link) {
    if (view === "review") link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  markCaseView();
}

async function openReview() {
  showView("review");
  const section = document.getElementById("review");
  section.scrollIntoView({ block: "start" });
  section.focus();
  await loadReview();
}

async function loadReview() {
  const section = document.getElementById("review");
  section.setAttribute("aria-busy", "true");
  document.getElementById("review-summary").textContent = "Reading the papers for what they ask to be checked…";
  setStatus("Reading the papers for the attorney review…");
  try {
    const reply = await api("/api/review");
    showReview(reply);
    setStatus(`Attorney review: ${reviewLine(reply)}`);
  } catch (error) {
    document.getElementById("review-list").replaceChildren(
      el("p", { class: "problem error", text: `Could not read the review: ${error.message}` }),
    );
    document.getElementById("review-summary").textContent = "";
    setStatus(`Could not read the review: ${error.message}`);
  } finally {
    section.removeAttribute("aria-busy");
  }
}

function reviewLine(review) {
  const done = review.checks.length - review.open;
  if (!review.checks.length) return "the papers ask for no check.";
  if (!review.open) return `nothing is open (${plural(done, "item")} done).`;
  return `${plural(review.open, "item")} to check before the final papers${done ? ` (${done} done)` : ""}.`;
}

function canSign(check, review) {
  if (check.state === "done") return false;
  if (check.recorded_in === "case") return true;
  return check.recorded_in === "firm" && Boolean(review.firm_file);
}

function concernsBox(check) {
  const quote = el("blockquote", { class: "concerns" });
  const paragraphs = check.concerns.split(/\n\s*\n/).filter((p) => p.trim());
  // One text per paper, in the papers' order, when each paper prints its own (else one text).
  const perPaper = paragraphs.length > 1 && paragraphs.length === check.papers.length;
  paragraphs.forEach((paragraph, index) => {
    if (perPaper) quote.append(el("p", { class: "paper-name", text: `${check.papers[index]}:` }));
    quote.append(el("p", { text: paragraph.trim() }));
  });
  if (check.kind === "case" || check.concerns.length <= 320) {
    return [el("p", { class: "label", text: "The text as the papers print it:" }), quote];
  }
  return [el("details", {}, el("summary", { text: "The text as the papers print it" }), quote)];
}

function stateLine(check) {
  const signed = check.signed;
  if (check.state === "done" && signed) {
    const source = signed.source ? `; against ${signed.source}` : "";
    const note = signed.note ? ` (${signed.note})` : "";
    return el("p", { class: "state done", text: `Done: by ${signed.by} on ${signed.on}${source}${note}.` });
  }
  if (check.state === "changed" && signed) {
    return el("p", {
      class: "state changed",
      text: `Changed since ${signed.by} signed it on ${signed.on}: read it again and sign again.`,
    });
  }
  if (check.kind === "write") return el("p", { class: "state open", text: "Open: write it in the form." });
  return el("p", { class: "state open", text: "Open." });
}

function showReview(review) {
  state.review = review;
  const list = document.getElementById("review-list");
  list.replaceChildren();
  const summary = document.getElementById("review-summary");
  summary.textContent = reviewLine(review);
  if (review.case_has_errors) {
    list.append(
      el("p", {
        class: "problem error",
        text: "The case still has errors: the facts come first. These are the checks of its draft; fix the errors in the form, then review again.",
      }),
    );
  }
  if (state.dirty) {
    list.append(
      el("p", {
        class: "problem warning",
        text: "This page has unsaved changes: the review is of the case file as last saved. Save, then open the review again.",
      }),
    );
  }
  let firmNoted = false;
  for (const [kind, title, home] of KIND_GROUPS) {
    const checks = review.checks.filter((c) => c.kind === kind);
    if (!checks.length) continue;
    const group = el("section", { class: "review-group", "aria-labelledby": `rg-${kind}` });
    group.append(el("h3", { id: `rg-${kind}`, text: `${title} (${checks.filter((c) => c.state !== "done").length} open)` }));
    if (home === "firm") {
      const where = review.firm_file ? `, in ${review.firm_file}` : "";
      group.append(el("p", { class: "intro", text: `Recorded once for the firm${where}, and good for every case.` }));
      if (!review.firm_file && !firmNoted && checks.some((c) => c.state !== "done")) {
        firmNoted = true;
        group.append(
          el(
            "p",
            { class: "problem warning" },
            el("span", { text: "To record these here, name the firm's authorities file: add " }),
            el("code", { text: 'authorities = "firm/authorities.toml"' }),
            el("span", { text: " to assembler.toml beside the case file, then start assembler edit again. Or on the command line: " }),
            el("code", { text: 'assembler review CASE --sign ID --by "NAME" --source "WHAT WAS READ" --authorities FILE' }),
            el("span", { text: "." }),
          ),
        );
      }
    } else if (home === "case") {
      group.append(
        el("p", {
          class: "intro",
          text: `Signed for this case, in ${review.review_record_name} beside the case file; asked again if the text changes.`,
        }),
      );
    } else {
      group.append(el("p", { class: "intro", text: "The case file gives this text: fill it in the form. It cannot be signed." }));
    }
    const items = el("ul", { class: "checks" });
    for (const check of checks) {
      const whatId = `rw:${check.id}`;
      const head = el("div", { class: "check-head" });
      if (canSign(check, review)) {
        const boxId = `rc:${check.id}`;
        head.append(
          el("input", {
            type: "checkbox",
            id: boxId,
            "data-check-id": check.id,
            "data-home": check.recorded_in,
            "aria-describedby": whatId,
          }),
          el("label", { for: boxId }, el("code", { text: check.id })),
        );
      } else {
        head.append(el("code", { text: check.id }));
      }
      items.append(
        el(
          "li",
          { class: `check-item ${check.state}`, "data-check": check.id },
          head,
          stateLine(check),
          el("p", { class: "what", id: whatId }, el("strong", { text: "What to check: " }), el("span", { text: check.what })),
          ...concernsBox(check),
          el("p", { class: "papers-in" }, el("strong", { text: "In: " }), el("span", { text: check.papers.join(", ") })),
        ),
      );
    }
    group.append(items);
    list.append(group);
  }
  if (!review.checks.length) list.append(el("p", { text: "The papers ask for no check before filing." }));
  const signable = review.checks.some((c) => canSign(c, review));
  document.getElementById("review-sign").hidden = !signable;
  document.getElementById("review-source-field").hidden = !review.checks.some(
    (c) => c.recorded_in === "firm" && canSign(c, review),
  );
  const final = document.getElementById("review-final");
  const ready = review.open === 0 && !review.case_has_errors;
  final.disabled = !ready;
  document.getElementById("review-final-help").textContent = ready
    ? "Nothing is open: builds the papers without the DRAFT mark, with the cite-check record."
    : review.case_has_errors
      ? "Available once the case has no errors and nothing is open."
      : `Available once nothing is open (${review.open} open).`;
}

async function signChecked() {
  const name = document.getElementById("review-by");
  const source = document.getElementById("review-source");
  const by = name.value.trim();
  const note = document.getElementById("review-note").value.trim();
  name.removeAttribute("aria-invalid");
  source.removeAttribute("aria-invalid");
  const ticked = [...document.querySelectorAll("#review-list input[data-check-id]:checked")];
  if (!ticked.length) {
    setStatus("Tick the items you checked first.");
    document.querySelector("#review-list input[data-check-id]")?.focus();
    return;
  }
  if (!by) {
    name.setAttribute("aria-invalid", "true");
    setStatus("Type your name: the record says who signed each item.");
    name.focus();
    return;
  }
  const caseIds = ticked.filter((b) => b.dataset.home === "case").map((b) => b.dataset.checkId);
  const firmIds = ticked.filter((b) => b.dataset.home === "firm").map((b) => b.dataset.checkId);
  if (firmIds.length && !source.value.trim()) {
    source.setAttribute("aria-invalid", "true");
    setStatus("Say what was read for the citations, pins or clause notes ticked: it is recorded with them.");
    source.focus();
    return;
  }
  const button = document.getElementById("review-sign-button");
  button.disabled = true;
  setStatus("Signing…");
  try {
    let reply = null;
    if (caseIds.length) reply = await api("/api/review/sign", { ids: caseIds, by, note });
    if (firmIds.length) {
      reply = await api("/api/review/sign", { ids: firmIds, by, note, source: source.value.trim() });
    }
    showReview(reply);
    // The name stays for the next items; a note and a source belong to what was just signed.
    document.getElementById("review-note").value = "";
    if (firmIds.length) source.value = "";
    const count = plural(caseIds.length + firmIds.length, "item");
    setStatus(
      reply.open
        ? `Signed ${count}. ${reply.open} still open.`
        : `Signed ${count}. Nothing is open: the final papers can be built.`,
    );
    const final = document.getElementById("review-final");
    (final.disabled ? document.getElementById("review") : final).focus();
  } catch (error) {
    setStatus(`Not signed: ${error.message}`);
    announce(`Not signed: ${error.message}`);
    await loadReview();
  } finally {
    button.disabled = false;
  }
}

async function buildFinal() {
  const button = document.getElementById("review-final");
  const box = document.getElementById("review-built");
  if (state.dirty && !(await saveInTurn())) return;
  button.disabled = true;
  box.setAttribute("aria-busy", "true");
  box.replaceChildren(el("p", { text: "Building the final papers…" }));
  setStatus("Building the final papers…");
  try {
    const reply = await api("/api/build", { final: true });
    showPacket(reply, box);
    setStatus(reply.status === "built" ? "Final papers built." : "The final papers were not built.");
  } catch (error) {
    box.replaceChildren(el("p", { class: "problem error", text: `Not built: ${error.message}` }));
    setStatus(`Not built: ${error.message}`);
  } finally {
    box.removeAttribute("aria-busy");
    button.disabled = !(state.review && state.review.open === 0 && !state.review.case_has_errors);
    box.focus();
  }
}

// --- facts without an answer yet: ask the attorney, or does not apply (issue 25, part 1) ---------
// The case file keeps them in its top-level "unanswered" object, keyed by the fact's path as
// `assembler validate` prints it: {"state": "ask", "note": "…"} or {"state": "not_applicable"}.
// The fact itself stays absent; validate then reports a question for the attorney (or silences
// an optional fact's warning), and the papers print [ASK: …] where the fact goes.

const UNANSWERED_WORDS = {
  ask: "Don't know yet: the attorney will be asked.",
  not_applicable: "Does not apply to this case.",
};

function unansweredMarks() {
  const marks = state.data && state.data.unanswered;
  return marks && typeof marks === "object" && !Array.isArray(marks) ? marks : {};
}

function unansweredState(path) {
  const mark = unansweredMarks()[pathText(path)];
  return mark && Object.hasOwn(UNANSWERED_WORDS, mark.state) ? mark : null;
}

function setUnanswered(path, mark) {
  const key = pathText(path);
  const marks = { ...unansweredMarks() };
  if (mark) marks[key] = mark;
  else delete marks[key];
  if (Object.keys(marks).length) state.data.unanswered = marks;
  else delete state.data.unanswered;
}

const NAMES_ITS_ITEM = new Set(["criminal_case.counts[].number", "exhibits[].label"]);

function markUnanswered(path, node, choice) {
  const value = getAt(path);
  const answered = value !== undefined && value !== null && value !== "" &&
    !(Array.isArray(value) && !value.length) && !isPlaceholder(value);
  const words = choice === "ask" ? "ask the attorney" : "does not apply";
  if (answered && !window.confirm(`Clear the answer to “${node.label}” and mark it “${words}”?`)) return;
  if (value !== undefined) removeAt(path);
  UNREAD_DATES.delete(pathText(path)); // a date typed but not readable goes with the answer
  setUnanswered(path, { state: choice });
  changed();
  render();
  const next = document.getElementById(`${fieldId(path)}:unanswered:${choice === "ask" ? "note" : "clear"}`);
  if (next) next.focus();
  announce(`${node.label}: ${UNANSWERED_WORDS[choice]}`);
}

function followUnanswered(path, length, from, to) {
  // A list's items keep their marks when one moves (to its new place) or is removed (its marks
  // go with it): the keys are paths, with the item's place in them.
  const order = [...Array(length).keys()];
  const [item] = order.splice(from, 1);
  if (to !== null) order.splice(to, 0, item);
  const prefix = pathText(path);
  const marks = {};
  let touched = false;
  for (const [key, mark] of Object.entries(unansweredMarks())) {
    const found = key.startsWith(`${prefix}[`) ? key.slice(prefix.length).match(/^\[(\d+)\](.*)$/) : null;
    if (!found) {
      marks[key] = mark;
      continue;
    }
    touched = true;
    const now = order.indexOf(Number(found[1]));
    if (now >= 0) marks[`${prefix}[${now}]${found[2]}`] = mark;
  }
  if (!touched) return;
  if (Object.keys(marks).length) state.data.unanswered = marks;
  else delete state.data.unanswered;
}

function unansweredControl(path, node) {
  // A small control beside a field: "Don't know yet — ask the attorney" (with a note box),
  // "Does not apply", and "Clear". A field marked so is greyed and disabled, its state in words.
  const id = `${fieldId(path)}:unanswered`;
  const mark = unansweredState(path);
  const box = el("div", {
    class: "unanswered",
    id,
    role: "group",
    "aria-label": `${node.label || "This fact"}: no answer yet`,
    "data-unanswered": mark ? mark.state : "",
  });
  if (!mark) {
    box.append(
      el("button", {
        type: "button",
        id: `${id}:ask`,
        class: "unanswered-ask",
        text: "Don't know yet — ask the attorney",
        onclick: () => markUnanswered(path, node, "ask"),
      }),
      el("button", {
        type: "button",
        id: `${id}:not_applicable`,
        class: "unanswered-na",
        text: "Does not apply",
        onclick: () => markUnanswered(path, node, "not_applicable"),
      }),
    );
  } else {
    box.append(el("p", { class: "unanswered-state", text: UNANSWERED_WORDS[mark.state] }));
    if (mark.state === "ask") {
      const note = el("input", { type: "text", id: `${id}:note`, autocomplete: "off" });
      note.value = typeof mark.note === "string" ? mark.note : "";
      note.addEventListener("input", () => {
        const text = note.value.trim();
        setUnanswered(path, text ? { state: "ask", note: note.value } : { state: "ask" });
        changed();
      });
      box.append(
        el("label", { for: `${id}:note`, text: "Note for the attorney (optional)" }),
        note,
      );
    }
    box.append(
      el("button", {
        type: "button",
        id: `${id}:clear`,
        text: "Clear",
        "aria-label": `Clear: answer “${node.label || "this fact"}” instead`,
        onclick: () => {
          setUnanswered(path, null);
          changed();
          render();
          document.getElementById(fieldId(path))?.focus();
          announce(`${node.label || "The fact"} can be answered again.`);
        },
      }),
    );
  }
  // Once placed beside its field: the field is answered by its state, so it is greyed and its
  // inputs disabled (Clear gives it back).
  queueMicrotask(() => {
    const field = box.parentElement;
    if (!mark || !field) return;
    field.classList.add("answered-by-state");
    for (const input of field.querySelectorAll("input, select, textarea, button")) {
      if (!box.contains(input) && !input.closest(".why")) input.disabled = true;
    }
  });
  return box;
}

// --- start ----------------------------------------------------------------------------------------

async function start() {
  try {
    if (!TOKEN) throw new Error("open the address `assembler edit` printed: it carries the token");
    const [spec, file] = await Promise.all([api("/api/form"), api("/api/case")]);
    state.spec = spec;
    state.version = file.version;
    document.title = `${file.name}: assembler edit`;
    document.getElementById("file-name").textContent = file.name;
    state.stepKey = `assembler-edit-step:${file.key || file.name}`;
    state.step = rememberedStep(spec);
    state.fileProblems = file.file_problems || [];
    state.data = file.data && typeof file.data === "object" && !Array.isArray(file.data) ? file.data : {};
    render();
    setStatus("Opened. Every change is checked as you type; Save writes the file.");
    await check();
  } catch (error) {
    setStatus(`Could not open the case: ${error.message}`);
  }
  document.getElementById("save").addEventListener("click", () => saveInTurn());
  document.getElementById("build").addEventListener("click", () => build());
  document.getElementById("review-sign-button").addEventListener("click", () => signChecked());
  document.getElementById("review-final").addEventListener("click", () => buildFinal());
  startInterview();
  document.querySelector(".skip").addEventListener("click", () => {
    if (state.view === "review") showView("step");
  });
  window.addEventListener("beforeunload", (event) => {
    if (state.dirty) event.preventDefault();
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      save();
    }
  });
}

start();
