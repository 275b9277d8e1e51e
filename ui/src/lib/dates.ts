// Parsing what people type into date filters.

/** "27.11.2026" or "2026-11-27" → "2026-11-27"; "" → null; otherwise undefined (invalid). */
export function parseDateInput(s: string): string | null | undefined {
  const t = s.trim();
  if (!t) return null;
  let m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  if (m) return valid(+m[3], +m[2], +m[1]);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return valid(+m[1], +m[2], +m[3]);
  return undefined;
}

function valid(y: number, mo: number, d: number): string | undefined {
  const dt = new Date(y, mo - 1, d);
  if (dt.getFullYear() !== y || dt.getMonth() !== mo - 1 || dt.getDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** A period typed into two date fields: the ISO dates (null when empty) or the
 * Russian errors at the fields `from` and `to` (none when both are fine). */
export function parsePeriod(fromText: string, toText: string): {
  from: string | null;
  to: string | null;
  errors: Record<string, string>;
} {
  const from = parseDateInput(fromText);
  const to = parseDateInput(toText);
  const errors: Record<string, string> = {};
  // The core's own words for the same mistakes (mcu_core::period).
  if (from === undefined) errors.from = "Дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.";
  if (to === undefined) errors.to = "Дата в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.";
  if (from && to && from > to) errors.to = "Конец периода раньше начала.";
  return { from: from ?? null, to: to ?? null, errors };
}
