// The events view: filters (choices from the whole store), a server-side paged and
// sorted table of events or reports, the map and timeline of every match, and exports.
import { api, download } from "./api.js";
import { $, $$, clear, el, loading, plural, showStatus } from "./dom.js";
import { actorText, dateText, factBadge, placeText, typeBadge } from "./format.js";
import { renderMap } from "./map.js";
import { MULTI, PAGE_SIZE, SINGLE, go, href, listHref, listState, stateParams } from "./state.js";
import { renderTimeline } from "./timeline.js";
import { EXPORTS, ORDERS, typeOrder } from "./vocab.js";

const facetsCache = new Map(); // unit -> facets, until a write
let current = null; // the list state shown
let lastSummary = null;
let requestNo = 0;

export function forgetFacets() { facetsCache.clear(); }

async function facets(unit) {
  if (!facetsCache.has(unit)) facetsCache.set(unit, api(`/api/facets?unit=${unit}`));
  try {
    return await facetsCache.get(unit);
  } catch (err) {
    facetsCache.delete(unit);
    throw err;
  }
}

// ---- the filter form -------------------------------------------------------------------

const MAX_OPTIONS = 200;

function fillMulti(name, values, selected) {
  const box = $(`#filters details.multi[data-name=${name}]`);
  const list = clear($(".options", box));
  const chosen = new Set(selected);
  let shown = values.slice();
  if (name === "type") shown.sort((a, b) => typeOrder(a.value, b.value));
  shown = shown.slice(0, MAX_OPTIONS);
  for (const v of chosen) if (!shown.some((s) => s.value === v)) shown.push({ value: v, n: 0 });
  if (!shown.length) list.append(el("p", { class: "hint", text: "none in the store" }));
  for (const { value, n } of shown) {
    const id = `f-${name}-${value}`.replace(/[^\w-]/g, "_");
    list.append(el("label", { for: id },
      el("input", { type: "checkbox", id, name, value, checked: chosen.has(value) }),
      el("span", { class: "opt", text: value }), el("small", { text: n.toLocaleString("en") })));
  }
  updateMultiLabel(box);
}

function updateMultiLabel(box) {
  const n = $$("input:checked", box).length;
  $("summary .n", box).textContent = n ? ` (${n})` : "";
  box.classList.toggle("has-value", n > 0);
}

function fillSelect(select, options, value, anyLabel) {
  clear(select);
  select.append(el("option", { value: "", text: anyLabel || "any" }));
  for (const o of options) select.append(el("option", { value: o.value, text: `${o.value} (${o.n.toLocaleString("en")})` }));
  if (value && !options.some((o) => o.value === value)) select.append(el("option", { value, text: value }));
  select.value = value || "";
}

function fillForm(state, f) {
  const form = $("#filters");
  for (const name of MULTI) fillMulti(name, f ? f[name] : [], state.filters[name] || []);
  const country = state.filters.country || "";
  fillSelect(form.elements.country, f ? f.country : [], country);
  const regions = f ? f.admin1.filter((a) => !country || a.country === country) : [];
  const merged = new Map();
  for (const a of regions) merged.set(a.value, (merged.get(a.value) || 0) + a.n);
  fillSelect(form.elements.admin1, [...merged].map(([value, n]) => ({ value, n })), state.filters.admin1 || "");
  for (const key of ["q", "date_from", "date_to", "min_corroboration"]) form.elements[key].value = state.filters[key] || "";
  if (f) {
    for (const key of ["date_from", "date_to"]) {
      if (f.date_min) form.elements[key].min = f.date_min;
      if (f.date_max) form.elements[key].max = f.date_max;
    }
    form.elements.min_corroboration.max = String(Math.max(1, f.max_corroboration));
  }
  const sort = form.elements.sort;
  if (!sort.options.length) for (const o of ORDERS) sort.append(el("option", { value: o.value, text: o.label }));
  sort.value = state.filters.sort || "newest";
  for (const radio of form.elements.unit) radio.checked = radio.value === state.unit;
  const at = state.filters.at;
  const chip = $("#at-chip");
  chip.hidden = !at;
  if (at) $("#at-chip span").textContent = `At ${at}`;
}

function readForm() {
  const form = $("#filters");
  const data = new FormData(form);
  const state = { unit: data.get("unit") === "reports" ? "reports" : "events", filters: {}, page: 1, bin: current ? current.bin : "auto" };
  for (const key of MULTI) {
    const values = data.getAll(key).map(String).filter(Boolean);
    if (values.length) state.filters[key] = values;
  }
  for (const key of SINGLE) {
    const v = String(data.get(key) || "").trim();
    if (v && !(key === "sort" && v === "newest")) state.filters[key] = v;
  }
  if (current && current.filters.at) state.filters.at = current.filters.at;
  return state;
}

function apply() { go(listHref(readForm())); }

export function setupFilters() {
  const form = $("#filters");
  // On a phone the filters start folded (the search box stays), unless the URL sets some.
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const narrowing = [...MULTI, "country", "admin1", "date_from", "date_to", "min_corroboration"].some((k) => params.get(k));
  if (window.matchMedia("(max-width: 700px)").matches && !narrowing) $("#more-filters").open = false;
  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  form.addEventListener("change", (e) => {
    const t = e.target;
    if (t.closest("details.multi")) updateMultiLabel(t.closest("details.multi"));
    if (t.name === "country") form.elements.admin1.value = "";
    if (t.name !== "q" && t.name !== "min_corroboration") apply();
  });
  $("#clear-filters").addEventListener("click", () => go(href("", current && current.unit === "reports" ? new URLSearchParams("unit=reports") : null)));
  $("#at-chip button").addEventListener("click", () => {
    if (!current) return;
    const state = { ...current, filters: { ...current.filters }, page: 1 };
    delete state.filters.at;
    go(listHref(state));
  });
  // One open choice list at a time; Escape or a click elsewhere closes it.
  document.addEventListener("click", (e) => {
    for (const d of $$("#filters details.multi[open], details.menu[open]")) if (!d.contains(e.target)) d.open = false;
  });
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    for (const d of $$("details.multi[open], details.menu[open]")) { d.open = false; $("summary", d).focus(); }
  });
  const menu = $("#export-menu .options");
  for (const x of EXPORTS) {
    menu.append(el("button", { type: "button", dataset: { format: x.format }, text: x.label,
      onclick: () => exportCurrent(x) }));
  }
  $("#timeline-bin").addEventListener("change", (e) => {
    if (!current) return;
    go(listHref({ ...current, bin: e.target.value }));
  });
}

async function exportCurrent(x) {
  $("#export-menu").open = false;
  const state = current || listState(new URLSearchParams());
  const params = stateParams(state, true);
  params.set("format", x.format);
  if (state.unit === "reports") params.set("reports", "true");
  const name = `sitreport-${state.unit}.${x.extension}`;
  showStatus(`Exporting ${state.unit} as ${x.label}…`);
  try {
    const summary = await download(`/api/export?${params}`, name);
    showStatus(`${name}: ${summary || "done"}`);
  } catch (err) {
    showStatus(`Export failed: ${err.message}`, true);
  }
}

// ---- the table -------------------------------------------------------------------------

const COLUMNS = {
  events: [
    { key: "date", label: "Date", sort: ["newest", "oldest"] },
    { key: "type", label: "Type" },
    { key: "what", label: "What" },
    { key: "where", label: "Where" },
    { key: "killed", label: "Killed", sort: ["killed"], num: true },
    { key: "fact", label: "Factuality" },
    { key: "corr", label: "Sources", sort: ["corroboration"], num: true, title: "Independent sources" },
    { key: "reports", label: "Reports", sort: ["reports"], num: true },
  ],
  reports: [
    { key: "date", label: "Date", sort: ["newest", "oldest"] },
    { key: "type", label: "Type" },
    { key: "what", label: "What" },
    { key: "where", label: "Where" },
    { key: "killed", label: "Killed", sort: ["killed"], num: true },
    { key: "fact", label: "Factuality" },
    { key: "corr", label: "Sources", sort: ["corroboration"], num: true, title: "Independent sources of its event" },
    { key: "outlet", label: "Outlet ← sources" },
  ],
};

function renderHead(state) {
  const row = clear($("#events-table thead tr"));
  const sort = state.filters.sort || "newest";
  for (const c of COLUMNS[state.unit]) {
    const th = el("th", { scope: "col", class: c.num ? "num" : null, title: c.title || null });
    if (c.sort) {
      const active = c.sort.includes(sort);
      const next = active && c.sort.length > 1 ? c.sort[(c.sort.indexOf(sort) + 1) % c.sort.length] : c.sort[0];
      const target = { ...state, filters: { ...state.filters, sort: next }, page: 1 };
      if (next === "newest") delete target.filters.sort;
      th.setAttribute("aria-sort", active ? (sort === "oldest" ? "ascending" : "descending") : "none");
      th.append(el("a", { href: listHref(target), class: `sort${active ? " active" : ""}`, dataset: { sort: next } },
        c.label, el("span", { class: "arrow", "aria-hidden": "true", text: active ? (sort === "oldest" ? " ▲" : " ▼") : "" })));
    } else {
      th.textContent = c.label;
    }
    row.append(th);
  }
}

function cell(column, content, cls) {
  const td = el("td", { "data-label": column.label, class: [column.num ? "num" : "", cls || ""].join(" ").trim() || null });
  if (content instanceof Node) td.append(content);
  else td.textContent = content === null || content === undefined ? "" : String(content);
  return td;
}

function snippet(text, n) {
  const t = String(text || "");
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

function eventRow(ev, state) {
  const link = href(`event/${encodeURIComponent(ev.id)}`, stateParams(state, false));
  const [date, type, what, where, killed, fact, corr, reports] = COLUMNS.events;
  const who = [actorText(ev.actors), ev.recipients && ev.recipients.length ? `→ ${actorText(ev.recipients)}` : ""].filter(Boolean).join(" ");
  const summary = ev.evidence ? snippet(ev.evidence.sentence, 140) : who || ev.type;
  const outlets = [...new Set((ev.reports || []).map((r) => r.outlet).filter(Boolean))];
  const corrCell = el("span", {}, String(ev.corroboration),
    ev.contradiction ? el("span", { class: "contra-mark", title: "a report contradicts this", text: " !" }) : null);
  return el("tr", { dataset: { id: ev.id } },
    cell(date, el("a", { href: link, class: "row-link", text: dateText(ev.date, null) })),
    cell(type, typeBadge(ev.type)),
    cell(what, summary, "what"),
    cell(where, placeText(ev.location)),
    cell(killed, ev.counts ? ev.counts.killed : ""),
    cell(fact, factBadge(ev.factuality)),
    cell(corr, corrCell),
    cell(reports, `${(ev.reports || []).length}${outlets.length ? ` · ${snippet(outlets.join(", "), 40)}` : ""}`));
}

function reportRow(ev, state) {
  const link = href(`report/${encodeURIComponent(ev.id)}`, stateParams(state, false));
  const [date, type, what, where, killed, fact, corr, outlet] = COLUMNS.reports;
  const chain = (ev.attribution && ev.attribution.chain) || [];
  const source = [(ev.document && ev.document.outlet) || "unknown outlet", ...chain.map((s) => s.name)].join(" ← ");
  return el("tr", { dataset: { id: ev.id } },
    cell(date, el("a", { href: link, class: "row-link", text: dateText(ev.date, ev.document && ev.document.published) })),
    cell(type, typeBadge(ev.type)),
    cell(what, ev.evidence ? snippet(ev.evidence.sentence, 140) : actorText(ev.actors), "what"),
    cell(where, placeText(ev.location)),
    cell(killed, ev.counts ? ev.counts.killed : ""),
    cell(fact, factBadge(ev.factuality)),
    cell(corr, String(ev.corroboration || 1)),
    cell(outlet, source));
}

function renderPager(state, total) {
  const pager = clear($("#pager"));
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = total ? (state.page - 1) * PAGE_SIZE + 1 : 0;
  const last = Math.min(total, state.page * PAGE_SIZE);
  $("#event-count").textContent = total
    ? `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${plural(total, state.unit === "reports" ? "report" : "event")}`
    : `0 ${state.unit}`;
  const link = (page, label, rel) => {
    if (page < 1 || page > pages || page === state.page) {
      return el("span", { class: "page-link disabled", "aria-disabled": "true", text: label });
    }
    return el("a", { class: "page-link", rel, href: listHref({ ...state, page }), text: label });
  };
  pager.append(link(1, "« First"), link(state.page - 1, "‹ Prev", "prev"),
    el("span", { class: "page-of", text: `Page ${state.page.toLocaleString("en")} of ${pages.toLocaleString("en")}` }),
    link(state.page + 1, "Next ›", "next"), link(pages, "Last »"));
}

async function loadTable(state, no) {
  const params = stateParams(state, true);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String((state.page - 1) * PAGE_SIZE));
  const path = state.unit === "reports" ? "/api/events" : "/api/clusters";
  const body = await loading($("#table-panel"), api(`${path}?${params}`));
  if (no !== requestNo) return;
  renderHead(state);
  const tbody = clear($("#events-table tbody"));
  const rows = body.events.map((ev) => (state.unit === "reports" ? reportRow(ev, state) : eventRow(ev, state)));
  for (const r of rows) tbody.append(r);
  $("#events-empty").hidden = rows.length > 0;
  renderPager(state, body.total);
}

async function loadSummary(state, no) {
  const params = stateParams(state, true);
  params.delete("sort");
  params.set("unit", state.unit);
  const body = await loading($("#overview"), api(`/api/summary?${params}`));
  if (no !== requestNo) return;
  lastSummary = body;
  drawOverview(state);
}

function drawOverview(state) {
  if (!lastSummary) return;
  const unit = state.unit === "reports" ? "report" : "event";
  renderMap($("#map-panel"), lastSummary, unit, {
    at: state.filters.at,
    select: (point) => go(listHref({ ...state, filters: { ...state.filters, at: `${point.lat},${point.lon}` }, page: 1 })),
  });
  $("#timeline-bin").value = state.bin;
  renderTimeline($("#timeline"), lastSummary, state.bin, unit, (from, to) => {
    go(listHref({ ...state, filters: { ...state.filters, date_from: from, date_to: to }, page: 1 }));
  });
}

export function redrawOverview() { if (current) drawOverview(current); }

export async function showEvents(params) {
  const state = listState(params);
  current = state;
  const no = ++requestNo;
  fillForm(state, null);
  const facetPromise = facets(state.unit).then((f) => { if (no === requestNo) fillForm(state, f); });
  const results = await Promise.allSettled([loadTable(state, no), loadSummary(state, no), facetPromise]);
  const failed = results.find((r) => r.status === "rejected");
  if (failed && no === requestNo) showStatus(failed.reason.message || String(failed.reason), true);
}
