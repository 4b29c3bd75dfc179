// The map: an offline base map (world-atlas through d3-geo), zoom and pan (wheel, drag,
// pinch, the +/− buttons, or the keyboard: arrows, + and −, 0 to reset), and the events
// of the current filter grouped by place: points closer than a few pixels at the current
// zoom are drawn as one, with their count and a ring split by event type. Each group is
// a button: it zooms in on its places, or, when it is one place, offers to list them.
import { api } from "./api.js";
import { $, clear, el, plural, svg } from "./dom.js";
import { typeColor, typeOrder } from "./vocab.js";

const MAX_ZOOM = 64;
const GROUP_PX = 22; // points closer than this on screen are one group
let world = null;
let worldFailed = false;
const view = { k: 1, x: 0, y: 0 };
let fittedFor = null; // the data the view was fitted to
let drawPoints = () => {};

async function loadWorld() {
  if (world || worldFailed) return world;
  if (!window.d3 || !window.topojson) { worldFailed = true; return null; }
  try {
    const topo = await api("/vendor/countries-110m.json");
    world = window.topojson.feature(topo, topo.objects.countries);
  } catch (_) {
    worldFailed = true;
  }
  return world;
}

function radius(n) { return Math.min(26, 6 + 3 * Math.log2(n)); }

function arc(cx, cy, r0, r1, a0, a1) {
  const p = (r, a) => `${(cx + r * Math.sin(a)).toFixed(1)},${(cy - r * Math.cos(a)).toFixed(1)}`;
  const large = a1 - a0 > Math.PI ? 1 : 0;
  return `M${p(r1, a0)}A${r1},${r1} 0 ${large} 1 ${p(r1, a1)}L${p(r0, a1)}A${r0},${r0} 0 ${large} 0 ${p(r0, a0)}Z`;
}

// Greedy grouping on a grid of GROUP_PX cells: each place joins the first group within
// GROUP_PX of it (places come most events first, so big places anchor their groups).
function group(places, toScreen) {
  const groups = [];
  const grid = new Map();
  for (const p of places) {
    const [sx, sy] = toScreen(p);
    const cx = Math.floor(sx / GROUP_PX);
    const cy = Math.floor(sy / GROUP_PX);
    let found = null;
    for (let dx = -1; dx <= 1 && !found; dx++) {
      for (let dy = -1; dy <= 1 && !found; dy++) {
        for (const g of grid.get(`${cx + dx},${cy + dy}`) || []) {
          if (Math.hypot(g.sx - sx, g.sy - sy) < GROUP_PX) { found = g; break; }
        }
      }
    }
    if (!found) {
      found = { sx, sy, n: 0, places: [], types: new Map() };
      groups.push(found);
      const key = `${cx},${cy}`;
      if (!grid.has(key)) grid.set(key, []);
      grid.get(key).push(found);
    }
    found.n += p.n;
    found.places.push(p);
    for (const [t, n] of Object.entries(p.types)) found.types.set(t, (found.types.get(t) || 0) + n);
  }
  return groups;
}

function groupLabel(g, unit) {
  const names = g.places.map((p) => p.name || `${p.lat}, ${p.lon}`);
  const where = names.length > 2 ? `${names.slice(0, 2).join(", ")} and ${names.length - 2} more places` : names.join(" and ");
  const types = [...g.types].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(", ");
  return `${plural(g.n, unit)} at ${where}: ${types}`;
}

export async function renderMap(panel, summary, unit, options) {
  const node = clear($("#map", panel));
  const box = node.getBoundingClientRect();
  const w = Math.max(box.width, 200);
  const h = Math.max(box.height, 160);
  node.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const tip = $("#map-tip", panel);
  const popup = $("#map-popup", panel);
  tip.hidden = true;
  popup.hidden = true;
  const note = $("#map-note", panel);
  const located = summary.located;
  note.textContent = `${plural(located, unit)} with a place of ${summary.total.toLocaleString("en")}`
    + (summary.places_total > summary.places.length ? ` · the ${summary.places.length} busiest of ${summary.places_total} places` : "");
  const base = await loadWorld();
  const d3 = window.d3;
  if (!base || !d3) {
    node.append(svg("text", { class: "placeholder", x: w / 2, y: h / 2, "text-anchor": "middle", text: "Base map not installed (run scripts/setup.sh)" }));
    return;
  }
  const places = summary.places;
  const projection = d3.geoNaturalEarth1();
  if (places.length) {
    const lons = places.map((p) => p.lon);
    const lats = places.map((p) => p.lat);
    const pad = 4;
    const minLon = Math.max(-180, Math.min(...lons) - pad);
    const maxLon = Math.min(180, Math.max(...lons) + pad);
    const minLat = Math.max(-80, Math.min(...lats) - pad);
    const maxLat = Math.min(85, Math.max(...lats) + pad);
    projection.fitExtent([[12, 12], [w - 12, h - 12]], {
      type: "MultiPoint", coordinates: [[minLon, minLat], [maxLon, maxLat], [minLon, maxLat], [maxLon, minLat]],
    });
  } else {
    projection.fitExtent([[10, 10], [w - 10, h - 10]], { type: "Sphere" });
  }
  const key = `${w}x${h}:${places.map((p) => `${p.lat},${p.lon}`).join(";")}`;
  if (fittedFor !== key) { Object.assign(view, { k: 1, x: 0, y: 0 }); fittedFor = key; }

  const path = d3.geoPath(projection);
  const stage = svg("g", { class: "stage" });
  stage.append(svg("rect", { class: "sea", x: -w * 4, y: -h * 4, width: w * 9, height: h * 9 }));
  stage.append(svg("path", { class: "graticule", d: path(d3.geoGraticule10()) }));
  const land = svg("g", { class: "countries" });
  for (const feature of base.features) {
    const d = path(feature);
    if (d) land.append(svg("path", { class: "country", d }));
  }
  stage.append(land);
  const layer = svg("g", { class: "points" });
  node.append(stage, layer);
  const projected = places.map((p) => ({ p, xy: projection([p.lon, p.lat]) })).filter((q) => q.xy);
  const at = options.at;

  const show = (g, anchor) => {
    clear(tip);
    tip.append(el("strong", { text: plural(g.n, unit) }), " at ",
      g.places.length > 1 ? `${g.places.length} places` : (g.places[0].name || "this place"));
    const list = el("ul");
    for (const [t, n] of [...g.types].sort((a, b) => typeOrder(a[0], b[0]))) {
      const sw = el("span", { class: "swatch" });
      sw.style.backgroundColor = typeColor(t);
      list.append(el("li", {}, sw, `${t} ${n}`));
    }
    tip.append(list);
    tip.hidden = false;
    const r = panel.getBoundingClientRect();
    const left = Math.min(Math.max(anchor.x - r.left + 14, 4), r.width - 180);
    tip.style.left = `${left}px`;
    tip.style.top = `${Math.max(anchor.y - r.top - 10, 4)}px`;
  };

  const openPopup = (g) => {
    clear(popup);
    popup.append(el("button", { type: "button", class: "close", "aria-label": "Close", text: "×", onclick: () => { popup.hidden = true; } }));
    popup.append(el("p", { class: "popup-title", text: groupLabel(g, unit) }));
    for (const p of g.places) {
      popup.append(el("button", { type: "button", class: "secondary", dataset: { at: `${p.lat},${p.lon}` },
        text: `Show the ${plural(p.n, unit)} at ${p.name || `${p.lat}, ${p.lon}`}`,
        onclick: () => { popup.hidden = true; options.select(p); } }));
    }
    popup.hidden = false;
    const first = popup.querySelector("button.secondary");
    if (first) first.focus();
  };

  const activate = (g) => {
    const xs = g.places.map((p) => projection([p.lon, p.lat])).filter(Boolean);
    const spread = Math.max(...xs.map((q) => q[0])) - Math.min(...xs.map((q) => q[0]))
      + Math.max(...xs.map((q) => q[1])) - Math.min(...xs.map((q) => q[1]));
    if (g.places.length > 1 && spread * view.k * 1.5 < GROUP_PX * 4 && view.k < MAX_ZOOM) {
      // Zoom in on the group until its places separate.
      const cx = xs.reduce((a, q) => a + q[0], 0) / xs.length;
      const cy = xs.reduce((a, q) => a + q[1], 0) / xs.length;
      const k = Math.min(MAX_ZOOM, Math.max(view.k * 2, (GROUP_PX * 5) / Math.max(spread, 0.01)));
      setView(k, w / 2 - cx * k, h / 2 - cy * k);
    } else if (g.places.length > 1 && view.k < MAX_ZOOM) {
      zoomAt(2, g.sx, g.sy);
    } else {
      openPopup(g);
    }
  };

  drawPoints = () => {
    stage.setAttribute("transform", `translate(${view.x.toFixed(1)},${view.y.toFixed(1)}) scale(${view.k})`);
    clear(layer);
    const toScreen = (p) => {
      const xy = projection([p.lon, p.lat]);
      return [xy[0] * view.k + view.x, xy[1] * view.k + view.y];
    };
    const groups = group(projected.map((q) => q.p), toScreen);
    for (const g of groups.sort((a, b) => b.n - a.n)) {
      if (g.sx < -30 || g.sy < -30 || g.sx > w + 30 || g.sy > h + 30) continue;
      const r = radius(g.n);
      const selected = at && g.places.some((p) => `${p.lat},${p.lon}` === at);
      const item = svg("g", { class: `point${selected ? " selected" : ""}`, tabindex: 0, role: "button",
        "aria-label": groupLabel(g, unit), dataset: { n: g.n, places: g.places.length } });
      item.append(svg("circle", { class: "ring", cx: g.sx.toFixed(1), cy: g.sy.toFixed(1), r: (r + 3).toFixed(1) }));
      const types = [...g.types].sort((a, b) => typeOrder(a[0], b[0]));
      if (types.length === 1) {
        item.append(svg("circle", { class: "dot", cx: g.sx.toFixed(1), cy: g.sy.toFixed(1), r: r.toFixed(1), fill: typeColor(types[0][0]) }));
      } else {
        let a = 0;
        for (const [t, n] of types) {
          const b = a + (2 * Math.PI * n) / g.n;
          item.append(svg("path", { class: "slice", d: arc(g.sx, g.sy, r * 0.55, r, a, Math.min(b, a + 2 * Math.PI - 1e-4)), fill: typeColor(t) }));
          a = b;
        }
        item.append(svg("circle", { class: "hole", cx: g.sx.toFixed(1), cy: g.sy.toFixed(1), r: (r * 0.55).toFixed(1) }));
      }
      if (g.n > 1) {
        item.append(svg("text", { class: types.length === 1 ? "count on-dot" : "count", x: g.sx.toFixed(1),
          y: (g.sy + 3.5).toFixed(1), "text-anchor": "middle", text: g.n > 999 ? `${Math.round(g.n / 100) / 10}k` : g.n }));
      }
      item.addEventListener("click", (e) => { e.stopPropagation(); activate(g); });
      item.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); e.stopPropagation(); activate(g); }
      });
      item.addEventListener("pointerenter", (e) => show(g, { x: e.clientX, y: e.clientY }));
      item.addEventListener("pointerleave", () => { tip.hidden = true; });
      item.addEventListener("focus", () => {
        const rect = item.getBoundingClientRect();
        show(g, { x: rect.right, y: rect.top });
      });
      item.addEventListener("blur", () => { tip.hidden = true; });
      layer.append(item);
    }
    $("#map-zoom", panel).textContent = `${view.k < 10 ? view.k.toFixed(1) : Math.round(view.k)}×`;
    node.dataset.zoom = String(view.k);
    if (!projected.length) {
      layer.append(svg("text", { class: "placeholder", x: w / 2, y: h / 2, "text-anchor": "middle", text: "No events with a place" }));
    }
  };

  const setView = (k, x, y) => {
    view.k = Math.min(MAX_ZOOM, Math.max(1, k));
    // Keep some of the map in sight.
    view.x = Math.min(w * 0.8, Math.max(w * 0.2 - w * view.k, x));
    view.y = Math.min(h * 0.8, Math.max(h * 0.2 - h * view.k, y));
    if (view.k === 1 && k <= 1) { view.x = 0; view.y = 0; }
    tip.hidden = true;
    drawPoints();
  };
  const zoomAt = (factor, sx, sy) => {
    const k = Math.min(MAX_ZOOM, Math.max(1, view.k * factor));
    const f = k / view.k;
    setView(k, sx - (sx - view.x) * f, sy - (sy - view.y) * f);
  };
  const toLocal = (e) => {
    const r = node.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * w, ((e.clientY - r.top) / r.height) * h];
  };

  node.onwheel = (e) => {
    e.preventDefault();
    const [sx, sy] = toLocal(e);
    zoomAt(Math.exp(-e.deltaY * 0.0025), sx, sy);
  };
  const pointers = new Map();
  let last = null;
  node.onpointerdown = (e) => {
    if (e.target.closest && e.target.closest(".point")) return;
    node.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, toLocal(e));
    last = null;
    popup.hidden = true;
  };
  node.onpointermove = (e) => {
    if (!pointers.has(e.pointerId)) return;
    const before = [...pointers.values()];
    pointers.set(e.pointerId, toLocal(e));
    const now = [...pointers.values()];
    if (now.length === 1) {
      setView(view.k, view.x + now[0][0] - before[0][0], view.y + now[0][1] - before[0][1]);
      node.classList.add("dragging");
    } else if (now.length === 2) {
      const d = Math.hypot(now[0][0] - now[1][0], now[0][1] - now[1][1]);
      const mid = [(now[0][0] + now[1][0]) / 2, (now[0][1] + now[1][1]) / 2];
      if (last) zoomAt(d / last, mid[0], mid[1]);
      last = d;
    }
  };
  const release = (e) => { pointers.delete(e.pointerId); last = null; node.classList.remove("dragging"); };
  node.onpointerup = release;
  node.onpointercancel = release;
  node.onkeydown = (e) => {
    if (e.target !== node) return;
    const step = 40;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (moves[e.key]) { e.preventDefault(); setView(view.k, view.x + moves[e.key][0], view.y + moves[e.key][1]); }
    else if (e.key === "+" || e.key === "=") { e.preventDefault(); zoomAt(2, w / 2, h / 2); }
    else if (e.key === "-" || e.key === "_") { e.preventDefault(); zoomAt(0.5, w / 2, h / 2); }
    else if (e.key === "0") { e.preventDefault(); setView(1, 0, 0); }
  };
  $("#map-in", panel).onclick = () => zoomAt(2, w / 2, h / 2);
  $("#map-out", panel).onclick = () => zoomAt(0.5, w / 2, h / 2);
  $("#map-reset", panel).onclick = () => setView(1, 0, 0);
  drawPoints();
}
