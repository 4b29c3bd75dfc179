// The vocabularies the UI shows, in one place: PLOVER event types (with their map and
// badge colours), factuality values, sort orders and export formats. Rewire here when
// the server publishes them.
//
// The 16 colours were chosen to stay apart (CIELAB distance) for normal vision and for
// simulated protanopia, deuteranopia and tritanopia; tests/unit/test_ui_palette.py
// checks that. Types are listed by PLOVER quad class (verbal and material cooperation,
// verbal and material conflict).
export const PLOVER_TYPES = [
  { type: "AGREE", color: "#0099ff" },
  { type: "CONSULT", color: "#22ddff" },
  { type: "SUPPORT", color: "#5566ff" },
  { type: "CONCEDE", color: "#ffbbaa" },
  { type: "COOPERATE", color: "#99dd66" },
  { type: "AID", color: "#008877" },
  { type: "RETREAT", color: "#cccc11" },
  { type: "REQUEST", color: "#9999bb" },
  { type: "ACCUSE", color: "#ff0000" },
  { type: "REJECT", color: "#ee1177" },
  { type: "THREATEN", color: "#cc00bb" },
  { type: "SANCTION", color: "#664433" },
  { type: "PROTEST", color: "#3311cc" },
  { type: "MOBILIZE", color: "#dd6655" },
  { type: "COERCE", color: "#880066" },
  { type: "ASSAULT", color: "#aa0000" },
];
export const OTHER_COLOR = "#6b7280"; // a type outside PLOVER's 16

export const FACTUALITIES = ["asserted", "reported", "hedged", "alleged", "planned", "hypothetical", "denied", "negated"];

export const ORDERS = [
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
  { value: "corroboration", label: "Most corroborated" },
  { value: "killed", label: "Most killed" },
  { value: "reports", label: "Most reports" },
];

export const EXPORTS = [
  { format: "acled-csv", label: "ACLED CSV", extension: "csv" },
  { format: "geojson", label: "GeoJSON", extension: "geojson" },
  { format: "parquet", label: "Parquet", extension: "parquet" },
  { format: "plover", label: "PLOVER JSON Lines", extension: "jsonl" },
];

const COLORS = new Map(PLOVER_TYPES.map((t) => [t.type, t.color]));
const ORDER = new Map(PLOVER_TYPES.map((t, i) => [t.type, i]));

export function typeColor(type) {
  return COLORS.get(String(type || "").toUpperCase()) || OTHER_COLOR;
}

// Types in legend order: PLOVER's first, in the list's order, then others alphabetically.
export function typeOrder(a, b) {
  const ia = ORDER.has(a) ? ORDER.get(a) : 99;
  const ib = ORDER.has(b) ? ORDER.get(b) : 99;
  return ia - ib || String(a).localeCompare(String(b));
}

// Black or white, whichever reads better on `hex` (WCAG relative luminance).
export function inkOn(hex) {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  return (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) ? "#111111" : "#ffffff";
}
