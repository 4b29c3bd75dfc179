// sitreport web UI. Plain browser JavaScript, no build step.
//
// Every piece of stored data reaches the page through textContent, attribute setters or
// SVG attributes built by `el`/`svg` below; nothing is ever assigned to innerHTML, so an
// article cannot inject markup or script (the server's Content-Security-Policy also forbids
// inline script).
"use strict";

(function () {
  const SVG_NS = "http://www.w3.org/2000/svg";
  // The 16 PLOVER types' colours, as resources/plover.yaml gives them (a unit test keeps the
  // two equal); any other type gets one from the palette by hash.
  const TYPE_COLORS = {
    AGREE: "#229954", ACCUSE: "#a04000", ASSAULT: "#c0392b", AID: "#2e8b57", COERCE: "#8e44ad",
    CONCEDE: "#95a5a6", CONSULT: "#1abc9c", COOPERATE: "#0e6655", MOBILIZE: "#16a085",
    PROTEST: "#2456a6", REJECT: "#c2185b", REQUEST: "#2874a6", RETREAT: "#7f8c8d",
    SANCTION: "#5d6d7e", SUPPORT: "#27ae60", THREATEN: "#b7950b",
  };
  const PALETTE = ["#2456a6", "#c0392b", "#2e8b57", "#d35400", "#7d3c98", "#16a085",
    "#b7950b", "#34495e", "#c2185b", "#5d6d7e"];
  const EVENT_LIMIT = 1000;

  const state = {
    filters: {},
    events: [],
    optionsLoaded: false,
    world: null,
    worldFailed: false,
  };

  // ---- DOM helpers -------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "onclick") node.addEventListener("click", value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  const $ = (sel) => document.querySelector(sel);

  function showStatus(message, isError) {
    const box = $("#status");
    if (!message) { box.hidden = true; return; }
    box.textContent = message;
    box.classList.toggle("error", Boolean(isError));
    box.hidden = false;
  }

  // ---- API ---------------------------------------------------------------------------
  // A server started with --private needs the token for reads too: send the one the
  // Add form stored, if any.
  async function api(path, options) {
    const opts = Object.assign({}, options);
    const token = sessionStorage.getItem("sitreport-token");
    if (token && !(opts.headers && opts.headers.Authorization)) {
      opts.headers = Object.assign({}, opts.headers, { Authorization: `Bearer ${token}` });
    }
    const response = await fetch(path, opts);
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      let detail = body && typeof body.detail === "string" ? body.detail : response.statusText;
      if (response.status === 401 && !token) detail += " (enter the API token in the Add view)";
      throw new Error(`${response.status}: ${detail}`);
    }
    return body;
  }

  function queryString(filters) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
      if (value !== "" && value !== null && value !== undefined) params.set(key, value);
    }
    return params.toString();
  }

  // ---- formatting --------------------------------------------------------------------
  function typeColor(type) {
    if (TYPE_COLORS[type]) return TYPE_COLORS[type];
    let h = 0;
    for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return PALETTE[h % PALETTE.length];
  }

  function typeBadge(type) {
    const badge = el("span", { class: "type-badge", text: type || "?" });
    badge.style.backgroundColor = typeColor(type);
    return badge;
  }

  function factBadge(factuality) {
    return el("span", { class: `fact ${factuality || ""}`, text: factuality || "–" });
  }

  function eventDate(ev) {
    if (ev.date && ev.date.start) {
      return ev.date.end && ev.date.end !== ev.date.start
        ? `${ev.date.start} – ${ev.date.end}` : ev.date.start;
    }
    return ev.document && ev.document.published ? `${ev.document.published} (pub.)` : "";
  }

  function sortKeyDate(ev) {
    return (ev.date && ev.date.start) || (ev.document && ev.document.published) || "";
  }

  function actorText(actors) {
    return (actors || []).map((a) => a.country ? `${a.text} (${a.country})` : a.text).join("; ");
  }

  function placeText(loc) {
    if (!loc) return "";
    const name = loc.name || loc.text;
    return loc.country && !String(name).includes(loc.country) ? `${name}, ${loc.country}` : name;
  }

  function corroboration(ev) {
    return ev.cluster && ev.cluster.corroboration ? ev.cluster.corroboration : 1;
  }

  function sourceText(ev) {
    const chain = (ev.attribution && ev.attribution.chain) || [];
    const outlet = (ev.document && ev.document.outlet) || "unknown outlet";
    return chain.length ? `${outlet} ← ${chain.map((s) => s.name).join(" ← ")}` : outlet;
  }

  function eventHref(ev) { return `#/event/${encodeURIComponent(ev.id)}`; }

  // ---- routing -----------------------------------------------------------------------
  function route() {
    const hash = location.hash.replace(/^#/, "") || "/";
    const [path] = hash.split("?");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    showStatus(null);
    let view = "events";
    if (parts[0] === "event" && parts[1]) view = "article";
    else if (parts[0] === "document" && parts[1]) view = "article";
    else if (parts[0] === "documents") view = "documents";
    else if (parts[0] === "graph") view = "graph";
    else if (parts[0] === "add") view = "add";
    for (const section of document.querySelectorAll(".view")) {
      section.hidden = section.id !== `view-${view}`;
    }
    for (const tab of document.querySelectorAll(".tabs a")) {
      tab.classList.toggle("active", tab.dataset.view === view);
    }
    const fail = (err) => showStatus(err.message || String(err), true);
    if (view === "events") loadEvents().catch(fail);
    else if (view === "documents") loadDocuments().catch(fail);
    else if (view === "graph") loadGraph().catch(fail);
    else if (parts[0] === "event") openEvent(parts[1]).catch(fail);
    else if (parts[0] === "document") openDocument(parts[1], null).catch(fail);
  }

  // ---- events view -------------------------------------------------------------------
  function readFilters() {
    const form = $("#filters");
    const data = new FormData(form);
    const filters = {};
    for (const [key, value] of data.entries()) {
      const v = String(value).trim();
      if (v) filters[key] = v;
    }
    return filters;
  }

  async function loadFilterOptions() {
    if (state.optionsLoaded) return;
    const all = await api(`/api/events?limit=${EVENT_LIMIT}`);
    const types = new Set();
    const countries = new Set();
    for (const ev of all.events) {
      if (ev.type) types.add(ev.type);
      if (ev.location && ev.location.country) countries.add(ev.location.country);
    }
    fillSelect($("#filters select[name=type]"), [...types].sort());
    fillSelect($("#filters select[name=country]"), [...countries].sort());
    state.optionsLoaded = true;
  }

  function fillSelect(select, values) {
    const current = select.value;
    while (select.options.length > 1) select.remove(1);
    for (const v of values) select.append(el("option", { value: v, text: v }));
    select.value = current;
  }

  async function loadEvents() {
    await loadFilterOptions();
    const qs = queryString({ ...state.filters, limit: EVENT_LIMIT });
    const body = await api(`/api/events?${qs}`);
    state.events = body.events.slice().sort((a, b) => sortKeyDate(b).localeCompare(sortKeyDate(a)));
    const shown = state.events.length;
    $("#event-count").textContent = body.total > shown
      ? `${shown} of ${body.total} events` : `${shown} event${shown === 1 ? "" : "s"}`;
    renderTable(state.events);
    renderLegend(state.events);
    renderTimeline(state.events);
    await renderMap(state.events);
  }

  function renderTable(events) {
    const tbody = clear($("#events-table tbody"));
    $("#events-empty").hidden = events.length > 0;
    for (const ev of events) {
      const row = el("tr", { dataset: { eventId: ev.id }, tabindex: 0 },
        el("td", { text: eventDate(ev) }),
        el("td", {}, typeBadge(ev.type)),
        el("td", { text: actorText(ev.actors) }),
        el("td", { text: actorText(ev.recipients) }),
        el("td", { text: placeText(ev.location) }),
        el("td", { text: sourceText(ev) }),
        el("td", {}, factBadge(ev.factuality)),
        el("td", { class: "num", text: corroboration(ev) }));
      row.addEventListener("click", () => { location.hash = eventHref(ev); });
      row.addEventListener("keydown", (e) => { if (e.key === "Enter") location.hash = eventHref(ev); });
      tbody.append(row);
    }
  }

  function renderLegend(events) {
    const list = clear($("#type-legend"));
    const counts = new Map();
    for (const ev of events) counts.set(ev.type, (counts.get(ev.type) || 0) + 1);
    for (const [type, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      const swatch = el("span", { class: "swatch" });
      swatch.style.backgroundColor = typeColor(type);
      list.append(el("li", {}, swatch, `${type} (${n})`));
    }
  }

  // ---- map ---------------------------------------------------------------------------
  async function loadWorld() {
    if (state.world || state.worldFailed) return state.world;
    if (!window.d3 || !window.topojson) { state.worldFailed = true; return null; }
    try {
      const topo = await api("/vendor/countries-110m.json");
      state.world = window.topojson.feature(topo, topo.objects.countries);
    } catch (_) {
      state.worldFailed = true;
    }
    return state.world;
  }

  function svgSize(node, fallbackW, fallbackH) {
    const box = node.getBoundingClientRect();
    return [Math.max(box.width, 200) || fallbackW, Math.max(box.height, 120) || fallbackH];
  }

  function placeholder(node, w, h, message) {
    node.append(svg("text", { class: "placeholder", x: w / 2, y: h / 2, "text-anchor": "middle", text: message }));
  }

  async function renderMap(events) {
    const node = clear($("#map"));
    const [w, h] = svgSize(node, 700, 330);
    node.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const world = await loadWorld();
    if (!world || !window.d3) {
      placeholder(node, w, h, "Base map not installed (run scripts/setup.sh)");
      return;
    }
    const d3 = window.d3;
    const located = events.filter((ev) => ev.location && ev.location.lat !== null && ev.location.lon !== null
      && ev.location.lat !== undefined && ev.location.lon !== undefined);
    const projection = d3.geoNaturalEarth1();
    if (located.length) {
      // Fit the view to the events with a margin, so a regional conflict is not a dot on a globe.
      const lons = located.map((ev) => ev.location.lon);
      const lats = located.map((ev) => ev.location.lat);
      const pad = 6;
      const minLon = Math.max(-180, Math.min(...lons) - pad);
      const maxLon = Math.min(180, Math.max(...lons) + pad);
      const minLat = Math.max(-80, Math.min(...lats) - pad);
      const maxLat = Math.min(85, Math.max(...lats) + pad);
      projection.fitExtent([[10, 10], [w - 10, h - 10]], {
        type: "MultiPoint",
        coordinates: [[minLon, minLat], [maxLon, maxLat], [minLon, maxLat], [maxLon, minLat]],
      });
    } else {
      projection.fitExtent([[10, 10], [w - 10, h - 10]], { type: "Sphere" });
    }
    const path = d3.geoPath(projection);
    node.append(svg("rect", { class: "sea", x: 0, y: 0, width: w, height: h }));
    node.append(svg("path", { class: "graticule", d: path(d3.geoGraticule10()) }));
    const land = svg("g", { class: "countries" });
    for (const feature of world.features) {
      const d = path(feature);
      if (!d) continue;
      const name = (feature.properties && feature.properties.name) || "";
      land.append(svg("path", { class: "country", d }, svg("title", { text: name })));
    }
    node.append(land);
    const dots = svg("g", { class: "events" });
    // Draw larger (more corroborated) events first so small ones stay clickable on top.
    const ordered = located.slice().sort((a, b) => corroboration(b) - corroboration(a));
    for (const ev of ordered) {
      const xy = projection([ev.location.lon, ev.location.lat]);
      if (!xy) continue;
      const r = 4 + 2.5 * Math.sqrt(corroboration(ev));
      const dot = svg("circle", {
        class: "event", cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1),
        fill: typeColor(ev.type), dataset: { eventId: ev.id },
      }, svg("title", { text: `${ev.type} · ${placeText(ev.location)} · ${eventDate(ev)}` }));
      dot.addEventListener("click", () => { location.hash = eventHref(ev); });
      dots.append(dot);
    }
    node.append(dots);
    if (!located.length) placeholder(node, w, h - 20, "No geocoded events");
  }

  // ---- timeline ----------------------------------------------------------------------
  const DAY_MS = 86400000;

  function parseDay(iso) { return Date.parse(`${iso}T00:00:00Z`); }

  function renderTimeline(events) {
    const node = clear($("#timeline"));
    const [w, h] = svgSize(node, 500, 330);
    node.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const dated = events.filter((ev) => sortKeyDate(ev)).map((ev) => ({ ev, t: parseDay(sortKeyDate(ev).slice(0, 10)) }))
      .filter((d) => !Number.isNaN(d.t));
    if (!dated.length) { placeholder(node, w, h, "No dated events"); return; }
    const margin = { left: 40, right: 40, top: 14, bottom: 34 };
    let t0 = Math.min(...dated.map((d) => d.t));
    let t1 = Math.max(...dated.map((d) => d.t));
    if (t1 - t0 < 6 * DAY_MS) { t0 -= 3 * DAY_MS; t1 += 3 * DAY_MS; }
    t0 -= DAY_MS / 2; t1 += DAY_MS / 2;
    const x = (t) => margin.left + ((t - t0) / (t1 - t0)) * (w - margin.left - margin.right);
    const baseY = h - margin.bottom;

    const axis = svg("g", { class: "axis" });
    axis.append(svg("line", { x1: margin.left, x2: w - margin.right, y1: baseY, y2: baseY }));
    const spanDays = (t1 - t0) / DAY_MS;
    const step = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730].find((s) => spanDays / s <= 8) || 1461;
    for (let t = Math.ceil(t0 / DAY_MS) * DAY_MS; t <= t1; t += step * DAY_MS) {
      const tx = x(t);
      const label = new Date(t).toISOString().slice(0, 10);
      axis.append(svg("line", { class: "gridline", x1: tx, x2: tx, y1: margin.top, y2: baseY }));
      axis.append(svg("g", { class: "tick" },
        svg("line", { x1: tx, x2: tx, y1: baseY, y2: baseY + 5 }),
        svg("text", { x: tx, y: baseY + 18, "text-anchor": "middle", text: label })));
    }
    node.append(axis);

    // Stack events of the same day upwards.
    const perDay = new Map();
    const r = 5.5;
    const dots = svg("g", { class: "events" });
    for (const { ev, t } of dated.sort((a, b) => a.t - b.t)) {
      const n = perDay.get(t) || 0;
      perDay.set(t, n + 1);
      const cy = baseY - r - 3 - n * (2 * r + 2);
      if (cy < margin.top) continue;
      const dot = svg("circle", {
        class: "event", cx: x(t).toFixed(1), cy: cy.toFixed(1), r, fill: typeColor(ev.type),
        dataset: { eventId: ev.id },
      }, svg("title", { text: `${eventDate(ev)} · ${ev.type} · ${placeText(ev.location)}` }));
      dot.addEventListener("click", () => { location.hash = eventHref(ev); });
      dots.append(dot);
    }
    node.append(dots);
  }

  // ---- article view ------------------------------------------------------------------
  async function openEvent(eventId) {
    const detail = await api(`/api/events/${encodeURIComponent(eventId)}`);
    await openDocument(detail.event.document.id, detail);
  }

  async function openDocument(documentId, detail) {
    const body = await api(`/api/documents/${encodeURIComponent(documentId)}`);
    const doc = body.document;
    $("#article-title").textContent = doc.title || doc.outlet || "Untitled article";
    const meta = [doc.outlet, doc.published].filter(Boolean).join(" · ");
    const metaNode = clear($("#article-meta"));
    metaNode.append(meta || "unknown outlet and date");
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      metaNode.append(" · ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", text: "original" }));
    }
    const selected = detail ? detail.event : null;
    renderArticleText(doc.text, body.events, selected);
    renderDetail(detail, body.events);
    const mark = $("#article-text mark.selected");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  // Split [from, to) of the text into plain runs and <mark>s for the other events' evidence.
  function appendSegments(parent, text, from, to, spans) {
    const cuts = new Set([from, to]);
    for (const s of spans) {
      if (s.start > from && s.start < to) cuts.add(s.start);
      if (s.end > from && s.end < to) cuts.add(s.end);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      const chunk = text.slice(a, b);
      if (!covering.length) { parent.append(chunk); continue; }
      const ev = covering[0].ev;
      const mark = el("mark", { dataset: { eventId: ev.id }, title: covering.map((s) => s.ev.type).join(", "), text: chunk });
      mark.addEventListener("click", () => { location.hash = eventHref(ev); });
      parent.append(mark);
    }
  }

  function validSpan(ev, length) {
    const e = ev.evidence;
    return e && Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= length && e.start < e.end;
  }

  function renderArticleText(text, events, selected) {
    const node = clear($("#article-text"));
    const spans = events.filter((ev) => validSpan(ev, text.length))
      .map((ev) => ({ start: ev.evidence.start, end: ev.evidence.end, ev }));
    if (selected && validSpan(selected, text.length)) {
      // The selected event's evidence is one element, whatever else overlaps it.
      const { start, end } = selected.evidence;
      const others = spans.filter((s) => s.ev.id !== selected.id);
      appendSegments(node, text, 0, start, others);
      node.append(el("mark", { class: "selected", id: "selected-evidence", dataset: { eventId: selected.id }, text: text.slice(start, end) }));
      appendSegments(node, text, end, text.length, others);
    } else {
      appendSegments(node, text, 0, text.length, spans);
    }
  }

  function chainList(outlet, chain) {
    const list = el("ol", { class: "chain" });
    list.append(el("li", {}, el("span", { class: "node outlet", text: outlet || "outlet" })));
    for (const link of chain) {
      list.append(el("li", {}, el("span", { class: "node" }, link.name, el("small", { text: link.kind }))));
    }
    return list;
  }

  function row(label, value) {
    if (value === null || value === undefined || value === "") return [];
    return [el("dt", { text: label }), el("dd", {}, value)];
  }

  function countsText(counts) {
    if (!counts) return "";
    return Object.entries(counts).filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k} ${v}`).join(", ");
  }

  function linkedItem(ev, contradicts) {
    return el("li", {},
      el("a", { href: eventHref(ev), text: `${(ev.document && ev.document.outlet) || "unknown outlet"}` }),
      ` · ${eventDate(ev)} · `, factBadge(ev.factuality),
      contradicts ? el("span", { class: "contra", text: " contradicts" }) : null);
  }

  function renderDetail(detail, events) {
    const aside = clear($("#event-detail"));
    if (!detail) {
      aside.append(el("h2", { text: `${events.length} event${events.length === 1 ? "" : "s"} in this article` }),
        el("p", { class: "hint", text: "Click a highlighted passage to see the event, its sources and other reports of it." }));
      return;
    }
    const ev = detail.event;
    const chain = (ev.attribution && ev.attribution.chain) || [];
    aside.append(el("h2", {}, typeBadge(ev.type), ev.mode ? el("span", { class: "hint", text: ev.mode }) : null, factBadge(ev.factuality)));
    const acled = ev.acled ? `${ev.acled.event_type} / ${ev.acled.sub_event_type}` : "";
    const dl = el("dl", {},
      row("Actors", actorText(ev.actors)),
      row("Target", actorText(ev.recipients)),
      row("Location", ev.location ? `${placeText(ev.location)}${ev.location.precision ? ` (${ev.location.precision})` : ""}` : ""),
      row("Date", ev.date ? `${eventDate(ev)}${ev.date.text ? ` — “${ev.date.text}”` : ""}` : eventDate(ev)),
      row("Counts", countsText(ev.counts)),
      row("ACLED", acled),
      row("Contexts", (ev.contexts || []).join(", ")));
    aside.append(dl);

    aside.append(el("h3", { text: "Attribution chain" }));
    const chainNode = chainList(ev.document.outlet, chain);
    chainNode.id = "attribution-chain";
    aside.append(chainNode);
    aside.append(el("p", { class: "cue", text: chain.length ? (ev.attribution.cue ? `cue: ${ev.attribution.cue}` : "") : "The outlet states this in its own voice." }));

    aside.append(el("h3", { text: `Other reports (${detail.linked.length})` }));
    if (detail.linked.length) {
      const ids = new Set((detail.contradictions || []).map((c) => c.id));
      aside.append(el("ul", { class: "linked", id: "linked-reports" }, detail.linked.map((l) => linkedItem(l, ids.has(l.id)))));
    } else {
      aside.append(el("p", { class: "hint", text: "No other article reports this event yet." }));
    }
    const extra = (detail.contradictions || []).filter((c) => !detail.linked.some((l) => l.id === c.id));
    if (extra.length) {
      aside.append(el("h3", { text: "Contradicted by" }), el("ul", { class: "linked" }, extra.map((c) => linkedItem(c, true))));
    }
    aside.append(el("h3", { text: "Article" }),
      el("a", { href: `#/document/${encodeURIComponent(ev.document.id)}`, text: "All events in this article" }));
  }

  // ---- documents view ----------------------------------------------------------------
  async function loadDocuments() {
    const body = await api("/api/documents?limit=1000");
    const tbody = clear($("#documents-table tbody"));
    $("#documents-empty").hidden = body.documents.length > 0;
    for (const doc of body.documents) {
      const href = `#/document/${encodeURIComponent(doc.id)}`;
      const tr = el("tr", { dataset: { documentId: doc.id } },
        el("td", { text: doc.published || "" }),
        el("td", { text: doc.outlet || "" }),
        el("td", {}, el("a", { href, text: doc.title || doc.id.slice(0, 12) })),
        el("td", { class: "num", text: doc.events }));
      tr.addEventListener("click", () => { location.hash = href; });
      tbody.append(tr);
    }
  }

  // ---- graph view --------------------------------------------------------------------
  const GRAPH_MAX_SOURCES = 60;
  const GRAPH_LABEL = 30; // characters; the full name is in the node's tooltip

  async function loadGraph() {
    const body = await api("/api/graph");
    const node = clear($("#graph"));
    // Three columns: outlets in the middle, the sources they cite to either side, each source
    // level with the outlets citing it. Labels never collide, however many nodes there are.
    const outlets = body.nodes.filter((n) => n.kind === "outlet");
    const allSources = body.nodes.filter((n) => n.kind !== "outlet");
    const sources = allSources.slice(0, GRAPH_MAX_SOURCES); // the API lists the most cited first
    $("#graph-note").textContent = allSources.length > sources.length
      ? `(the ${sources.length} most cited of ${allSources.length} sources)` : "";
    const rows = Math.max(outlets.length, Math.ceil(sources.length / 2), 1);
    const rowHeight = Math.max(22, Math.min(56, 360 / rows));
    const h = rows * rowHeight + 40;
    node.style.height = `${h}px`;
    const [w] = svgSize(node, 900, h);
    node.setAttribute("viewBox", `0 0 ${w} ${h}`);
    if (!body.nodes.length) { placeholder(node, w, h, "No outlets yet"); return; }

    const pos = new Map();
    const top = 20;
    const spread = (list, x, side) => list.forEach((n, i) => {
      const y = top + (rows * rowHeight) * (i + 0.5) / list.length;
      pos.set(n.id, { x, y, side });
    });
    spread(outlets, w / 2, "middle");

    const neighbours = new Map();
    for (const e of body.edges) {
      for (const [a, b] of [[e.source, e.target], [e.target, e.source]]) {
        if (!neighbours.has(a)) neighbours.set(a, []);
        neighbours.get(a).push(b);
      }
    }
    const wantedY = (n) => {
      const ys = (neighbours.get(n.id) || []).map((id) => pos.get(id)).filter(Boolean).map((p) => p.y);
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : top + rows * rowHeight / 2;
    };
    // Sources cited by outlets first, then sources cited only by other sources.
    const direct = sources.filter((n) => (neighbours.get(n.id) || []).some((id) => pos.has(id)));
    const indirect = sources.filter((n) => !direct.includes(n));
    const ranked = direct.map((n) => ({ n, y: wantedY(n) }));
    const placed = new Map(ranked.map((r) => [r.n.id, r.y]));
    for (const n of indirect) {
      const ys = (neighbours.get(n.id) || []).map((id) => placed.get(id)).filter((y) => y !== undefined);
      ranked.push({ n, y: ys.length ? ys[0] : top + rows * rowHeight / 2 });
    }
    ranked.sort((a, b) => a.y - b.y || a.n.name.localeCompare(b.n.name));
    const left = [];
    const right = [];
    ranked.forEach((r, i) => (i % 2 === 0 ? left : right).push(r.n));
    const margin = Math.min(220, w * 0.22);
    spread(left, margin, "left");
    spread(right, w - margin, "right");

    const maxWeight = Math.max(1, ...body.edges.map((e) => e.weight));
    const edges = svg("g", { class: "edges" });
    for (const e of body.edges) {
      const a = pos.get(e.source);
      const b = pos.get(e.target);
      if (!a || !b) continue;
      let d;
      if (a.side === "middle" && b.side === "middle") {
        // Outlet to outlet: an arc bulging left of the column, wider for rows further apart.
        const bulge = Math.min(w / 2 - margin - 20, 24 + Math.abs(b.y - a.y) * 0.6);
        d = `M${a.x},${a.y.toFixed(1)} C${a.x - bulge},${a.y.toFixed(1)} ${b.x - bulge},${b.y.toFixed(1)} ${b.x},${b.y.toFixed(1)}`;
      } else {
        const mx = (a.x + b.x) / 2;
        d = `M${a.x.toFixed(1)},${a.y.toFixed(1)} C${mx.toFixed(1)},${a.y.toFixed(1)} ${mx.toFixed(1)},${b.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
      }
      edges.append(svg("path", {
        class: `edge ${e.kind}`, d,
        "stroke-width": (1 + 3 * (e.weight / maxWeight)).toFixed(1),
        dataset: { kind: e.kind },
      }, svg("title", { text: `${e.kind} (${e.weight})` })));
    }
    node.append(edges);

    const nodes = svg("g", { class: "nodes" });
    for (const n of [...outlets, ...sources]) {
      const p = pos.get(n.id);
      if (!p) continue;
      const r = Math.min(11, 4 + 1.6 * Math.sqrt(n.events || 1));
      const toLeft = p.side === "left";
      const lx = toLeft ? p.x - r - 5 : p.x + r + 5;
      nodes.append(svg("g", { class: `node ${n.kind === "outlet" ? "outlet" : "source"}`, dataset: { name: n.name } },
        svg("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1) }),
        svg("title", { text: `${n.name} (${n.kind === "outlet" ? "outlet" : n.source_kind || "source"}, ${n.events} event${n.events === 1 ? "" : "s"})` }),
        svg("text", { x: lx.toFixed(1), y: (p.y + 4).toFixed(1), "text-anchor": toLeft ? "end" : "start",
          text: n.name.length > GRAPH_LABEL ? `${n.name.slice(0, GRAPH_LABEL - 1)}…` : n.name })));
    }
    node.append(nodes);
  }

  // ---- add view ----------------------------------------------------------------------
  async function submitArticle(event) {
    event.preventDefault();
    const form = event.target;
    const data = new FormData(form);
    const token = String(data.get("token") || "").trim();
    const payload = {};
    payload[data.get("is_html") ? "html" : "text"] = String(data.get("body") || "");
    for (const key of ["outlet", "published", "title", "url"]) {
      const v = String(data.get(key) || "").trim();
      if (v) payload[key] = v;
    }
    if (token) sessionStorage.setItem("sitreport-token", token);
    showStatus("Extracting events…");
    try {
      const body = await api("/api/documents", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(payload),
      });
      state.optionsLoaded = false;
      location.hash = `#/document/${encodeURIComponent(body.document.id)}`;
      showStatus(`Stored ${body.events.length} event${body.events.length === 1 ? "" : "s"}.`);
    } catch (err) {
      showStatus(err.message, true);
    }
  }

  // ---- start -------------------------------------------------------------------------
  function start() {
    const filters = $("#filters");
    filters.addEventListener("submit", (e) => {
      e.preventDefault();
      state.filters = readFilters();
      if (location.hash.replace(/^#/, "") !== "/" && location.hash !== "") location.hash = "#/";
      else loadEvents().catch((err) => showStatus(err.message, true));
    });
    filters.addEventListener("reset", () => {
      state.filters = {};
      setTimeout(() => loadEvents().catch((err) => showStatus(err.message, true)), 0);
    });
    const addForm = $("#add-form");
    addForm.addEventListener("submit", submitArticle);
    addForm.elements.token.value = sessionStorage.getItem("sitreport-token") || "";
    addForm.elements.token.addEventListener("change", (e) => {
      const t = String(e.target.value || "").trim();
      if (t) sessionStorage.setItem("sitreport-token", t);
      else sessionStorage.removeItem("sitreport-token");
    });
    window.addEventListener("hashchange", route);
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => {
        if (!$("#view-events").hidden) { renderTimeline(state.events); renderMap(state.events); }
      }, 150);
    });
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
