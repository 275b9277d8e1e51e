//! IPC commands. Each one delegates to the core; errors cross as
//! `{ code, message, fields }` (see `mcu_core::PublicError`).

pub mod analytics;
pub mod appeals;
pub mod backup;
pub mod control;
pub mod import;
pub mod rating;
pub mod reference;
pub mod reports;
pub mod roadmap;
pub mod session;

pub type IpcResult<T> = Result<T, mcu_core::PublicError>;
