// Application state shared by the views: the session, reference data, the
// classifier, the current view and the journal's filters.
import { api, type Session } from "./api";
import type { JournalQuery } from "./bindings/JournalQuery";
import type { ReferenceData } from "./bindings/ReferenceData";
import type { Term } from "./bindings/Term";
import type { Topic } from "./bindings/Topic";

export type View =
  | { name: "control" }
  | { name: "journal" }
  | { name: "card"; id: number }
  | { name: "new" }
  | { name: "edit"; id: number }
  | { name: "reference" }
  | { name: "analytics" }
  | { name: "import" }
  | { name: "reports" };

export function emptyQuery(): JournalQuery {
  return {
    from: null,
    to: null,
    channel: null,
    kind: null,
    status: null,
    open_only: false,
    block_id: null,
    person_id: null,
    settlement_id: null,
    theme: null,
    topic: null,
    overdue: false,
    search: "",
    sort: "registered_desc",
    offset: 0,
    limit: 100,
  };
}

class AppState {
  session = $state<Session | null>(null);
  ref = $state<ReferenceData | null>(null);
  topics = $state<Topic[]>([]);
  view = $state<View>({ name: "control" });
  query = $state<JournalQuery>(emptyQuery());
  /** Where Esc on a card returns: the list the card was opened from. */
  lastList = $state<"journal" | "control">("control");
  /** The journal row to keep selected when coming back from a card. */
  selectedId = $state<number | null>(null);
  /** A short message in the status line ("Сохранено", errors). */
  notice = $state<{ text: string; kind: "ok" | "error" } | null>(null);

  async load() {
    this.session = await api.session();
    if (this.session.error) return;
    const [ref, topics] = await Promise.all([api.reference(), api.topics()]);
    this.ref = ref;
    this.topics = topics;
  }

  async refreshReference() {
    this.ref = await api.reference();
    this.topics = await api.topics();
  }

  go(view: View) {
    if (view.name === "journal" || view.name === "control") this.lastList = view.name;
    this.view = view;
  }

  say(text: string, kind: "ok" | "error" = "ok") {
    this.notice = { text, kind };
    const current = this.notice;
    setTimeout(() => {
      if (this.notice === current) this.notice = null;
    }, 6000);
  }

  topicByCode(code: string): Topic | undefined {
    return this.topics.find((t) => t.code === code);
  }
}

export const app = new AppState();

/** The label of a code in one of the core's vocabularies. */
export function label(terms: Term[] | undefined, code: string | null | undefined): string {
  if (!code) return "";
  return terms?.find((t) => t.code === code)?.label ?? code;
}

/** The current local time as ISO, advancing from the session's "now". */
export function nowIso(): string {
  const base = app.session ? Date.parse(app.session.now) : Date.now();
  const elapsed = performance.now() - startedAt;
  const d = new Date(base + elapsed);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const startedAt = performance.now();
