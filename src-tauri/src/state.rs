//! What the window shares between commands: the open office (or why it could
//! not be opened), the operator on duty and the clock.

use std::path::PathBuf;
use std::sync::{Mutex, RwLock, RwLockReadGuard};
use std::time::Instant;

use chrono::NaiveDateTime;
use mcu_core::Actor;
use mcu_core::{CoreError, Office, PublicError};

/// The app's clock: the local time, or `MCU_NOW` advancing in real time (for
/// demonstrations and tests that need a known date).
pub struct Clock {
    base: Option<NaiveDateTime>,
    started: Instant,
}

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        match self.base {
            Some(b) => b + chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default(),
            None => chrono::Local::now().naive_local(),
        }
    }
}

pub struct AppState {
    /// Behind a lock only so that a restore from a backup copy can close the
    /// database and open the restored one; everything else reads it.
    office: RwLock<Result<Office, PublicError>>,
    pub db_path: PathBuf,
    pub operator: Mutex<Option<String>>,
    pub clock: Clock,
    /// Set by «Отменить» during an import; the import rolls back.
    pub import_cancel: std::sync::atomic::AtomicBool,
}

fn db_arg(args: &[String]) -> Option<PathBuf> {
    args.iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--db=").map(PathBuf::from))
        })
}

/// The open office, read-locked while a command uses it.
pub struct OfficeRef<'a>(RwLockReadGuard<'a, Result<Office, PublicError>>);

impl std::ops::Deref for OfficeRef<'_> {
    type Target = Office;
    fn deref(&self) -> &Office {
        match &*self.0 {
            Ok(office) => office,
            // `AppState::office` hands out only guards over an open office.
            Err(_) => unreachable!("an OfficeRef is made over an open office"),
        }
    }
}

impl AppState {
    pub fn from_env(args: Vec<String>) -> AppState {
        let started = Instant::now();
        let env_now = std::env::var("MCU_NOW").ok();
        let base = mcu_core::env::now_from_env(env_now.clone(), chrono::Local::now().naive_local())
            .ok()
            .filter(|_| env_now.is_some());
        let clock = Clock { base, started };
        let db_path = db_arg(&args).unwrap_or_else(|| {
            mcu_core::env::default_db_path(
                std::env::var_os("MCU_DB").map(PathBuf::from),
                dirs::data_dir(),
            )
        });
        let office = Office::open(&db_path, clock.now())
            .map(|(o, _)| o)
            .map_err(|e| {
                eprintln!("Не удалось открыть базу данных {}: {e}", db_path.display());
                PublicError::from(e)
            });
        let operator = office
            .as_ref()
            .ok()
            .and_then(|o| o.operator().ok().flatten());
        AppState {
            office: RwLock::new(office),
            db_path,
            operator: Mutex::new(operator),
            clock,
            import_cancel: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn office(&self) -> Result<OfficeRef<'_>, PublicError> {
        let guard = self.office.read().unwrap_or_else(|p| p.into_inner());
        match &*guard {
            Ok(_) => Ok(OfficeRef(guard)),
            Err(e) => Err(e.clone()),
        }
    }

    /// Why the database could not be opened, if it could not.
    pub fn open_error(&self) -> Option<PublicError> {
        let guard = self.office.read().unwrap_or_else(|p| p.into_inner());
        guard.as_ref().err().cloned()
    }

    /// Closes the database, puts the backup copy `from` in its place and
    /// opens it again (the unchanged one when the copy is refused). Waits for
    /// running commands (an import) to finish first.
    pub fn restore(&self, from: &std::path::Path) -> Result<Option<PathBuf>, PublicError> {
        let mut slot = self.office.write().unwrap_or_else(|p| p.into_inner());
        let current = std::mem::replace(
            &mut *slot,
            Err(CoreError::Conflict("База данных восстанавливается из копии.".into()).into()),
        )?;
        let now = self.clock.now();
        let (restored, reopened) = current.restore(from, now);
        *slot = reopened.map_err(PublicError::from);
        Ok(restored?)
    }

    /// The operator for a write; every change is attributed to them.
    pub fn operator(&self) -> Result<String, PublicError> {
        self.operator
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| {
                PublicError::field(
                    "operator",
                    "Укажите, кто дежурит: без этого изменения не сохраняются.",
                )
            })
    }

    /// Runs a write on behalf of the operator on duty, now.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Office, &Actor<'_>) -> Result<T, CoreError>,
    ) -> Result<T, PublicError> {
        let office = self.office()?;
        let operator = self.operator()?;
        let actor = Actor {
            operator: &operator,
            at: self.clock.now(),
        };
        Ok(f(&office, &actor)?)
    }

    pub fn read<T>(
        &self,
        f: impl FnOnce(&Office, NaiveDateTime) -> Result<T, CoreError>,
    ) -> Result<T, PublicError> {
        Ok(f(&*self.office()?, self.clock.now())?)
    }
}
