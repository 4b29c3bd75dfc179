// The timeline: events of the current filter counted per day or per week, stacked by
// type, with a count axis and date labels spaced so they never overlap. Clicking a bar
// filters to its days.
import { $, clear, el, plural, svg } from "./dom.js";
import { typeColor, typeOrder } from "./vocab.js";

const DAY = 86400000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const parseDay = (iso) => Date.parse(`${iso}T00:00:00Z`);
const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
function monday(t) {
  const wd = (new Date(t).getUTCDay() + 6) % 7;
  return t - wd * DAY;
}

function niceStep(max, ticks) {
  const raw = Math.max(1, max / ticks);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return Math.max(1, (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p);
}

function label(t, withYear) {
  const d = new Date(t);
  const text = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return withYear ? `${text} ${d.getUTCFullYear()}` : text;
}

export function renderTimeline(node, summary, bin, unit, onRange) {
  clear(node);
  const panel = node.closest(".panel");
  const tip = $("#timeline-tip", panel);
  tip.hidden = true;
  const box = node.getBoundingClientRect();
  const w = Math.max(box.width, 240);
  const h = Math.max(box.height, 160);
  node.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const days = summary.days.map((d) => ({ t: parseDay(d.day), type: d.type, n: d.n })).filter((d) => !Number.isNaN(d.t));
  $("#timeline-note", panel).textContent = summary.undated ? `${plural(summary.undated, unit)} without a date not shown` : "";
  if (!days.length) {
    node.append(svg("text", { class: "placeholder", x: w / 2, y: h / 2, "text-anchor": "middle", text: "No dated events" }));
    node.setAttribute("aria-label", "Timeline: no dated events");
    return;
  }
  let t0 = Math.min(...days.map((d) => d.t));
  let t1 = Math.max(...days.map((d) => d.t));
  const span = (t1 - t0) / DAY;
  const weekly = bin === "week" || (bin !== "day" && span > 120) || span > 730;
  const step = weekly ? 7 * DAY : DAY;
  const start = (t) => (weekly ? monday(t) : t);
  t0 = start(t0);
  t1 = start(t1);
  const bins = new Map();
  for (let t = t0; t <= t1; t += step) bins.set(t, new Map());
  for (const d of days) {
    const b = bins.get(start(d.t));
    if (b) b.set(d.type, (b.get(d.type) || 0) + d.n);
  }
  const margin = { left: 42, right: 10, top: 10, bottom: 30 };
  const plotW = w - margin.left - margin.right;
  const plotH = h - margin.top - margin.bottom;
  const count = bins.size;
  const bw = plotW / count;
  const totals = [...bins.values()].map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const ystep = niceStep(max, Math.max(2, Math.floor(plotH / 40)));
  const ymax = Math.ceil(max / ystep) * ystep;
  const y = (v) => margin.top + plotH - (v / ymax) * plotH;

  const axis = svg("g", { class: "axis" });
  for (let v = 0; v <= ymax; v += ystep) {
    axis.append(svg("line", { class: "gridline", x1: margin.left, x2: w - margin.right, y1: y(v), y2: y(v) }));
    axis.append(svg("text", { class: "tick", x: margin.left - 6, y: y(v) + 4, "text-anchor": "end", text: v.toLocaleString("en") }));
  }
  axis.append(svg("line", { class: "baseline", x1: margin.left, x2: w - margin.right, y1: y(0), y2: y(0) }));
  const stride = Math.max(1, Math.ceil(84 / bw));
  let lastYear = null;
  let k = 0;
  for (const t of bins.keys()) {
    if (k % stride === 0) {
      const x = margin.left + (k + 0.5) * bw;
      const year = new Date(t).getUTCFullYear();
      axis.append(svg("line", { class: "tickmark", x1: x, x2: x, y1: y(0), y2: y(0) + 4 }));
      axis.append(svg("text", { class: "tick", x, y: y(0) + 16, "text-anchor": "middle", text: label(t, year !== lastYear) }));
      lastYear = year;
    }
    k++;
  }
  node.append(axis);

  const bars = svg("g", { class: "bars" });
  k = 0;
  for (const [t, counts] of bins) {
    const x = margin.left + k * bw + Math.min(bw * 0.08, 2);
    const width = Math.max(1, bw - 2 * Math.min(bw * 0.08, 2));
    const total = totals[k];
    k++;
    if (!total) continue;
    const g = svg("g", { class: "bin", dataset: { day: isoDay(t), n: total } });
    let acc = 0;
    for (const [type, n] of [...counts].sort((a, b) => typeOrder(a[0], b[0]))) {
      g.append(svg("rect", { class: "bar", x: x.toFixed(2), width: width.toFixed(2), y: y(acc + n).toFixed(2),
        height: Math.max(0.5, y(acc) - y(acc + n)).toFixed(2), fill: typeColor(type), dataset: { type } }));
      acc += n;
    }
    // A full-height hit area, so thin bars are easy to point at.
    g.append(svg("rect", { class: "hit", x: (margin.left + (k - 1) * bw).toFixed(2), width: bw.toFixed(2), y: margin.top, height: plotH }));
    const end = t + step - DAY;
    g.addEventListener("pointerenter", (e) => {
      clear(tip);
      tip.append(el("strong", { text: weekly ? `Week of ${isoDay(t)}` : isoDay(t) }), ` · ${plural(total, unit)}`);
      const list = el("ul");
      for (const [type, n] of [...counts].sort((a, b) => typeOrder(a[0], b[0]))) {
        const sw = el("span", { class: "swatch" });
        sw.style.backgroundColor = typeColor(type);
        list.append(el("li", {}, sw, `${type} ${n}`));
      }
      tip.append(list);
      tip.hidden = false;
      const r = panel.getBoundingClientRect();
      tip.style.left = `${Math.min(Math.max(e.clientX - r.left + 12, 4), r.width - 170)}px`;
      tip.style.top = `${Math.max(e.clientY - r.top - 20, 4)}px`;
    });
    g.addEventListener("pointerleave", () => { tip.hidden = true; });
    g.addEventListener("click", () => onRange(isoDay(t), isoDay(end)));
    bars.append(g);
  }
  node.append(bars);
  node.setAttribute("aria-label", `Timeline: ${plural(days.reduce((a, d) => a + d.n, 0), unit)} per ${weekly ? "week" : "day"}, from ${isoDay(t0)} to ${isoDay(t1)}`);
  node.dataset.bin = weekly ? "week" : "day";
}
