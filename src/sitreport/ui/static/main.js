// sitreport web UI: plain browser JavaScript modules, no build step. Views are routed by
// the URL fragment (state.js), so every view and filter can be reloaded and shared.
import { api, setToken, token } from "./api.js";
import { showDocument, showReport } from "./article.js";
import { showCluster } from "./cluster.js";
import { $, $$, clear, el, loading, showStatus } from "./dom.js";
import { forgetFacets, redrawOverview, setupFilters, showEvents } from "./events.js";
import { titleOf } from "./format.js";
import { showGraph } from "./graph.js";
import { href, parseHash } from "./state.js";
import { PLOVER_TYPES, typeColor } from "./vocab.js";

function route() {
  const { parts, params } = parseHash();
  showStatus(null);
  let view = "events";
  let run = () => showEvents(params);
  const [head, id] = parts;
  if (head === "event" && id) {
    // A report id is DOCUMENT:EVENT; an event (cluster) id has no colon.
    if (id.includes(":")) { view = "article"; run = () => showReport(id, params); }
    else { view = "cluster"; run = () => showCluster(id, params); }
  } else if (head === "report" && id) { view = "article"; run = () => showReport(id, params); }
  else if (head === "document" && id) { view = "article"; run = () => showDocument(id, params, null); }
  else if (head === "documents") { view = "documents"; run = () => showDocuments(params); }
  else if (head === "graph") { view = "graph"; run = showGraph; }
  else if (head === "add") { view = "add"; run = async () => {}; }
  for (const section of $$(".view")) section.hidden = section.id !== `view-${view}`;
  for (const tab of $$(".tabs a")) {
    const active = tab.dataset.view === view || (view === "cluster" && tab.dataset.view === "events");
    tab.classList.toggle("active", active);
    if (active) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
  }
  if (view === "events" || view === "documents" || view === "graph" || view === "add") {
    document.title = `${{ events: "Events", documents: "Articles", graph: "Sources", add: "Add article" }[view]} — sitreport`;
  }
  if (view !== "article") window.scrollTo(0, 0);
  run().catch((err) => showStatus(err.message || String(err), true));
}

// ---- articles ----------------------------------------------------------------------
const DOC_PAGE = 100;

async function showDocuments(params) {
  const page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  const body = await loading($("#view-documents"), api(`/api/documents?limit=${DOC_PAGE}&offset=${(page - 1) * DOC_PAGE}`));
  const tbody = clear($("#documents-table tbody"));
  $("#documents-empty").hidden = body.documents.length > 0;
  for (const doc of body.documents) {
    const link = href(`document/${encodeURIComponent(doc.id)}`);
    tbody.append(el("tr", { dataset: { documentId: doc.id } },
      el("td", { "data-label": "Published", text: doc.published || "" }),
      el("td", { "data-label": "Outlet", text: doc.outlet || "" }),
      el("td", { "data-label": "Title" }, el("a", { class: "row-link", href: link, text: titleOf(doc, null) })),
      el("td", { "data-label": "Events", class: "num", text: doc.events })));
  }
  const pager = clear($("#documents-pager"));
  const pages = Math.max(1, Math.ceil(body.total / DOC_PAGE));
  const link = (p, label) => (p < 1 || p > pages || p === page
    ? el("span", { class: "page-link disabled", text: label })
    : el("a", { class: "page-link", href: href("documents", new URLSearchParams(`page=${p}`)), text: label }));
  pager.append(link(page - 1, "‹ Prev"), el("span", { class: "page-of", text: `Page ${page} of ${pages} · ${body.total} articles` }), link(page + 1, "Next ›"));
}

// ---- add an article ----------------------------------------------------------------
async function submitArticle(event) {
  event.preventDefault();
  const form = event.target;
  const data = new FormData(form);
  const secret = String(data.get("token") || "").trim();
  const payload = {};
  payload[data.get("is_html") ? "html" : "text"] = String(data.get("body") || "");
  for (const key of ["outlet", "published", "title", "url"]) {
    const v = String(data.get(key) || "").trim();
    if (v) payload[key] = v;
  }
  if (secret) setToken(secret);
  showStatus("Extracting events…");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const body = await api("/api/documents", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${secret}` },
      body: JSON.stringify(payload),
    });
    forgetFacets();
    location.hash = href(`document/${encodeURIComponent(body.document.id)}`);
    showStatus(`Stored ${body.events.length} event${body.events.length === 1 ? "" : "s"}.`);
  } catch (err) {
    showStatus(err.message, true);
  } finally {
    button.disabled = false;
  }
}

function legend() {
  const list = clear($("#type-legend"));
  for (const { type } of PLOVER_TYPES) {
    const sw = el("span", { class: "swatch" });
    sw.style.backgroundColor = typeColor(type);
    list.append(el("li", { dataset: { type } }, sw, type));
  }
}

function start() {
  setupFilters();
  legend();
  const addForm = $("#add-form");
  addForm.addEventListener("submit", submitArticle);
  addForm.elements.token.value = token();
  addForm.elements.token.addEventListener("change", (e) => setToken(String(e.target.value || "").trim()));
  window.addEventListener("hashchange", route);
  let resizeTimer = null;
  let lastWidth = window.innerWidth;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      if (window.innerWidth === lastWidth) return;
      lastWidth = window.innerWidth;
      if (!$("#view-events").hidden) redrawOverview();
    }, 150);
  });
  route();
}

start();
