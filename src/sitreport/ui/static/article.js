// The article view: an article's text with each event's evidence highlighted; with a
// report selected, its facts, attribution chain and the other reports of its event.
import { api } from "./api.js";
import { $, clear, el, loading, plural } from "./dom.js";
import { chainList } from "./cluster.js";
import { actorText, countsText, dateText, factBadge, placeText, titleOf, typeBadge } from "./format.js";
import { href, listHref, listState } from "./state.js";

export async function showReport(id, params) {
  const detail = await loading($("#view-article"), api(`/api/events/${encodeURIComponent(id)}`));
  await showDocument(detail.event.document.id, params, detail);
}

export async function showDocument(documentId, params, detail) {
  const body = await loading($("#view-article"), api(`/api/documents/${encodeURIComponent(documentId)}`));
  const doc = body.document;
  const back = $("#article-back");
  back.href = listHref(listState(params));
  const title = titleOf(doc, doc.text);
  $("#article-title").textContent = title;
  document.title = `${title} — sitreport`;
  const metaNode = clear($("#article-meta"));
  metaNode.append([doc.outlet, doc.published].filter(Boolean).join(" · ") || "unknown outlet and date");
  if (doc.url && /^https?:\/\//i.test(doc.url)) {
    metaNode.append(" · ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank", text: "original" }));
  }
  const selected = detail ? detail.event : null;
  renderArticleText(doc.text, body.events, selected, params);
  renderDetail(detail, body.events, params);
  const mark = $("#article-text mark.selected");
  if (mark) mark.scrollIntoView({ block: "center" });
}

function reportHref(ev, params) { return href(`report/${encodeURIComponent(ev.id)}`, params); }

// Split [from, to) of the text into plain runs and <mark>s for the other events' evidence.
function appendSegments(parent, text, from, to, spans, params) {
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
    const mark = el("a", { class: "mark", href: reportHref(ev, params), dataset: { eventId: ev.id },
      title: covering.map((s) => s.ev.type).join(", ") }, el("mark", { text: chunk }));
    parent.append(mark);
  }
}

function validSpan(ev, length) {
  const e = ev.evidence;
  return e && Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= length && e.start < e.end;
}

function renderArticleText(text, events, selected, params) {
  const node = clear($("#article-text"));
  const spans = events.filter((ev) => validSpan(ev, text.length))
    .map((ev) => ({ start: ev.evidence.start, end: ev.evidence.end, ev }));
  if (selected && validSpan(selected, text.length)) {
    // The selected event's evidence is one element, whatever else overlaps it.
    const { start, end } = selected.evidence;
    const others = spans.filter((s) => s.ev.id !== selected.id);
    appendSegments(node, text, 0, start, others, params);
    node.append(el("mark", { class: "selected", id: "selected-evidence", dataset: { eventId: selected.id }, text: text.slice(start, end) }));
    appendSegments(node, text, end, text.length, others, params);
  } else {
    appendSegments(node, text, 0, text.length, spans, params);
  }
}

function row(label, value) {
  if (value === null || value === undefined || value === "") return [];
  return [el("dt", { text: label }), el("dd", {}, value)];
}

function linkedItem(ev, contradicts, params) {
  return el("li", {},
    el("a", { href: reportHref(ev, params), text: `${(ev.document && ev.document.outlet) || "unknown outlet"}` }),
    ` · ${dateText(ev.date, ev.document && ev.document.published)} · `, factBadge(ev.factuality),
    contradicts ? el("span", { class: "contra", text: " contradicts" }) : null);
}

function renderDetail(detail, events, params) {
  const aside = clear($("#event-detail"));
  if (!detail) {
    aside.append(el("h2", { text: `${plural(events.length, "event")} in this article` }),
      el("p", { class: "hint", text: "Select a highlighted passage to see the event, its sources and other reports of it." }));
    return;
  }
  const ev = detail.event;
  const chain = (ev.attribution && ev.attribution.chain) || [];
  aside.append(el("h2", {}, typeBadge(ev.type), ev.mode ? el("span", { class: "hint", text: ev.mode }) : null, factBadge(ev.factuality)));
  const acled = ev.acled ? `${ev.acled.event_type} / ${ev.acled.sub_event_type}` : "";
  aside.append(el("dl", {},
    row("Actors", actorText(ev.actors)),
    row("Target", actorText(ev.recipients)),
    row("Location", ev.location ? `${placeText(ev.location)}${ev.location.precision ? ` (${ev.location.precision})` : ""}` : ""),
    row("Date", ev.date && ev.date.text ? `${dateText(ev.date, null)} — “${ev.date.text}”` : dateText(ev.date, ev.document.published)),
    row("Counts", countsText(ev.counts)),
    row("ACLED", acled),
    row("Contexts", (ev.contexts || []).join(", "))));

  aside.append(el("h3", { text: "Attribution chain" }));
  const chainNode = chainList(ev.document.outlet, chain);
  chainNode.id = "attribution-chain";
  aside.append(chainNode);
  aside.append(el("p", { class: "cue", text: chain.length ? (ev.attribution.cue ? `cue: ${ev.attribution.cue}` : "") : "The outlet states this in its own voice." }));

  aside.append(el("h3", { text: `Other reports (${detail.linked.length})` }));
  if (detail.linked.length) {
    const ids = new Set((detail.contradictions || []).map((c) => c.id));
    aside.append(el("ul", { class: "linked", id: "linked-reports" }, detail.linked.map((l) => linkedItem(l, ids.has(l.id), params))));
  } else {
    aside.append(el("p", { class: "hint", text: "No other article reports this event yet." }));
  }
  if (ev.cluster) {
    aside.append(el("p", {}, el("a", { class: "button-link", id: "open-cluster", href: href(`event/${encodeURIComponent(ev.cluster.id)}`, params), text: "Compare every report of this event" })));
  }
  aside.append(el("h3", { text: "Article" }),
    el("a", { href: href(`document/${encodeURIComponent(ev.document.id)}`, params), text: "All events in this article" }));
}
