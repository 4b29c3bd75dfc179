// The event view (a cluster of reports, the unit an analyst counts): the reconciled
// facts, the independent sources that corroborate it, and every report side by side
// with its evidence, attribution chain and stance, contradictions marked.
import { api } from "./api.js";
import { $, clear, el, loading, plural } from "./dom.js";
import { actorText, countsText, dateText, factBadge, placeText, rootText, titleOf, typeBadge } from "./format.js";
import { href, listHref, listState } from "./state.js";

function dl(rows) {
  const list = el("dl", { class: "facts" });
  for (const [label, value] of rows) {
    if (value === null || value === undefined || value === "") continue;
    list.append(el("dt", { text: label }), el("dd", {}, value));
  }
  return list;
}

export function chainList(outlet, chain) {
  const list = el("ol", { class: "chain", "aria-label": "Attribution chain" });
  list.append(el("li", {}, el("span", { class: "node outlet", text: outlet || "outlet" })));
  for (const link of chain || []) {
    list.append(el("li", {}, el("span", { class: "node" }, link.name, el("small", { text: link.kind }))));
  }
  return list;
}

// The evidence sentence with the trigger word marked (offsets are the article's).
function evidence(report) {
  const ev = report.evidence;
  if (!ev) return el("p", { class: "hint", text: "No evidence sentence stored." });
  const quote = el("blockquote", { class: "evidence" });
  const t = report.trigger;
  const a = t ? t.start - ev.start : -1;
  const b = t ? t.end - ev.start : -1;
  if (a >= 0 && b <= ev.sentence.length && a < b) {
    quote.append(ev.sentence.slice(0, a), el("mark", { class: "trigger", text: ev.sentence.slice(a, b) }), ev.sentence.slice(b));
  } else {
    quote.append(ev.sentence);
  }
  return quote;
}

const STANCE = { supports: "Supports", contradicts: "Contradicts", neither: "Neither (planned or hypothetical)" };

function reportCard(r, params) {
  const doc = r.document || {};
  const card = el("article", { class: `report-card ${r.stance}`, dataset: { id: r.id, stance: r.stance } });
  card.append(el("header", {},
    el("span", { class: `stance ${r.stance}`, text: STANCE[r.stance] || r.stance }),
    el("h3", {}, el("a", { href: href(`report/${encodeURIComponent(r.id)}`, params), text: doc.outlet || "unknown outlet" })),
    el("p", { class: "meta", text: [doc.published, titleOf(doc, r.evidence && r.evidence.sentence)].filter(Boolean).join(" · ") })));
  card.append(evidence(r));
  card.append(el("h4", { text: "Attribution" }), chainList(doc.outlet, r.attribution && r.attribution.chain));
  if (r.attribution && r.attribution.cue) card.append(el("p", { class: "cue", text: `cue: “${r.attribution.cue}”` }));
  card.append(dl([
    ["Factuality", factBadge(r.factuality)],
    ["Sources", (r.sources || []).map(rootText).join("; ") || null],
    ["Type", r.type],
    ["Date", dateText(r.date, doc.published)],
    ["Where", placeText(r.location)],
    ["Actors", actorText(r.actors)],
    ["Target", actorText(r.recipients)],
    ["Counts", countsText(r.counts)],
  ]));
  return card;
}

export async function showCluster(id, params) {
  const root = clear($("#cluster-view"));
  const state = listState(params);
  root.append(el("a", { class: "back", href: listHref(state), text: "← Back to the list" }));
  const body = await loading($("#view-cluster"), api(`/api/clusters/${encodeURIComponent(id)}`));
  const ev = body.event;
  const against = body.reports.filter((r) => r.stance === "contradicts");
  root.append(el("header", { class: "cluster-head" },
    el("h1", {}, typeBadge(ev.type), ` ${placeText(ev.location) || "Unknown place"} · ${dateText(ev.date, null)}`),
    el("p", { class: "meta" }, factBadge(ev.factuality),
      ` ${plural(body.reports_total, "report")} · corroborated by ${plural(ev.corroboration, "independent source")}`)));
  if (against.length) {
    root.append(el("p", { class: "contradiction-banner", role: "note",
      text: `${plural(against.length, "report")} contradict${against.length === 1 ? "s" : ""} this event: ${against.map((r) => (r.document && r.document.outlet) || "unknown outlet").join(", ")}` }));
  }
  const merged = el("section", { class: "panel merged" }, el("h2", { text: "Merged facts" }));
  merged.append(dl([
    ["Type", [ev.type, ev.mode].filter(Boolean).join(" / ")],
    ["ACLED", ev.acled ? `${ev.acled.event_type} / ${ev.acled.sub_event_type}` : null],
    ["When", dateText(ev.date, null)],
    ["Where", placeText(ev.location)],
    ["Actors", actorText(ev.actors)],
    ["Target", actorText(ev.recipients)],
    ["Counts", countsText(ev.counts)],
    ["Factuality", factBadge(ev.factuality)],
  ]));
  const sources = el("section", { class: "panel sources", id: "cluster-sources" },
    el("h2", { text: `Independent sources (${ev.sources.length})` }));
  if (ev.sources.length) {
    const list = el("ul", { class: "roots" });
    for (const s of ev.sources) {
      const from = body.reports.filter((r) => (r.sources || []).includes(s)).map((r) => (r.document && r.document.outlet) || "unknown outlet");
      list.append(el("li", {}, el("strong", { text: rootText(s) }), from.length ? ` — via ${[...new Set(from)].join(", ")}` : ""));
    }
    sources.append(list);
  } else {
    sources.append(el("p", { class: "hint", text: "No report supports this event." }));
  }
  root.append(el("div", { class: "cluster-summary" }, merged, sources));
  root.append(el("h2", { class: "reports-title", text: `Reports side by side (${body.reports.length}${body.reports_total > body.reports.length ? ` of ${body.reports_total}` : ""})` }));
  const grid = el("div", { class: "report-grid", id: "cluster-reports" });
  const ordered = body.reports.slice().sort((a, b) => (a.stance === "contradicts") - (b.stance === "contradicts"));
  for (const r of ordered) grid.append(reportCard(r, params));
  root.append(grid);
  document.title = `${ev.type} · ${placeText(ev.location) || "event"} — sitreport`;
}
