// The analytics view's choices, kept while the operator visits the journal
// (a cell opens the journal; Esc/back returns to the same picture).
import type { HeatmapQuery } from "../../lib/bindings/HeatmapQuery";
import type { RoadMapDraft } from "../../lib/bindings/RoadMapDraft";
import type { SeriesBy } from "../../lib/bindings/SeriesBy";
import type { GroupBy } from "../../lib/bindings/GroupBy";

export type Tab = "heatmap" | "map" | "trends" | "dynamics" | "roadmap" | "rating";

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
  /** A new road-map measure prefilled from a problem point, for the road-map tab. */
  roadDraft = $state<RoadMapDraft | null>(null);
  /** Road map: only measures not done or cancelled. */
  roadOpenOnly = $state(true);
  /** Rating: the period (empty: from the quarter's start to today) and the recipients. */
  ratingFrom = $state("");
  ratingTo = $state("");
  ratingBy = $state<GroupBy>("person");
}

export const analytics = new AnalyticsState();
