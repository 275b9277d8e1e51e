//! `mcu import` and `mcu mapping`: file imports through the mcu-import crate.
//! Exit codes: 0 every row imported or present, 3 some rows rejected (the
//! rejects file is written), 2 the file or mapping could not be used
//! (nothing changed).

use std::io::{IsTerminal, Write};
use std::path::Path;

use mcu_core::Actor;
use mcu_import::{ImportOptions, Mapping, PRESETS};

use crate::table::{cut, render};
use crate::{Context, Failure, Format};

/// The mapping used when none is given.
pub const DEFAULT_MAPPING: &str = "excel-register";

pub fn import(
    ctx: &Context,
    file: &Path,
    mapping: Option<&str>,
    dry_run: bool,
    format: Format,
) -> Result<(), Failure> {
    let mapping = mcu_import::load_mapping(&ctx.office, mapping.unwrap_or(DEFAULT_MAPPING))?;
    let show_progress = format == Format::Table && std::io::stderr().is_terminal();
    let progress = |p: mcu_import::Progress| {
        if show_progress {
            let pct = (p.position * 100).checked_div(p.total).unwrap_or(100);
            eprint!("\rПрочитано строк: {} ({pct} %)", p.rows);
        }
    };
    let summary = mcu_import::import_file(
        &ctx.office,
        file,
        &ImportOptions {
            mapping: &mapping,
            actor: Actor {
                operator: &ctx.operator,
                at: ctx.now,
            },
            dry_run,
            rejects_path: None,
            progress: Some(&progress),
            cancel: None,
        },
    )?;
    if show_progress {
        eprintln!();
    }
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&summary).expect("summary serialises")
        ),
        _ => {
            let s = &summary;
            if s.dry_run {
                println!("Пробный запуск: база данных не изменена.");
            }
            println!("Файл: {}", s.file);
            println!("Сопоставление: {}", s.mapping);
            println!("Строк в файле: {}", s.rows);
            println!("Импортировано: {}", s.imported);
            println!("Обновлено: {}", s.updated);
            println!("Уже были в базе: {}", s.present);
            println!("Отклонено: {}", s.rejected);
            if s.empty > 0 {
                println!("Пустых строк: {}", s.empty);
            }
            if let Some(b) = s.batch_id {
                println!("Пакет импорта: № {b}");
            }
            let list = |title: &str, m: &std::collections::BTreeMap<String, u64>| {
                if !m.is_empty() {
                    println!("\n{title}");
                    let rows: Vec<Vec<String>> = m
                        .iter()
                        .map(|(k, v)| vec![k.clone(), v.to_string()])
                        .collect();
                    println!("{}", render(&["", "обращений"], &rows));
                }
            };
            list("По каналам:", &s.by_channel);
            list("По блокам:", &s.by_block);
            if !s.updates.is_empty() {
                println!("\nИзменения:");
                let rows: Vec<Vec<String>> = s
                    .updates
                    .iter()
                    .take(50)
                    .flat_map(|u| {
                        u.changes.iter().map(|c| {
                            vec![
                                u.row.to_string(),
                                u.number.clone(),
                                c.field.clone(),
                                cut(&c.old, 40),
                                cut(&c.new, 40),
                            ]
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    render(&["строка", "№", "поле", "было", "стало"], &rows)
                );
            }
            if !s.rejects.is_empty() {
                println!("\nОтклонённые строки:");
                let rows: Vec<Vec<String>> = s
                    .rejects
                    .iter()
                    .take(50)
                    .map(|r| vec![r.row.to_string(), cut(&r.reason, 120)])
                    .collect();
                println!("{}", render(&["строка", "причина"], &rows));
                if let Some(f) = &s.rejects_file {
                    println!(
                        "\nВсе отклонённые строки с причинами: {} — исправьте и импортируйте этот файл снова.",
                        f.display()
                    );
                }
            }
        }
    }
    // The summary is out; the search index of the new appeals is built before
    // the command ends, so that the next start does not begin with it.
    let _ = std::io::stdout().flush();
    ctx.office.db().index_backlog()?;
    if summary.rejected > 0 {
        // Not a failure of the command: the rows are accounted for, the file says why.
        return Err(Failure {
            code: 3,
            message: String::new(),
        });
    }
    Ok(())
}

pub fn mapping_list(ctx: &Context, format: Format) -> Result<(), Failure> {
    let list = mcu_import::list_mappings(&ctx.office)?;
    match format {
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&list).expect("list serialises")
        ),
        _ => {
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|m| {
                    vec![
                        m.name.clone(),
                        if m.preset {
                            "встроенное"
                        } else {
                            "сохранённое"
                        }
                        .to_owned(),
                        m.title.clone(),
                    ]
                })
                .collect();
            println!("{}", render(&["имя", "вид", "название"], &rows));
        }
    }
    Ok(())
}

pub fn mapping_show(ctx: &Context, name: &str) -> Result<(), Failure> {
    if let Some((_, text)) = PRESETS.iter().find(|(n, _)| *n == name) {
        print!("{text}");
        return Ok(());
    }
    let m = mcu_import::load_mapping(&ctx.office, name)?;
    print!("{}", m.to_toml());
    Ok(())
}

pub fn mapping_save(ctx: &Context, file: &Path) -> Result<(), Failure> {
    let m = Mapping::from_file(file)?;
    mcu_import::save_mapping(
        &ctx.office,
        &m,
        &Actor {
            operator: &ctx.operator,
            at: ctx.now,
        },
    )?;
    println!("Сопоставление «{}» сохранено.", m.name);
    Ok(())
}
