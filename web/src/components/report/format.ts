export const BAND_TEXT: Record<string, string> = {
  strong: "Strong",
  good: "Good",
  developing: "Developing",
  needs_work: "Needs work",
  not_measured: "Not measured",
};

/** A session's status as the history and the coach's list show it. */
export const STATUS_TEXT: Record<string, string> = {
  created: "Not started",
  live: "In progress",
  ending: "Preparing report",
  complete: "Report ready",
};

/** A role id as a list shows it ("product_manager" -> "product manager"; capitalised by CSS). */
export function roleName(role: string): string {
  return role.replace(/[-_]/g, " ");
}

export const BAND_CLASS: Record<string, string> = {
  strong: "bg-emerald-100 text-emerald-900",
  good: "bg-teal-100 text-teal-900",
  developing: "bg-amber-100 text-amber-900",
  needs_work: "bg-rose-100 text-rose-900",
  not_measured: "bg-slate-200 text-slate-800",
};

export function clock(s: number): string {
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

/** A fraction (0-1) as a whole percentage; "–" when not measured. */
export function pct(x: number | null | undefined): string {
  return x == null ? "–" : `${Math.round(x * 100)}%`;
}

export function num(v: number | null | undefined, digits = 1): string {
  return v == null ? "–" : String(Math.round(v * 10 ** digits) / 10 ** digits);
}

/** "12%", "80% of target", "140 wpm": a percentage sign goes on the number (rubric.with_unit). */
export function withUnit(value: string, unit: string): string {
  return !unit || unit.startsWith("%") ? `${value}${unit}` : `${value} ${unit}`;
}

/** The start of a long text, for a label or a tooltip. */
export function excerpt(text: string, chars = 80): string {
  return text.length <= chars ? text : `${text.slice(0, chars - 1).trimEnd()}…`;
}
