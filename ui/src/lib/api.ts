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
import type { HeatmapQuery } from "./bindings/HeatmapQuery";
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
import type { CellJournal } from "./bindings/CellJournal";
import type { ChartFileFormat } from "./bindings/ChartFileFormat";
import type { ChartRequest } from "./bindings/ChartRequest";
import type { DocFormat } from "./bindings/DocFormat";
import type { DynamicsRequest } from "./bindings/DynamicsRequest";
import type { DynamicsView } from "./bindings/DynamicsView";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { HeatmapView } from "./bindings/HeatmapView";
import type { ImportFolder } from "./bindings/ImportFolder";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportSummary } from "./bindings/ImportSummary";
import type { JournalExported } from "./bindings/JournalExported";
import type { JournalFormat } from "./bindings/JournalFormat";
import type { MapView } from "./bindings/MapView";
import type { MappingForm } from "./bindings/MappingForm";
import type { MappingInfo } from "./bindings/MappingInfo";
import type { PrintFormat } from "./bindings/PrintFormat";
import type { Rendered } from "./bindings/Rendered";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { Session } from "./bindings/Session";

// Generated types the views use with these calls.
export type { ChartRequest, DynamicsRequest, ImportOutcome, ImportPreview, ImportProgress, ImportSummary, MappingForm, MappingInfo, Rendered, Session };

/** An error from the core, with the fields it concerns. */
export class ApiError extends Error {
  code: ErrorCode;
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
  exportHandover: (day: string, format: DocFormat) => call<string>("export_handover", { day, format }),
  printWindow: () => call<void>("print_window"),
  notifySettings: () => call<NotifySettings>("notify_settings"),
  backups: () => call<BackupState>("backups"),
  saveBackupSettings: (settings: BackupSettings) => call<BackupState>("save_backup_settings", { settings }),
  makeBackup: () => call<BackupMade>("make_backup"),
  // Returns where the replaced database was saved.
  restoreBackup: (path: string) => call<string | null>("restore_backup", { path }),
  saveNotifySettings: (settings: NotifySettings) => call<NotifySettings>("save_notify_settings", { settings }),
  previewCalendarOverride: (draft: CalendarOverrideDraft) => call<DeadlineShift[]>("preview_calendar_override", { draft }),
  heatmap: (query: HeatmapQuery) => call<HeatmapView>("heatmap", { query }),
  heatmapCell: (query: HeatmapQuery, row: number, col: number) => call<CellJournal>("heatmap_cell", { query, row, col }),
  settlementMap: (query: HeatmapQuery) => call<MapView>("settlement_map", { query }),
  trends: (week: string, params: TrendParams | null = null) => call<Trends>("trends", { week, params }),
  dynamics: (request: DynamicsRequest) => call<DynamicsView>("dynamics", { request }),
  importMappings: () => call<MappingInfo[]>("import_mappings"),
  importFolderFiles: () => call<ImportFolder>("import_folder_files"),
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
  exportChart: (chart: ChartRequest, format: ChartFileFormat) => call<string>("export_chart", { chart, format }),
  // An empty week means the last full week; an empty summary keeps the drafted one.
  weeklyNote: (week: string, summaryText: string | null) => call<WeeklyNote>("weekly_note", { week, summaryText }),
  exportWeekly: (week: string, summaryText: string | null, format: DocFormat) =>
    call<string>("export_weekly", { week, summaryText, format }),
  indicators: (periodCode: string) => call<IndicatorReport>("indicators", { periodCode }),
  lastQuarter: () => call<string>("last_quarter"),
  exportIndicators: (periodCode: string, format: ReportFormat) => call<string>("export_indicators", { periodCode, format }),
  indicatorDefs: () => call<IndicatorDef[]>("indicator_defs"),
  saveIndicatorDefs: (defs: IndicatorDef[]) => call<IndicatorDef[]>("save_indicator_defs", { defs }),
  defaultIndicatorDefs: () => call<IndicatorDef[]>("default_indicator_defs"),
  reportArchive: () => call<ArchiveEntry[]>("report_archive"),
  archivedReport: (id: number) => call<ReportContent>("archived_report", { id }),
  reopenReport: (id: number, format: ReportFormat) => call<string>("reopen_report", { id, format }),
  exportJournal: (query: JournalQuery, format: JournalFormat, unmasked: boolean) =>
    call<JournalExported>("export_journal", { query, format, unmasked }),
  roadMap: () => call<RoadMapRow[]>("road_map"),
  saveRoadMap: (draft: RoadMapDraft) => call<number>("save_road_map", { draft }),
  roadMapHistory: (id: number) => call<AuditEntry[]>("road_map_history", { id }),
  exportRoadMap: (format: PrintFormat) => call<string>("export_road_map", { format }),
  paperOptions: (id: number) => call<PaperOption[]>("paper_options", { id }),
  changes: (query: ChangeQuery) => call<ChangePage>("changes", { query }),
  exportPaper: (id: number, kind: PaperKind, format: PrintFormat) => call<string>("export_paper", { id, kind, format }),
  /** Without dates: from the start of this quarter to today. */
  rating: (from: string | null, to: string | null, by: GroupBy) => call<Rating>("rating", { from, to, by }),
  saveRatingSettings: (settings: RatingSettings) =>
    call<RatingSettings>("save_rating_settings", { settings }),
};
