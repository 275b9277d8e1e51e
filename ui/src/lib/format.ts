// How dates and numbers are shown to people (Russian conventions).

/** "2026-11-27T10:15[:00]" → "27.11.2026 10:15". */
export function showDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]} ${m[4]}:${m[5]}` : iso;
}

/** "2026-11-27" → "27.11.2026". */
export function showDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** A local moment as the forms show it: "27.11.2026 10:15". */
export function formNow(iso: string): string {
  return showDateTime(iso);
}

/** Days left as words: "осталось 3 дн.", "сегодня", "просрочено на 2 дн.". */
export function daysLeftText(days: number | null | undefined): string {
  if (days === null || days === undefined) return "";
  if (days === 0) return "срок сегодня";
  if (days < 0) return `просрочено на ${-days} дн.`;
  return `осталось ${days} дн.`;
}

/** CSS class for a deadline: overdue, today, soon (≤ 3 days), ok. */
export function dueClass(days: number | null | undefined): string {
  if (days === null || days === undefined) return "due-none";
  if (days < 0) return "due-overdue";
  if (days === 0) return "due-today";
  if (days <= 3) return "due-soon";
  return "due-ok";
}

export function thousands(n: number): string {
  return n.toLocaleString("ru-RU");
}

/** «Сформировано 27.11.2026 10:00, дежурный Иванова А.П.» with one final stop, as the documents print it. */
export function madeBy(iso: string, operator: string): string {
  const s = `Сформировано ${showDateTime(iso)}${operator ? `, дежурный ${operator}` : ""}`;
  return s.endsWith(".") ? s : `${s}.`;
}

/** A file size as people read it: "0,8 МБ". */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toLocaleString("ru-RU", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} МБ`;
}
