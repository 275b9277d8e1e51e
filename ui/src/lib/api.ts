// Typed calls into the Rust shell. Types come from ./bindings (generated from
// Rust by ts-rs); errors arrive as { code, message, fields }.
import { invoke } from "@tauri-apps/api/core";
import type { ActionRequest } from "./bindings/ActionRequest";
import type { AppealCard } from "./bindings/AppealCard";
import type { AppealDraft } from "./bindings/AppealDraft";
import type { BlockDraft } from "./bindings/BlockDraft";
import type { CalendarOverrideDraft } from "./bindings/CalendarOverrideDraft";
import type { ChannelDraft } from "./bindings/ChannelDraft";
import type { Deadline } from "./bindings/Deadline";
import type { FieldError } from "./bindings/FieldError";
import type { JournalPage } from "./bindings/JournalPage";
import type { JournalQuery } from "./bindings/JournalQuery";
import type { JournalRow } from "./bindings/JournalRow";
import type { PersonDraft } from "./bindings/PersonDraft";
import type { PublicError } from "./bindings/PublicError";
import type { ReferenceData } from "./bindings/ReferenceData";
import type { RuleDraft } from "./bindings/RuleDraft";
import type { SettlementDraft } from "./bindings/SettlementDraft";
import type { Topic } from "./bindings/Topic";
import type { ControlScreen } from "./bindings/ControlScreen";
import type { DeadlineShift } from "./bindings/DeadlineShift";
import type { GroupBy } from "./bindings/GroupBy";
import type { HandoverNote } from "./bindings/HandoverNote";
import type { NotifySettings } from "./bindings/NotifySettings";
import type { Timeliness } from "./bindings/Timeliness";
import type { TopicMappingDraft } from "./bindings/TopicMappingDraft";
import type { Dynamics } from "./bindings/Dynamics";
import type { Heatmap } from "./bindings/Heatmap";
import type { HeatmapQuery } from "./bindings/HeatmapQuery";
import type { SeriesBy } from "./bindings/SeriesBy";
import type { SettlementMap } from "./bindings/SettlementMap";
import type { TrendParams } from "./bindings/TrendParams";
import type { Trends } from "./bindings/Trends";
import type { WeeklyNote } from "./bindings/WeeklyNote";
import type { IndicatorReport } from "./bindings/IndicatorReport";
import type { ArchiveEntry } from "./bindings/ArchiveEntry";
import type { IndicatorDef } from "./bindings/IndicatorDef";
import type { ReportContent } from "./bindings/ReportContent";
import type { AuditEntry } from "./bindings/AuditEntry";
import type { RoadMapDraft } from "./bindings/RoadMapDraft";
import type { PaperKind } from "./bindings/PaperKind";
import type { ChangePage } from "./bindings/ChangePage";
import type { ChangeQuery } from "./bindings/ChangeQuery";
import type { OfficeProfile } from "./bindings/OfficeProfile";
import type { PaperOption } from "./bindings/PaperOption";
import type { RoadMapRow } from "./bindings/RoadMapRow";
import type { Rating } from "./bindings/Rating";
import type { RatingSettings } from "./bindings/RatingSettings";
import type { BackupMade } from "./bindings/BackupMade";
import type { BackupSettings } from "./bindings/BackupSettings";
import type { BackupState } from "./bindings/BackupState";

/** A chart drawn in Rust: the SVG and where its data items are (CSS pixels). */
export type Rendered = {
  svg: string;
  width: number;
  height: number;
  cells: { row: number; col: number; x: number; y: number; w: number; h: number }[];
};
export type MappingForm = {
  name: string;
  title: string;
  fields: { field: string; label: string; columns: string[] }[];
  datetime: string[];
};
/** import-progress event: rows read, position in the file, of total. */
export type ImportProgress = [number, number, number];
export type MappingInfo = { name: string; title: string; description: string; preset: boolean };
export type PreviewRow = {
  row: number;
  outcome: "new" | "update" | "present" | "reject";
  existing_id: number | null;
  mapped: { draft: AppealDraft; status: string | null; source_status: string; text_original: string | null };
  problems: FieldError[];
};
export type ImportPreview = { columns: string[]; rows: PreviewRow[] };
export type ImportSummary = {
  batch_id: number | null;
  file: string;
  mapping: string;
  dry_run: boolean;
  rows: number;
  imported: number;
  updated: number;
  present: number;
  rejected: number;
  empty: number;
  by_channel: Record<string, number>;
  by_block: Record<string, number>;
  rejects: { row: number; reason: string }[];
  rejects_file: string | null;
};
export type DynamicsRequest = { from: string | null; to: string | null; by: SeriesBy; monthly: boolean; bars: boolean };
export type ChartRequest =
  | { kind: "heatmap"; query: HeatmapQuery }
  | { kind: "map"; query: HeatmapQuery }
  | { kind: "dynamics"; request: DynamicsRequest };

export type Session = {
  operator: string | null;
  db_path: string;
  now: string;
  error: PublicError | null;
};

/** An error from the core, with the fields it concerns. */
export class ApiError extends Error {
  code: string;
  fields: FieldError[];
  constructor(e: PublicError) {
    super(e.message);
    this.code = e.code;
    this.fields = e.fields;
  }
  /** Field errors keyed by field name. */
  byField(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) out[f.field] = out[f.field] ? `${out[f.field]} ${f.message}` : f.message;
    return out;
  }
}

async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    if (e && typeof e === "object" && "code" in e) throw new ApiError(e as PublicError);
    throw new ApiError({ code: "storage", message: String(e), fields: [] });
  }
}

export const api = {
  session: () => call<Session>("session"),
  setOperator: (name: string) => call<string>("set_operator", { name }),
  /** Ends the program the way closing its window does. */
  quit: () => call<void>("quit"),
  reference: () => call<ReferenceData>("reference"),
  topics: () => call<Topic[]>("topics"),
  journal: (query: JournalQuery) => call<JournalPage>("journal", { query }),
  card: (id: number) => call<AppealCard>("card", { id }),
  applicantAppeals: (name: string, except: number | null) => call<JournalRow[]>("applicant_appeals", { name, except }),
  register: (draft: AppealDraft) => call<AppealCard>("register", { draft }),
  update: (id: number, version: number, draft: AppealDraft) => call<AppealCard>("update", { id, version, draft }),
  act: (id: number, version: number, request: ActionRequest) => call<AppealCard>("act", { id, version, request }),
  deadlinePreview: (kind: string, registeredAt: string, questions: string[]) =>
    call<Deadline>("deadline_preview", { kind, registeredAt, questions }),
  nextNumber: (kind: string, registeredAt: string) => call<string>("next_number", { kind, registeredAt }),
  saveBlock: (draft: BlockDraft) => call<ReferenceData>("save_block", { draft }),
  savePerson: (draft: PersonDraft) => call<ReferenceData>("save_person", { draft }),
  saveSettlement: (draft: SettlementDraft) => call<ReferenceData>("save_settlement", { draft }),
  officeProfile: () => call<OfficeProfile>("office_profile"),
  saveOfficeProfile: (profile: OfficeProfile) => call<ReferenceData>("save_office_profile", { profile }),
  saveChannel: (draft: ChannelDraft) => call<ReferenceData>("save_channel", { draft }),
  saveTopicMapping: (draft: TopicMappingDraft) => call<ReferenceData>("save_topic_mapping", { draft }),
  saveRule: (draft: RuleDraft) => call<ReferenceData>("save_rule", { draft }),
  retireRule: (id: number) => call<ReferenceData>("retire_rule", { id }),
  setCalendarOverride: (draft: CalendarOverrideDraft) => call<ReferenceData>("set_calendar_override", { draft }),
  setNumberPattern: (pattern: string) => call<ReferenceData>("set_number_pattern", { pattern }),
  control: () => call<ControlScreen>("control"),
  timeliness: (from: string, to: string, by: GroupBy) => call<Timeliness>("timeliness", { from, to, by }),
  handover: (day: string) => call<HandoverNote>("handover", { day }),
  exportHandover: (day: string, format: string) => call<string>("export_handover", { day, format }),
  printWindow: () => call<void>("print_window"),
  notifySettings: () => call<NotifySettings>("notify_settings"),
  backups: () => call<BackupState>("backups"),
  saveBackupSettings: (settings: BackupSettings) => call<BackupState>("save_backup_settings", { settings }),
  makeBackup: () => call<BackupMade>("make_backup"),
  // Returns where the replaced database was saved.
  restoreBackup: (path: string) => call<string | null>("restore_backup", { path }),
  saveNotifySettings: (settings: NotifySettings) => call<NotifySettings>("save_notify_settings", { settings }),
  previewCalendarOverride: (draft: CalendarOverrideDraft) => call<DeadlineShift[]>("preview_calendar_override", { draft }),
  heatmap: (query: HeatmapQuery) => call<{ heatmap: Heatmap; chart: Rendered }>("heatmap", { query }),
  heatmapCell: (query: HeatmapQuery, row: number, col: number) =>
    call<{ query: JournalQuery; exact: boolean }>("heatmap_cell", { query, row, col }),
  settlementMap: (query: HeatmapQuery) => call<{ map: SettlementMap; chart: Rendered }>("settlement_map", { query }),
  trends: (week: string, params: TrendParams | null = null) => call<Trends>("trends", { week, params }),
  dynamics: (request: DynamicsRequest) => call<{ dynamics: Dynamics; chart: Rendered }>("dynamics", { request }),
  importMappings: () => call<MappingInfo[]>("import_mappings"),
  importFolderFiles: () => call<[string, string[]]>("import_folder_files"),
  // mappingText: a mapping being built in the window (used instead of the named one).
  importPreview: (file: string, mapping: string, mappingText: string | null) =>
    call<ImportPreview>("import_preview", { file, mapping, mappingText }),
  importRun: (file: string, mapping: string, mappingText: string | null, dryRun: boolean) =>
    call<ImportSummary>("import_run", { file, mapping, mappingText, dryRun }),
  importCancel: () => call<void>("import_cancel"),
  importFileColumns: (file: string) => call<string[]>("import_file_columns", { file }),
  mappingText: (name: string) => call<string>("mapping_text", { name }),
  mappingDraft: (columns: string[], name: string) => call<string>("mapping_draft", { columns, name }),
  mappingForm: (text: string) => call<MappingForm>("mapping_form", { text }),
  mappingApplyForm: (text: string, form: MappingForm) => call<string>("mapping_apply_form", { text, form }),
  mappingSave: (text: string) => call<MappingInfo[]>("mapping_save", { text }),
  exportChart: (chart: ChartRequest, format: "svg" | "png" | "csv") => call<string>("export_chart", { chart, format }),
  // An empty week means the last full week; an empty summary keeps the drafted one.
  weeklyNote: (week: string, summaryText: string | null) => call<WeeklyNote>("weekly_note", { week, summaryText }),
  exportWeekly: (week: string, summaryText: string | null, format: string) =>
    call<string>("export_weekly", { week, summaryText, format }),
  indicators: (periodCode: string) => call<IndicatorReport>("indicators", { periodCode }),
  lastQuarter: () => call<string>("last_quarter"),
  exportIndicators: (periodCode: string, format: string) => call<string>("export_indicators", { periodCode, format }),
  indicatorDefs: () => call<IndicatorDef[]>("indicator_defs"),
  saveIndicatorDefs: (defs: IndicatorDef[]) => call<IndicatorDef[]>("save_indicator_defs", { defs }),
  defaultIndicatorDefs: () => call<IndicatorDef[]>("default_indicator_defs"),
  reportArchive: () => call<ArchiveEntry[]>("report_archive"),
  archivedReport: (id: number) => call<ReportContent>("archived_report", { id }),
  reopenReport: (id: number, format: string) => call<string>("reopen_report", { id, format }),
  exportJournal: (query: JournalQuery, format: string, unmasked: boolean) =>
    call<[string, number]>("export_journal", { query, format, unmasked }),
  roadMap: () => call<RoadMapRow[]>("road_map"),
  saveRoadMap: (draft: RoadMapDraft) => call<number>("save_road_map", { draft }),
  roadMapHistory: (id: number) => call<AuditEntry[]>("road_map_history", { id }),
  exportRoadMap: (format: string) => call<string>("export_road_map", { format }),
  paperOptions: (id: number) => call<PaperOption[]>("paper_options", { id }),
  changes: (query: ChangeQuery) => call<ChangePage>("changes", { query }),
  exportPaper: (id: number, kind: PaperKind, format: string) => call<string>("export_paper", { id, kind, format }),
  /** Without dates: from the start of this quarter to today. */
  rating: (from: string | null, to: string | null, by: GroupBy) => call<Rating>("rating", { from, to, by }),
  saveRatingSettings: (settings: RatingSettings) =>
    call<RatingSettings>("save_rating_settings", { settings }),
};
