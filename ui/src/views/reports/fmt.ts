// Number phrases of the reports, as the documents print them (one decimal, comma).

export function fmt1(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  return v.toLocaleString("ru-RU", { minimumFractionDigits: 0, maximumFractionDigits: 1 });
}

/** "+12,5 %", "−3 %", "—" when the previous period had nothing. */
export function change(c: number | null): string {
  if (c === null) return "—";
  if (Math.abs(c) < 0.05) return "0 %";
  return `${c > 0 ? "+" : "−"}${fmt1(Math.abs(c))} %`;
}

/** Background of a heat-map cell: white → red by the share of the maximum. */
export function heat(count: number, max: number): string {
  if (!count || !max) return "";
  const a = 0.15 + 0.75 * (count / max);
  return `background: rgba(200, 40, 30, ${a.toFixed(2)}); color: ${a > 0.55 ? "#fff" : "inherit"}`;
}
