// The page's state lives in the URL's fragment: `#/<view>/<id>?<filters>`. Every filter,
// the page, the sort, the unit and the selected item are there, so a reload keeps the
// view and a copied link shows a colleague the same thing. Filter names are the API's.
export const MULTI = ["type", "acled_type", "factuality", "outlet"];
export const SINGLE = ["q", "country", "admin1", "date_from", "date_to", "min_corroboration", "at", "sort"];
export const PAGE_SIZE = 50;

export function parseHash(hash) {
  const raw = String(hash || location.hash).replace(/^#/, "") || "/";
  const cut = raw.indexOf("?");
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const params = new URLSearchParams(cut < 0 ? "" : raw.slice(cut + 1));
  const parts = path.split("/").filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch (_) { return p; }
  });
  return { parts, params };
}

// The list state (filters, unit, page, bin) from URL parameters.
export function listState(params) {
  const state = { unit: params.get("unit") === "reports" ? "reports" : "events", filters: {} };
  for (const key of MULTI) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) state.filters[key] = values;
  }
  for (const key of SINGLE) {
    const value = (params.get(key) || "").trim();
    if (value) state.filters[key] = value;
  }
  const page = parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  state.bin = ["day", "week"].includes(params.get("bin")) ? params.get("bin") : "auto";
  return state;
}

// URL parameters of a list state; `forApi` gives the API's (no unit, page or bin).
export function stateParams(state, forApi) {
  const params = new URLSearchParams();
  if (!forApi && state.unit === "reports") params.set("unit", "reports");
  for (const key of MULTI) for (const v of state.filters[key] || []) params.append(key, v);
  for (const key of SINGLE) if (state.filters[key]) params.set(key, state.filters[key]);
  if (!forApi && state.page > 1) params.set("page", String(state.page));
  if (!forApi && state.bin !== "auto") params.set("bin", state.bin);
  return params;
}

export function href(path, params) {
  const qs = params ? params.toString() : "";
  return `#/${path}${qs ? `?${qs}` : ""}`;
}

export function listHref(state) { return href("", stateParams(state, false)); }

// The current list state, whatever the view: item views keep the list's parameters.
export function currentState() { return listState(parseHash().params); }

export function go(url) {
  if (location.hash === url) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = url;
}
