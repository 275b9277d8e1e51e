//! `mcu`: the duty office's operations without a window, on the same core as
//! the desktop app. Exit codes: 0 success, 2 bad input (every field error is
//! printed), 1 any other failure; `mcu import` exits 3 when rows were rejected.

mod analytics;
mod appeals;
mod backup;
mod bench;
mod control;
mod import;
mod office;
mod report;
mod roadmap;
mod table;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mcu_core::analytics::heatmap::{ColDim, RowDim};
use mcu_core::model::{AppealKind, PaperKind, Status, Theme};
use mcu_core::timeliness::GroupBy;
use mcu_core::{CoreError, ErrorCode, Office, PublicError};
use mcu_import::ImportError;
use mcu_reports::ReportError;
use mcu_reports::archive::ReportFormat;
use mcu_reports::charts::ChartFileFormat;
use mcu_reports::journal::JournalFormat;
use mcu_reports::{DocFormat, PrintFormat};

#[derive(Parser)]
#[command(
    name = "mcu",
    version,
    about = "МЦУ·Дежурный: журнал обращений и сообщений без окна"
)]
struct Cli {
    /// Файл базы данных (по умолчанию MCU_DB или папка данных пользователя).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Кто выполняет действие (записывается в историю изменений).
    #[arg(long, global = true, value_name = "ФИО")]
    operator: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

/// What `mcu bench` measures.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum BenchCase {
    /// Всё.
    All,
    /// Журнал, поиск, сохранение.
    Core,
    /// Импорт файлов.
    Import,
}

#[derive(Subcommand)]
enum Command {
    /// Создать или обновить базу данных и заполнить справочники (повторный запуск безопасен).
    Init,
    /// Добавить синтетические обращения для знакомства с программой и замеров.
    Demo {
        #[arg(long)]
        appeals: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Зарегистрировать обращение из JSON (файл или - для стандартного ввода).
    Add {
        #[arg(long, value_name = "FILE|-")]
        json: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Журнал обращений.
    List {
        #[arg(long)]
        search: Option<String>,
        /// Статус.
        #[arg(long, value_enum, ignore_case = true)]
        status: Option<Status>,
        #[arg(long)]
        overdue: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Карточка обращения с историей изменений.
    Show {
        number: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Документ по обращению: карточка (РКК) или уведомление заявителю.
    Paper {
        number: String,
        /// card — регистрационно-контрольная карточка, redirect — уведомление о
        /// переадресации, extension — уведомление о продлении срока, answer — ответ
        /// заявителю (записанный или бланк для исполнителя).
        #[arg(long, value_enum, ignore_case = true, default_value_t = PaperKind::Card)]
        kind: PaperKind,
        #[arg(long, value_enum, ignore_case = true, default_value_t = DocFormat::Pdf)]
        format: DocFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Экран контроля сроков на момент времени.
    Control {
        /// Момент YYYY-MM-DDTHH:MM (по умолчанию — сейчас).
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Уведомления, которые были бы показаны сейчас (без отправки и без отметки).
    Notify {
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        at: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Сводка за сутки для передачи смены: pdf, docx или txt.
    Handover {
        /// День YYYY-MM-DD (по умолчанию — сегодня).
        #[arg(long)]
        date: Option<String>,
        #[arg(long, value_enum, ignore_case = true)]
        format: DocFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Отчёты: аналитическая записка за неделю, показатели, архив отчётов.
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// Выгрузки: журнал обращений в XLSX или CSV.
    Export {
        #[command(subcommand)]
        export: ExportCommand,
    },
    /// Замеры скорости ядра (журнал, поиск, сохранение) на базе заданного размера.
    Bench {
        /// Сколько обращений должно быть в базе (недостающие добавляются демо-данными).
        #[arg(long, default_value_t = 100_000)]
        appeals: usize,
        #[arg(long, default_value_t = 30)]
        runs: usize,
        /// Что замерять.
        #[arg(long, value_enum, ignore_case = true, default_value_t = BenchCase::All)]
        case: BenchCase,
        /// Строк в файлах для замера импорта (CSV и XLSX).
        #[arg(long, default_value_t = 100_000)]
        import_rows: usize,
    },
    /// Импорт обращений из CSV, XLSX, XLS или ODS по сопоставлению столбцов.
    Import {
        file: PathBuf,
        /// Имя сопоставления (mcu mapping list) или путь к файлу .toml/.json;
        /// по умолчанию excel-register.
        #[arg(long, value_name = "NAME|PATH")]
        mapping: Option<String>,
        /// Проверить и показать сводку, ничего не сохраняя.
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Сопоставления столбцов для импорта.
    Mapping {
        #[command(subcommand)]
        command: MappingCommand,
    },
    /// Резервные копии базы: сделать, показать, восстановить.
    Backup {
        #[command(subcommand)]
        command: BackupCommand,
    },
    /// Журнал изменений: кто, когда и что менял, новые сверху (по 100).
    Changes {
        /// С даты (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// По дату (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Только этот дежурный (как вошёл в программу).
        #[arg(long = "who", value_name = "ФИО")]
        who: Option<String>,
        /// Изменения раньше этой записи (следующая страница).
        #[arg(long)]
        before: Option<i64>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Сведения об организации: наименования, муниципальное образование, население, подписывающий письма.
    Office {
        #[command(subcommand)]
        command: OfficeCommand,
    },
    /// Дорожные карты: мероприятия по устранению причин обращений.
    Roadmap {
        #[command(subcommand)]
        command: RoadmapCommand,
    },
    /// Тепловая карта: строки × столбцы за период в CSV, SVG или PNG.
    Heatmap {
        /// Строки: тема, социально значимая тема, отраслевой блок или раздел ТОТК.
        #[arg(long, value_enum, ignore_case = true, default_value_t = RowDim::Topic)]
        rows: RowDim,
        /// Столбцы: населённый пункт, неделя, месяц или отраслевой блок.
        #[arg(long, value_enum, ignore_case = true, default_value_t = ColDim::Settlement)]
        cols: ColDim,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// На 1000 жителей (по численности населённых пунктов или района).
        #[arg(long = "per-1000")]
        per_1000: bool,
        /// Только канал (код канала, например pos).
        #[arg(long)]
        channel: Option<String>,
        /// Только вид обращения.
        #[arg(long, value_enum, ignore_case = true)]
        kind: Option<AppealKind>,
        /// Только социально значимая тема.
        #[arg(long, value_enum, ignore_case = true)]
        theme: Option<Theme>,
        /// Цифры (csv) или рисунок (svg, png).
        #[arg(long, value_enum, ignore_case = true, default_value_t = ChartFileFormat::Csv)]
        format: ChartFileFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Точки роста недели: ячейки тема × населённый пункт, заметно выросшие против своей базы.
    Trends {
        /// Неделя YYYY-Www (по умолчанию — текущая).
        #[arg(long)]
        week: Option<String>,
        /// Сколько предыдущих недель составляют базу.
        #[arg(long, default_value_t = 8)]
        baseline_weeks: u32,
        /// Наименьшее число вопросов в ячейке за неделю.
        #[arg(long, default_value_t = 3)]
        min_count: u32,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Рейтинг ответственных получателей: сроки, принятые меры, удовлетворённость заявителей.
    Rating {
        /// Зарегистрированы с YYYY-MM-DD (по умолчанию — с начала квартала).
        #[arg(long)]
        from: Option<String>,
        /// по YYYY-MM-DD (по умолчанию — сегодня).
        #[arg(long)]
        to: Option<String>,
        /// Ответственные (person) или отраслевые блоки (block).
        #[arg(long, value_enum, ignore_case = true, default_value_t = GroupBy::Person)]
        by: GroupBy,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Срок по правилу по умолчанию для вида обращения.
    Deadline {
        /// Вид обращения.
        #[arg(long, value_enum, ignore_case = true)]
        kind: AppealKind,
        /// Дата регистрации YYYY-MM-DD[THH:MM].
        #[arg(long)]
        registered: String,
    },
}

#[derive(Subcommand)]
enum BackupCommand {
    /// Сделать копию сейчас (проверенную, со всеми сохранёнными изменениями).
    Create {
        /// Папка (по умолчанию — выбранная в программе или «Документы/МЦУ-Дежурный/Резервные копии»).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Копии в папке, новые первыми.
    List {
        #[arg(long)]
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Заменить базу копией (прежняя база сохраняется рядом); окно программы должно быть закрыто.
    Restore { file: PathBuf },
}

#[derive(Subcommand)]
enum RoadmapCommand {
    /// Мероприятия: сначала невыполненные по сроку; с числом обращений до начала и после.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Добавить мероприятие из JSON (файл или -); с полями id и version — изменить.
    Save {
        #[arg(long, value_name = "FILE|-")]
        json: String,
    },
    /// План («дорожная карта») документом: pdf или docx.
    Export {
        #[arg(long, value_enum, ignore_case = true)]
        format: PrintFormat,
        #[arg(short = 'o', long)]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum OfficeCommand {
    /// Показать сведения.
    Show {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Изменить поля из JSON (файл или -): name, short_name, district, population,
    /// signer_position, signer_name; не указанные поля не меняются.
    Set {
        #[arg(long, value_name = "FILE|-")]
        json: String,
    },
}

#[derive(Subcommand)]
enum MappingCommand {
    /// Встроенные и сохранённые сопоставления.
    List {
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Текст сопоставления (TOML).
    Show { name: String },
    /// Сохранить сопоставление из файла .toml/.json под его именем.
    Save { file: PathBuf },
}

#[derive(Subcommand)]
enum ReportCommand {
    /// Еженедельная аналитическая записка (сохраняется в архиве отчётов).
    Weekly {
        /// Неделя ISO YYYY-Www (по умолчанию — последняя полная неделя).
        #[arg(long)]
        week: Option<String>,
        #[arg(long, value_enum, ignore_case = true)]
        format: DocFormat,
        /// Файл с текстом краткого вывода вместо составленного автоматически.
        #[arg(long, value_name = "FILE")]
        summary_file: Option<PathBuf>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Показатели работы МЦУ за квартал или год (сохраняются в архиве отчётов).
    Indicators {
        /// Квартал YYYY-Qn (по умолчанию — последний полный квартал).
        #[arg(long)]
        quarter: Option<String>,
        /// Год YYYY.
        #[arg(long)]
        year: Option<String>,
        #[arg(long, value_enum, ignore_case = true)]
        format: ReportFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Перечень показателей: вывести (JSON), сохранить свой из файла JSON или вернуть встроенный.
    IndicatorList {
        /// Файл JSON с перечнем (в том виде, в каком его выводит эта команда).
        #[arg(long, value_name = "FILE", conflicts_with = "reset")]
        save: Option<PathBuf>,
        /// Вернуть встроенный перечень «по умолчанию».
        #[arg(long)]
        reset: bool,
    },
    /// Список отчётов в архиве.
    Archive,
    /// Выгрузить отчёт из архива заново — в точности как он был сформирован.
    Reopen {
        id: i64,
        #[arg(long, value_enum, ignore_case = true)]
        format: ReportFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Журнал обращений за период; персональные данные скрыты, если не указано --unmasked.
    Journal {
        /// Дата регистрации с (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Дата регистрации по (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// Не скрывать персональные данные (ФИО, телефон, e-mail, адрес).
        #[arg(long)]
        unmasked: bool,
        /// xlsx или csv (таблица), pdf или docx (реестр для печати, до 2 000 обращений).
        #[arg(long, value_enum, ignore_case = true)]
        format: JournalFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

/// A failure with the exit code it maps to.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// Writing to standard output failed. A reader that stopped early (`| head`)
    /// ends the command quietly with the shell's code for SIGPIPE.
    fn output(e: std::io::Error) -> Failure {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Failure {
                code: 141,
                message: String::new(),
            };
        }
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }

    /// [`Failure::output`] for the CSV writer, whose error wraps the I/O one.
    fn csv_output(e: csv::Error) -> Failure {
        if let csv::ErrorKind::Io(io) = e.kind()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return Failure::output(std::io::ErrorKind::BrokenPipe.into());
        }
        Failure {
            code: 1,
            message: e.to_string(),
        }
    }
}

/// The exit code of a public error: 2 when the input is at fault (a field,
/// a number that does not exist, an action the status does not allow, a file
/// that cannot be read), 1 otherwise. Every code is decided here.
fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::Validation
        | ErrorCode::NotFound
        | ErrorCode::Transition
        | ErrorCode::BadFile => 2,
        ErrorCode::Conflict
        | ErrorCode::DbTooNew
        | ErrorCode::Storage
        | ErrorCode::Io
        | ErrorCode::Render
        | ErrorCode::Cancelled => 1,
    }
}

/// Field errors are printed as `field: message`, one a line.
impl From<PublicError> for Failure {
    fn from(public: PublicError) -> Self {
        let message = if public.fields.is_empty() {
            public.message
        } else {
            public
                .fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        Failure {
            code: exit_code(public.code),
            message,
        }
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        PublicError::from(e).into()
    }
}

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Self {
        PublicError::from(e).into()
    }
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Self {
        PublicError::from(e).into()
    }
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

pub struct Context {
    pub office: Office,
    pub now: chrono::NaiveDateTime,
    pub operator: String,
}

impl Context {
    /// The operator of this command, acting now.
    pub fn actor(&self) -> mcu_core::Actor<'_> {
        mcu_core::Actor {
            operator: &self.operator,
            at: self.now,
        }
    }
}

/// A JSON document from a file, or from standard input for `-`.
pub fn read_json(source: &str) -> Result<serde_json::Value, Failure> {
    use std::io::Read;
    let mut raw = String::new();
    if source == "-" {
        std::io::stdin()
            .read_to_string(&mut raw)
            .map_err(|e| Failure::input(format!("Не удалось прочитать стандартный ввод: {e}")))?;
    } else {
        raw = std::fs::read_to_string(source)
            .map_err(|e| Failure::input(format!("Не удалось прочитать {source}: {e}")))?;
    }
    serde_json::from_str(&raw)
        .map_err(|e| Failure::input(format!("Файл не является корректным JSON: {e}")))
}

fn open(cli: &Cli) -> Result<(Context, mcu_core::OpenReport), Failure> {
    let now = mcu_core::env::now_from_env(
        std::env::var("MCU_NOW").ok(),
        chrono::Local::now().naive_local(),
    )?;
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => mcu_core::env::default_db_path(
            std::env::var_os("MCU_DB").map(PathBuf::from),
            dirs::data_dir(),
        ),
    };
    let (office, report) = Office::open(&path, now)?;
    let operator = match &cli.operator {
        Some(o) => o.clone(),
        None => office
            .operator()?
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "mcu".to_owned()),
    };
    Ok((
        Context {
            office,
            now,
            operator,
        },
        report,
    ))
}

fn run(cli: Cli) -> Result<(), Failure> {
    if let Command::Deadline { kind, registered } = &cli.command {
        // Needs no database: the default rule on the built-in calendar.
        return appeals::deadline(*kind, registered);
    }
    let (ctx, report) = open(&cli)?;
    match cli.command {
        Command::Init => {
            let path = ctx.office.db().path().display();
            match (report.created, report.migrated_from) {
                (true, _) => println!("Создана база данных {path}, справочники заполнены."),
                (false, Some(v)) => println!(
                    "База данных {path} обновлена с версии {v}; копия до обновления: {}.",
                    report
                        .backup
                        .map(|b| b.display().to_string())
                        .unwrap_or_default()
                ),
                _ => println!("База данных {path} в актуальном состоянии."),
            }
            Ok(())
        }
        Command::Demo { appeals: n, seed } => appeals::demo(&ctx, n, seed),
        Command::Add { json, format } => appeals::add(&ctx, &json, format),
        Command::List {
            search,
            status,
            overdue,
            limit,
            format,
        } => appeals::list(&ctx, search, status, overdue, limit, format),
        Command::Show { number, format } => appeals::show(&ctx, &number, format),
        Command::Paper {
            number,
            kind,
            format,
            output,
        } => appeals::paper(&ctx, &number, kind, format, &output),
        Command::Control { at, format } => control::control(&ctx, at.as_deref(), format),
        Command::Notify {
            dry_run,
            at,
            format,
        } => control::notify(&ctx, dry_run, at.as_deref(), format),
        Command::Handover {
            date,
            format,
            output,
        } => control::handover(&ctx, date.as_deref(), format, &output),
        Command::Bench {
            appeals: n,
            runs,
            case,
            import_rows,
        } => {
            bench::run(
                &ctx.office,
                ctx.now,
                n,
                runs.max(1),
                case != BenchCase::Import,
            )?;
            if case != BenchCase::Core {
                mcu_import::bench::run(&ctx.office, ctx.now, import_rows.max(1)).map_err(|m| {
                    Failure {
                        code: 1,
                        message: m,
                    }
                })?;
            }
            Ok(())
        }
        Command::Import {
            file,
            mapping,
            dry_run,
            format,
        } => import::import(&ctx, &file, mapping.as_deref(), dry_run, format),
        Command::Backup { command } => match command {
            BackupCommand::Create { dir } => backup::create(&ctx, dir),
            BackupCommand::List { dir, format } => backup::list(&ctx, dir, format),
            BackupCommand::Restore { file } => backup::restore(ctx, &file),
        },
        Command::Changes {
            from,
            to,
            who,
            before,
            format,
        } => {
            let (from, to) = mcu_core::period::period(from.as_deref(), to.as_deref())?;
            let query = mcu_core::changes::ChangeQuery {
                from,
                to,
                operator: who.unwrap_or_default(),
                before,
            };
            office::changes(&ctx, query, format)
        }
        Command::Office { command } => match command {
            OfficeCommand::Show { format } => office::show(&ctx, format),
            OfficeCommand::Set { json } => office::set(&ctx, &json),
        },
        Command::Roadmap { command } => match command {
            RoadmapCommand::List { format } => roadmap::list(&ctx, format),
            RoadmapCommand::Save { json } => roadmap::save(&ctx, &json),
            RoadmapCommand::Export { format, output } => roadmap::export(&ctx, format, &output),
        },
        Command::Mapping { command } => match command {
            MappingCommand::List { format } => import::mapping_list(&ctx, format),
            MappingCommand::Show { name } => import::mapping_show(&ctx, &name),
            MappingCommand::Save { file } => import::mapping_save(&ctx, &file),
        },
        Command::Heatmap {
            rows,
            cols,
            from,
            to,
            per_1000,
            channel,
            kind,
            theme,
            format,
            output,
        } => analytics::heatmap(
            &ctx,
            &analytics::HeatmapArgs {
                rows,
                cols,
                from: from.as_deref(),
                to: to.as_deref(),
                per_1000,
                channel,
                kind,
                theme,
                format,
                output: output.as_deref(),
            },
        ),
        Command::Trends {
            week,
            baseline_weeks,
            min_count,
            format,
        } => analytics::trends(
            &ctx,
            week.as_deref(),
            mcu_core::analytics::trends::TrendParams {
                baseline_weeks,
                min_count,
                ..Default::default()
            },
            format,
        ),
        Command::Rating {
            from,
            to,
            by,
            format,
        } => analytics::rating(&ctx, from.as_deref(), to.as_deref(), by, format),
        Command::Report { report } => match report {
            ReportCommand::Weekly {
                week,
                format,
                summary_file,
                output,
            } => report::weekly(
                &ctx,
                week.as_deref(),
                format,
                summary_file.as_deref(),
                &output,
            ),
            ReportCommand::Indicators {
                quarter,
                year,
                format,
                output,
            } => report::indicators(&ctx, quarter.as_deref(), year.as_deref(), format, &output),
            ReportCommand::IndicatorList { save, reset } => {
                report::indicator_list(&ctx, save.as_deref(), reset)
            }
            ReportCommand::Archive => report::archive(&ctx),
            ReportCommand::Reopen { id, format, output } => {
                report::reopen(&ctx, id, format, &output)
            }
        },
        Command::Export {
            export:
                ExportCommand::Journal {
                    from,
                    to,
                    unmasked,
                    format,
                    output,
                },
        } => report::journal(
            &ctx,
            from.as_deref(),
            to.as_deref(),
            unmasked,
            format,
            &output,
        ),
        Command::Deadline { .. } => unreachable!("handled above"),
    }
}

/// `mcu list | head` closes the pipe before the output ends; Rust's `print!`
/// then panics. Finish quietly with the shell's code for SIGPIPE instead, as
/// other command-line tools do (the database has nothing pending: commands
/// print after their transaction).
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default(info);
    }));
}

/// The arguments, or clap's refusal. A value outside a closed list is told
/// in Russian, in the shape of every field error (`cols: …`, exit code 2);
/// clap's other messages (a missing argument, `--help`) are its own.
fn parse_args() -> Result<Cli, Failure> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let e = match Cli::try_parse() {
        Ok(cli) => return Ok(cli),
        Err(e) => e,
    };
    if e.kind() != ErrorKind::InvalidValue {
        e.exit();
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        _ => None,
    };
    let valid = match e.get(ContextKind::ValidValue) {
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => e.exit(),
    };
    let (Some(arg), Some(value)) = (
        text(ContextKind::InvalidArg),
        text(ContextKind::InvalidValue),
    ) else {
        e.exit()
    };
    Err(Failure::input(invalid_value(&arg, &value, &valid)))
}

/// `cols: неизвестное значение «district»; допустимы settlement, week, month, block`;
/// `arg` as clap names it (`--cols <COLS>`).
fn invalid_value(arg: &str, value: &str, valid: &[String]) -> String {
    let name = arg.trim_start_matches('-');
    let name = name.split([' ', '=']).next().unwrap_or(name);
    format!(
        "{name}: неизвестное значение «{value}»; допустимы {}",
        valid.join(", ")
    )
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    match parse_args().and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("{}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_its_exit_code() {
        for (code, exit) in [
            (ErrorCode::Validation, 2),
            (ErrorCode::NotFound, 2),
            (ErrorCode::Transition, 2),
            (ErrorCode::BadFile, 2),
            (ErrorCode::Conflict, 1),
            (ErrorCode::DbTooNew, 1),
            (ErrorCode::Storage, 1),
            (ErrorCode::Io, 1),
            (ErrorCode::Render, 1),
            (ErrorCode::Cancelled, 1),
        ] {
            let f = Failure::from(PublicError::new(code, "сообщение"));
            assert_eq!(f.code, exit, "{code:?}");
            assert_eq!(f.message, "сообщение");
        }
    }

    #[test]
    fn field_errors_are_printed_at_their_fields() {
        let one = Failure::from(CoreError::field("to", "Конец периода раньше начала."));
        assert_eq!(
            (one.code, one.message.as_str()),
            (2, "to: Конец периода раньше начала.")
        );
        let two = Failure::from(CoreError::Validation(vec![
            mcu_core::FieldError::new("from", "а"),
            mcu_core::FieldError::new("to", "б"),
        ]));
        assert_eq!(two.message, "from: а\nto: б");
        let mapping = Failure::from(ImportError::Mapping("Нет столбца.".into()));
        assert_eq!(
            (mapping.code, mapping.message.as_str()),
            (2, "mapping: Нет столбца.")
        );
        let cancelled = Failure::from(ImportError::Cancelled);
        assert_eq!(cancelled.code, 1);
        let format = Failure::from(ReportError::Unsupported("только PDF".into()));
        assert_eq!(
            (format.code, format.message.as_str()),
            (2, "format: только PDF")
        );
    }

    #[test]
    fn a_value_outside_the_list_is_told_in_russian() {
        let e = Cli::try_parse_from(["mcu", "heatmap", "--cols", "district"])
            .err()
            .expect("refused");
        assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue);
        let valid: Vec<String> = ["settlement", "week", "month", "block"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            invalid_value("--cols <COLS>", "district", &valid),
            "cols: неизвестное значение «district»; допустимы settlement, week, month, block"
        );
        // The codes people type stay the same.
        for args in [
            &[
                "mcu",
                "heatmap",
                "--kind",
                "59fz",
                "--rows",
                "section",
                "--per-1000",
            ][..],
            &[
                "mcu", "heatmap", "--kind", "im", "--theme", "roads", "--format", "PNG",
            ],
            &[
                "mcu",
                "paper",
                "1",
                "--kind",
                "extension",
                "--format",
                "text",
                "-o",
                "x",
            ],
            &["mcu", "rating", "--by", "block"],
            &["mcu", "list", "--status", "in_progress"],
            &["mcu", "bench", "--case", "import"],
            &["mcu", "export", "journal", "--format", "docx", "-o", "x"],
            &[
                "mcu", "report", "reopen", "1", "--format", "xlsx", "-o", "x",
            ],
            &["mcu", "roadmap", "export", "--format", "pdf", "-o", "x"],
        ] {
            assert!(Cli::try_parse_from(args).is_ok(), "{args:?}");
        }
        for args in [
            &["mcu", "roadmap", "export", "--format", "txt", "-o", "x"][..],
            &["mcu", "report", "weekly", "--format", "xlsx", "-o", "x"],
            &["mcu", "paper", "1", "--kind", "letter", "-o", "x"],
        ] {
            let e = Cli::try_parse_from(args).err().expect("refused");
            assert_eq!(e.kind(), clap::error::ErrorKind::InvalidValue, "{args:?}");
        }
    }
}
