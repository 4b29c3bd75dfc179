// Talking to the sitreport API. A server started with --private needs the token for
// reads too: the one the Add form stored, if any, is sent with every request.
const TOKEN_KEY = "sitreport-token";

export function token() { return sessionStorage.getItem(TOKEN_KEY) || ""; }

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function request(path, options) {
  const opts = Object.assign({}, options);
  const t = token();
  if (t && !(opts.headers && opts.headers.Authorization)) {
    opts.headers = Object.assign({}, opts.headers, { Authorization: `Bearer ${t}` });
  }
  const response = await fetch(path, opts);
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      if (body && typeof body.detail === "string") detail = body.detail;
    } catch (_) { /* not JSON */ }
    if (response.status === 401 && !t) detail += " (enter the API token in the Add view)";
    throw new Error(`${response.status}: ${detail}`);
  }
  return response;
}

export async function api(path, options) {
  const response = await request(path, options);
  return response.json();
}

// A file from the API, saved under `filename`; returns the server's summary header.
export async function download(path, filename) {
  const response = await request(path);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return response.headers.get("X-Sitreport-Export") || "";
}
