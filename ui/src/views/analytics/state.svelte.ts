// The analytics view's choices, kept while the operator visits the journal
// (a cell opens the journal; Esc/back returns to the same picture).
import type { HeatmapQuery } from "../../lib/bindings/HeatmapQuery";
import type { SeriesBy } from "../../lib/bindings/SeriesBy";

export type Tab = "heatmap" | "map" | "trends" | "dynamics";

class AnalyticsState {
  tab = $state<Tab>("heatmap");
  fromText = $state("");
  toText = $state("");
  q = $state<HeatmapQuery>({
    rows: "topic",
    cols: "settlement",
    from: null,
    to: null,
    channel: null,
    kind: null,
    theme: null,
    per_1000: false,
  });
  by = $state<SeriesBy>("channel");
  monthly = $state(false);
  bars = $state(false);
  /** "2026-W47"; empty: the last full week. */
  week = $state("");
}

export const analytics = new AnalyticsState();
