use super::*;
use crate::Office;
use crate::office::test_office;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn actor(now: NaiveDateTime) -> Actor<'static> {
    Actor {
        operator: "Иванова А.П.",
        at: now,
    }
}

fn appeals(office: &Office) -> i64 {
    office
        .db()
        .read(|c| Ok(c.query_row("SELECT count(*) FROM appeals", [], |r| r.get(0))?))
        .unwrap()
}

/// A copy as the folder listing gives it (for the pure rules).
fn listed(made_at: &str, auto: bool) -> BackupCopy {
    BackupCopy {
        path: String::new(),
        name: file_name(at(made_at), auto),
        made_at: made_at.into(),
        size_bytes: 1,
        auto,
    }
}

fn touch(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), b"x").unwrap();
}

#[test]
fn names_carry_the_moment_and_the_kind_and_other_files_are_not_copies() {
    let t = at("2026-11-29T18:05:12");
    assert_eq!(file_name(t, false), "Копия_2026-11-29_18-05-12.sqlite");
    assert_eq!(file_name(t, true), "Автокопия_2026-11-29_18-05-12.sqlite");
    assert_eq!(parse_name(&file_name(t, true)), Some((t, true)));
    assert_eq!(parse_name(&file_name(t, false)), Some((t, false)));
    for other in [
        "mcu.sqlite",
        "Копия_2026-11-29_18-05-12.sqlite-wal",
        ".Копия_2026-11-29_18-05-12.sqlite.partial",
        "Копия_2026-13-29_18-05-12.sqlite",
        "Копия_вчера.sqlite",
    ] {
        assert_eq!(parse_name(other), None, "{other}");
    }
}

#[test]
fn a_copy_holds_the_last_commit_and_nothing_half_written_is_left() {
    let (dir, office, now) = test_office();
    office.demo(40, 7, &actor(now)).unwrap();
    // Still in the write-ahead log: no checkpoint has run.
    let folder = dir.path().join("копии");
    let made = office.make_backup(&folder, now, false).unwrap();
    assert_eq!(made.appeals, 40);
    assert_eq!(made.copy.name, "Копия_2026-11-27_10-00-00.sqlite");
    assert!(!made.copy.auto);
    assert!(made.copy.size_bytes > 0);
    let checked = check(Path::new(&made.copy.path)).unwrap();
    assert_eq!(checked.appeals, 40);
    assert_eq!(checked.schema, migrations::latest_version());
    let files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, vec![made.copy.name.clone()]);
    assert_eq!(list(&folder).unwrap(), vec![made.copy.clone()]);
    // The same second again is refused, not overwritten.
    let again = office.make_backup(&folder, now, false).unwrap_err();
    assert!(again.to_string().contains("уже есть"), "{again}");
}

#[test]
fn a_damaged_or_foreign_file_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let missing = check(&dir.path().join("нет.sqlite")).unwrap_err();
    assert!(matches!(missing, CoreError::NotFound(_)), "{missing}");
    let text = dir.path().join("Копия_2026-11-29_18-05-12.sqlite");
    std::fs::write(&text, "это не база данных, а текст".repeat(200)).unwrap();
    let Err(CoreError::Validation(e)) = check(&text) else {
        panic!("refused at the field")
    };
    assert_eq!(e[0].field, "file");
    assert!(
        e[0].message
            .contains("не является целой копией базы МЦУ·Дежурный: это не файл базы данных."),
        "{e:?}"
    );
    let other = dir.path().join("чужая.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); PRAGMA user_version = 3;")
        .unwrap();
    let Err(CoreError::Validation(e)) = check(&other) else {
        panic!("refused at the field")
    };
    assert!(e[0].message.contains("нет журнала обращений"), "{e:?}");
}

#[test]
fn a_copy_from_a_newer_program_is_refused() {
    let (dir, office, now) = test_office();
    let made = office.make_backup(dir.path(), now, false).unwrap();
    Connection::open(&made.copy.path)
        .unwrap()
        .pragma_update(None, "user_version", migrations::latest_version() + 1)
        .unwrap();
    let e = check(Path::new(&made.copy.path)).unwrap_err();
    assert!(matches!(e, CoreError::DbTooNew { .. }), "{e}");
}

#[test]
fn pruning_keeps_the_newest_automatic_copies_and_every_copy_made_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for day in 1..=6 {
        touch(d, &file_name(at(&format!("2026-11-0{day}T09:00:00")), true));
    }
    touch(d, &file_name(at("2026-11-01T08:00:00"), false));
    touch(d, &file_name(at("2026-11-09T08:00:00"), false));
    touch(d, "mcu.sqlite");
    let mut gone = prune(d, 3).unwrap();
    gone.sort();
    assert_eq!(
        gone,
        vec![
            "Автокопия_2026-11-01_09-00-00.sqlite",
            "Автокопия_2026-11-02_09-00-00.sqlite",
            "Автокопия_2026-11-03_09-00-00.sqlite",
        ]
    );
    let left: Vec<String> = list(d).unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(
        left,
        vec![
            "Копия_2026-11-09_08-00-00.sqlite",
            "Автокопия_2026-11-06_09-00-00.sqlite",
            "Автокопия_2026-11-05_09-00-00.sqlite",
            "Автокопия_2026-11-04_09-00-00.sqlite",
            "Копия_2026-11-01_08-00-00.sqlite",
        ]
    );
    assert!(d.join("mcu.sqlite").exists());
    assert!(prune(d, 3).unwrap().is_empty());
}

#[test]
fn a_copy_is_due_once_per_period_counted_in_calendar_days() {
    let copy = |s: &str| listed(s, false);
    let daily = BackupSettings::default();
    let now = at("2026-11-29T08:10:00");
    assert!(due(&daily, &[], now));
    // Yesterday late in the evening: the first start today makes today's.
    assert!(due(&daily, &[copy("2026-11-28T23:59:00")], now));
    assert!(!due(&daily, &[copy("2026-11-29T00:01:00")], now));
    // The newest copy counts, made by hand or not.
    assert!(!due(
        &daily,
        &[copy("2026-11-20T10:00:00"), copy("2026-11-29T07:00:00")],
        now
    ));
    let every3 = BackupSettings {
        every_days: 3,
        ..daily.clone()
    };
    assert!(!due(&every3, &[copy("2026-11-27T09:00:00")], now));
    assert!(due(&every3, &[copy("2026-11-26T09:00:00")], now));
    let off = BackupSettings {
        auto: false,
        ..daily
    };
    assert!(!due(&off, &[], now));
}

#[test]
fn an_automatic_copy_is_made_when_due_and_old_ones_are_pruned() {
    let (dir, office, now) = test_office();
    let folder = dir.path().join("копии");
    let a = actor(now);
    office
        .save_backup_settings(
            &BackupSettings {
                keep: 2,
                ..Default::default()
            },
            &a,
        )
        .unwrap();
    for day in 20..=25 {
        touch(
            &folder,
            &file_name(at(&format!("2026-11-{day}T09:00:00")), true),
        );
    }
    let made = office.backup_if_due(&folder, now).unwrap().expect("due");
    assert!(made.copy.auto);
    assert_eq!(made.pruned.len(), 5);
    assert!(
        office
            .backup_if_due(&folder, now + chrono::Duration::hours(3))
            .unwrap()
            .is_none()
    );
    let state = office.backups(&folder, now).unwrap();
    assert!(!state.due);
    assert_eq!(state.copies.len(), 2);
    assert_eq!(state.copies[0].name, made.copy.name);
}

#[test]
fn settings_report_every_field_error_and_a_change_is_audited() {
    let (dir, office, now) = test_office();
    let bad = BackupSettings {
        auto: true,
        every_days: 0,
        keep: 1000,
        folder: "копии".into(),
    };
    let Err(CoreError::Validation(errors)) = office.save_backup_settings(&bad, &actor(now)) else {
        panic!("refused")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["every_days", "keep", "folder"]);
    assert_eq!(office.backup_settings().unwrap(), BackupSettings::default());

    let chosen = dir.path().join("usb");
    let unplugged = BackupSettings {
        folder: chosen.display().to_string(),
        ..Default::default()
    };
    let Err(CoreError::Validation(e)) = office.save_backup_settings(&unplugged, &actor(now)) else {
        panic!("a folder that is not there is refused")
    };
    assert!(e[0].message.contains("недоступна"), "{e:?}");
    std::fs::create_dir(&chosen).unwrap();
    let good = BackupSettings {
        every_days: 2,
        folder: chosen.display().to_string(),
        ..Default::default()
    };
    office.save_backup_settings(&good, &actor(now)).unwrap();
    assert_eq!(office.backup_settings().unwrap(), good);
    assert_eq!(good.folder_or(Path::new("/default")), chosen);
    let audit = office
        .db()
        .read(|c| crate::db::audit::history(c, "settings", 0))
        .unwrap();
    assert!(
        audit.iter().any(|e| e.new_value.contains("usb")),
        "{audit:?}"
    );
}

#[test]
fn restoring_puts_the_copy_back_and_keeps_the_replaced_database() {
    let (dir, office, now) = test_office();
    let a = actor(now);
    office.demo(10, 1, &a).unwrap();
    let made = office
        .make_backup(&dir.path().join("копии"), now, false)
        .unwrap();
    office.demo(5, 2, &a).unwrap();
    assert_eq!(appeals(&office), 15);

    let later = now + chrono::Duration::minutes(5);
    let (restored, reopened) = office.restore(Path::new(&made.copy.path), later);
    let saved = restored.unwrap().expect("the replaced database is kept");
    let office = reopened.unwrap();
    assert_eq!(appeals(&office), 10);
    assert_eq!(
        saved.file_name().unwrap().to_string_lossy(),
        "t.before-restore-20261127100500.sqlite"
    );
    assert_eq!(check(&saved).unwrap().appeals, 15);
    // The restored database works: a new appeal gets registered.
    office.demo(1, 3, &a).unwrap();
    assert_eq!(appeals(&office), 11);

    // A second restore in the same second keeps both replaced databases.
    let (again, reopened) = office.restore(Path::new(&made.copy.path), later);
    let second = again.unwrap().expect("saved");
    assert_eq!(
        second.file_name().unwrap().to_string_lossy(),
        "t.before-restore-20261127100500-2.sqlite"
    );
    assert_eq!(check(&saved).unwrap().appeals, 15);
    assert_eq!(check(&second).unwrap().appeals, 11);
    let office = reopened.unwrap();
    office.demo(1, 4, &a).unwrap();

    // A bad file changes nothing and the office stays open.
    let junk = dir.path().join("Копия_2026-11-27_11-00-00.sqlite");
    std::fs::write(&junk, "мусор".repeat(1000)).unwrap();
    let (refused, same) = office.restore(&junk, later);
    assert!(refused.is_err());
    assert_eq!(appeals(&same.unwrap()), 11);
}

#[test]
fn a_database_open_elsewhere_is_not_replaced() {
    let (dir, office, now) = test_office();
    office.demo(3, 1, &actor(now)).unwrap();
    let made = office.make_backup(dir.path(), now, false).unwrap();
    // A second handle: another window or an `mcu` command on the same file.
    let (other, _) = Office::open(office.db().path(), now).unwrap();
    other.demo(2, 2, &actor(now)).unwrap();
    let (refused, reopened) = office.restore(Path::new(&made.copy.path), now);
    let e = refused.unwrap_err();
    assert!(e.to_string().contains("открыта в другой программе"), "{e}");
    let office = reopened.unwrap();
    assert_eq!(appeals(&office), 5);
    assert_eq!(appeals(&other), 5);
    drop(other);
    let (restored, reopened) = office.restore(Path::new(&made.copy.path), now);
    restored.unwrap();
    assert_eq!(appeals(&reopened.unwrap()), 3);
}

#[test]
fn the_control_screen_is_warned_when_copies_have_stopped() {
    let copy = |s: &str| listed(s, true);
    let on = BackupSettings::default();
    let off = BackupSettings {
        auto: false,
        ..on.clone()
    };
    let now = at("2026-11-29T08:10:00");
    // The first start: the automatic copy is about to be made.
    assert_eq!(warning(&on, &[], now), None);
    assert_eq!(
        warning(&off, &[], now).as_deref(),
        Some("Резервных копий базы нет; автоматические копии выключены.")
    );
    // Daily copies: yesterday's is fine, the day before's means they fail.
    assert_eq!(warning(&on, &[copy("2026-11-28T09:00:00")], now), None);
    assert_eq!(
        warning(&on, &[copy("2026-11-27T09:00:00")], now).as_deref(),
        Some("Последняя резервная копия базы сделана 2 дн. назад.")
    );
    let weekly = BackupSettings {
        every_days: 7,
        ..on
    };
    assert_eq!(warning(&weekly, &[copy("2026-11-22T09:00:00")], now), None);
    assert!(warning(&weekly, &[copy("2026-11-21T09:00:00")], now).is_some());
    // Off: a week of grace.
    assert_eq!(warning(&off, &[copy("2026-11-22T09:00:00")], now), None);
    assert_eq!(
        warning(&off, &[copy("2026-11-21T09:00:00")], now).as_deref(),
        Some("Последняя резервная копия базы сделана 8 дн. назад; автоматические копии выключены.")
    );
}

#[test]
fn a_chosen_folder_that_went_away_is_not_created_again() {
    let (dir, office, now) = test_office();
    let usb = dir.path().join("media").join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let s = BackupSettings {
        folder: usb.display().to_string(),
        ..Default::default()
    };
    office.save_backup_settings(&s, &actor(now)).unwrap();
    office.make_backup(dir.path(), now, false).unwrap();
    // The stick is taken out.
    std::fs::remove_dir_all(&usb).unwrap();
    let later = now + chrono::Duration::days(1);
    let Err(CoreError::Validation(e)) = office.backup_if_due(dir.path(), later) else {
        panic!("refused")
    };
    assert_eq!(e[0].field, "folder");
    assert!(!usb.exists());
    // A folder named by the caller (`mcu backup create --dir`) wins over the chosen one.
    let named = dir.path().join("named");
    let made = office.make_backup_in(&named, later, false).unwrap();
    assert!(made.copy.path.starts_with(&named.display().to_string()));
    assert_eq!(
        office
            .backups_in(&named, dir.path(), later)
            .unwrap()
            .copies
            .len(),
        1
    );
    // The default folder is created when needed.
    office
        .save_backup_settings(&BackupSettings::default(), &actor(now))
        .unwrap();
    let default = dir.path().join("Документы").join("Резервные копии");
    assert!(office.backup_if_due(&default, later).unwrap().is_some());
    assert_eq!(list(&default).unwrap().len(), 1);
}
