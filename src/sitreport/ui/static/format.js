// How stored values read on the page.
import { el } from "./dom.js";
import { inkOn, typeColor } from "./vocab.js";

export function typeBadge(type) {
  const color = typeColor(type);
  const badge = el("span", { class: "type-badge", text: type || "?" });
  badge.style.backgroundColor = color;
  badge.style.color = inkOn(color);
  return badge;
}

export function factBadge(factuality) {
  return el("span", { class: `fact ${factuality || ""}`, text: factuality || "–" });
}

export function dateText(date, published) {
  if (date && date.start) {
    return date.end && date.end !== date.start ? `${date.start} – ${date.end}` : date.start;
  }
  return published ? `${published} (pub.)` : "undated";
}

export function actorText(actors) {
  return (actors || []).map((a) => (a.country ? `${a.text} (${a.country})` : a.text)).join("; ");
}

export function placeText(loc) {
  if (!loc) return "";
  const name = loc.name || loc.text || "";
  const parts = [name];
  if (loc.admin1 && loc.admin1 !== name) parts.push(loc.admin1);
  if (loc.country && !String(name).includes(loc.country)) parts.push(loc.country);
  return parts.filter(Boolean).join(", ");
}

export function countsText(counts) {
  if (!counts) return "";
  return Object.entries(counts).filter(([k, v]) => v !== null && v !== undefined && k !== "clamped")
    .map(([k, v]) => `${k} ${v}`).join(", ");
}

// An article's name: its title, else its first line of text, else its outlet and date.
export function titleOf(doc, text) {
  if (doc && doc.title && doc.title.trim()) return doc.title.trim();
  const first = String(text || "").split(/\n/).map((l) => l.trim()).find((l) => l.length > 12);
  if (first) return first.length > 90 ? `${first.slice(0, 89)}…` : first;
  const bits = [doc && doc.outlet, doc && doc.published].filter(Boolean);
  return bits.length ? `Untitled article (${bits.join(", ")})` : "Untitled article";
}

// A source root key (sitreport.independence) as a person reads it.
export function rootText(root) {
  const [kind, ...rest] = String(root).split(":");
  const value = rest.join(":");
  if (kind === "office") {
    const [office, scope] = [value.slice(0, value.lastIndexOf(":")), value.slice(value.lastIndexOf(":") + 1)];
    return scope && scope !== "?" ? `${office} (${scope})` : office || value;
  }
  if (kind === "state") return `state media (${value})`;
  if (kind === "anon") return `unnamed sources via ${value}`;
  if (kind === "name") return value;
  if (kind === "doc") return "the article itself";
  return String(root);
}
