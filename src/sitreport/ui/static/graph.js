// The source graph: outlets in one column, the sources they cite beside them, each
// source level with the outlets citing it; edges for cites, corroborates, contradicts.
// The API sends a bounded graph (the biggest outlets, a page of the most cited sources).
import { api } from "./api.js";
import { $, clear, loading, svg } from "./dom.js";

const SOURCES = 60;

export async function showGraph() {
  const body = await loading($("#view-graph"), api(`/api/graph?sources=${SOURCES}`));
  const node = clear($("#graph"));
  const outlets = body.nodes.filter((n) => n.kind === "outlet");
  const sources = body.nodes.filter((n) => n.kind !== "outlet");
  const total = body.total || { outlets: outlets.length, sources: sources.length };
  const notes = [];
  if (total.sources > sources.length) notes.push(`the ${sources.length} most cited of ${total.sources} sources`);
  if (total.outlets > outlets.length) notes.push(`the ${outlets.length} biggest of ${total.outlets} outlets`);
  $("#graph-note").textContent = notes.length ? `(${notes.join("; ")})` : "";
  const width = node.getBoundingClientRect().width || 900;
  // Narrow screens: outlets on the left, sources on the right, labels sized to fit.
  const narrow = width < 640;
  const rows = Math.max(outlets.length, narrow ? sources.length : Math.ceil(sources.length / 2), 1);
  const rowHeight = narrow ? 26 : Math.max(22, Math.min(56, 360 / rows));
  const h = rows * rowHeight + 40;
  node.style.height = `${h}px`;
  const w = Math.max(width, 280);
  node.setAttribute("viewBox", `0 0 ${w} ${h}`);
  if (!body.nodes.length) {
    node.append(svg("text", { class: "placeholder", x: w / 2, y: h / 2, "text-anchor": "middle", text: "No outlets yet" }));
    return;
  }
  const top = 20;
  const pos = new Map();
  const spread = (list, x, side) => list.forEach((n, i) => {
    pos.set(n.id, { x, y: top + (rows * rowHeight) * (i + 0.5) / list.length, side });
  });
  const outletX = narrow ? 12 : w / 2;
  spread(outlets, outletX, narrow ? "left-edge" : "middle");

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
  const ranked = sources.map((n) => ({ n, y: wantedY(n) })).sort((a, b) => a.y - b.y || a.n.name.localeCompare(b.n.name));
  const margin = Math.min(220, w * 0.22);
  if (narrow) {
    spread(ranked.map((r) => r.n), w / 2 + 8, "right");
  } else {
    const left = [];
    const right = [];
    ranked.forEach((r, i) => (i % 2 === 0 ? left : right).push(r.n));
    spread(left, margin, "left");
    spread(right, w - margin, "right");
  }
  // Characters a label may take: the room beside its node at ~7 px a character.
  const room = narrow ? Math.floor((w / 2 - 30) / 7) : 30;

  const maxWeight = Math.max(1, ...body.edges.map((e) => e.weight));
  const edges = svg("g", { class: "edges" });
  for (const e of body.edges) {
    const a = pos.get(e.source);
    const b = pos.get(e.target);
    if (!a || !b) continue;
    let d;
    if (a.side === b.side) {
      // Outlet to outlet: an arc beside the column, wider for rows further apart.
      const bulge = (narrow ? 1 : -1) * Math.min(narrow ? w / 2 - 40 : w / 2 - margin - 20, 24 + Math.abs(b.y - a.y) * 0.6);
      d = `M${a.x},${a.y.toFixed(1)} C${a.x + bulge},${a.y.toFixed(1)} ${b.x + bulge},${b.y.toFixed(1)} ${b.x},${b.y.toFixed(1)}`;
    } else {
      const mx = (a.x + b.x) / 2;
      d = `M${a.x.toFixed(1)},${a.y.toFixed(1)} C${mx.toFixed(1)},${a.y.toFixed(1)} ${mx.toFixed(1)},${b.y.toFixed(1)} ${b.x.toFixed(1)},${b.y.toFixed(1)}`;
    }
    edges.append(svg("path", { class: `edge ${e.kind}`, d, "stroke-width": (1 + 3 * (e.weight / maxWeight)).toFixed(1),
      dataset: { kind: e.kind } }, svg("title", { text: `${e.kind} (${e.weight})` })));
  }
  node.append(edges);

  const nodes = svg("g", { class: "nodes" });
  for (const n of [...outlets, ...sources]) {
    const p = pos.get(n.id);
    if (!p) continue;
    const r = Math.min(11, 4 + 1.6 * Math.sqrt(n.events || 1));
    const toLeft = p.side === "left";
    const lx = toLeft ? p.x - r - 5 : p.x + r + 5;
    const limit = narrow ? room : p.side === "middle" ? Math.floor((w / 2 - margin - 30) / 7) : Math.min(room, Math.floor((margin - 20) / 7));
    nodes.append(svg("g", { class: `node ${n.kind === "outlet" ? "outlet" : "source"}`, dataset: { name: n.name } },
      svg("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1) }),
      svg("title", { text: `${n.name} (${n.kind === "outlet" ? "outlet" : n.source_kind || "source"}, ${n.events} report${n.events === 1 ? "" : "s"})` }),
      svg("text", { x: lx.toFixed(1), y: (p.y + 4).toFixed(1), "text-anchor": toLeft ? "end" : "start",
        text: n.name.length > limit ? `${n.name.slice(0, Math.max(4, limit - 1))}…` : n.name })));
  }
  node.append(nodes);
}
