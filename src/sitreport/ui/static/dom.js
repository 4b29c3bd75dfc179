// DOM helpers. Every piece of stored data reaches the page through textContent,
// attribute setters or SVG attributes built here; nothing is ever assigned to
// innerHTML, so an article cannot inject markup or script (the server's
// Content-Security-Policy also forbids inline script).
export const SVG_NS = "http://www.w3.org/2000/svg";

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function svg(tag, attrs, ...children) {
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

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

export const $ = (sel, root) => (root || document).querySelector(sel);
export const $$ = (sel, root) => [...(root || document).querySelectorAll(sel)];

export function showStatus(message, isError) {
  const box = $("#status");
  if (!message) { box.hidden = true; return; }
  box.textContent = message;
  box.classList.toggle("error", Boolean(isError));
  box.setAttribute("role", isError ? "alert" : "status");
  box.hidden = false;
}

// Mark a panel as loading (a spinner over it, aria-busy) until the promise settles;
// a failure is shown in the panel itself, so one broken request never blanks the page.
export async function loading(panel, promise) {
  panel.classList.add("is-loading");
  panel.setAttribute("aria-busy", "true");
  const old = panel.querySelector(":scope > .panel-error");
  if (old) old.remove();
  try {
    return await promise;
  } catch (err) {
    panel.append(el("p", { class: "panel-error", role: "alert", text: `Could not load: ${err.message || err}` }));
    throw err;
  } finally {
    panel.classList.remove("is-loading");
    panel.removeAttribute("aria-busy");
  }
}

export function plural(n, word, many) {
  return `${n.toLocaleString("en")} ${n === 1 ? word : (many || `${word}s`)}`;
}
