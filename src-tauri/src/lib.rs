//! The desktop shell of МЦУ·Дежурный: one Tauri window over `mcu-core`.
//! Commands are two-line delegations into the core; this crate only knows
//! about IPC, the window, start-up arguments and the clock.

mod commands;
pub mod notifier;
mod state;

use state::AppState;
use tauri::Manager;

/// Starts the app: `--db PATH` or `MCU_DB` select the database file.
pub fn run() {
    let state = AppState::from_env(std::env::args().collect());
    tauri::Builder::default()
        .manage(state)
        .setup(|app| {
            notifier::start(app.handle().clone());
            commands::backup::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::session,
            commands::session::set_operator,
            commands::session::quit,
            commands::reference::reference,
            commands::reference::topics,
            commands::reference::save_block,
            commands::reference::save_person,
            commands::reference::save_settlement,
            commands::reference::office_profile,
            commands::reference::save_office_profile,
            commands::reference::save_channel,
            commands::reference::save_topic_mapping,
            commands::reference::save_rule,
            commands::reference::retire_rule,
            commands::reference::set_calendar_override,
            commands::reference::set_number_pattern,
            commands::appeals::journal,
            commands::appeals::card,
            commands::appeals::applicant_appeals,
            commands::appeals::register,
            commands::appeals::update,
            commands::appeals::act,
            commands::appeals::deadline_preview,
            commands::appeals::next_number,
            commands::control::control,
            commands::control::timeliness,
            commands::control::handover,
            commands::control::notify_settings,
            commands::control::save_notify_settings,
            commands::control::preview_calendar_override,
            commands::control::export_handover,
            commands::control::print_window,
            commands::analytics::heatmap,
            commands::analytics::settlement_map,
            commands::analytics::trends,
            commands::analytics::dynamics,
            commands::analytics::export_chart,
            commands::analytics::heatmap_cell,
            commands::import::import_mappings,
            commands::import::import_folder_files,
            commands::import::import_preview,
            commands::import::import_run,
            commands::import::import_cancel,
            commands::import::import_file_columns,
            commands::import::mapping_text,
            commands::import::mapping_draft,
            commands::import::mapping_form,
            commands::import::mapping_apply_form,
            commands::import::mapping_save,
            commands::reports::weekly_note,
            commands::reports::export_weekly,
            commands::reports::indicators,
            commands::reports::last_quarter,
            commands::reports::export_indicators,
            commands::reports::indicator_defs,
            commands::reports::save_indicator_defs,
            commands::reports::default_indicator_defs,
            commands::reports::report_archive,
            commands::reports::archived_report,
            commands::reports::reopen_report,
            commands::reports::export_journal,
            commands::reports::paper_options,
            commands::reports::changes,
            commands::reports::export_paper,
            commands::rating::rating,
            commands::rating::save_rating_settings,
            commands::roadmap::road_map,
            commands::roadmap::save_road_map,
            commands::roadmap::road_map_history,
            commands::roadmap::export_road_map,
            commands::backup::backups,
            commands::backup::save_backup_settings,
            commands::backup::make_backup,
            commands::backup::restore_backup,
        ])
        .build(tauri::generate_context!())
        .expect("error while building tauri application")
        .run(|app, event| {
            // The window ends the process without dropping the office: empty
            // the write-ahead log into the database file so that the file
            // alone holds everything (see Db::checkpoint).
            if let tauri::RunEvent::Exit = event
                && let Ok(office) = app.state::<AppState>().office()
                && let Err(e) = office.db().checkpoint()
            {
                eprintln!("checkpoint on exit: {e}");
            }
        });
}
