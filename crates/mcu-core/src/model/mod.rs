//! The domain model: closed vocabularies, reference data, the appeal, its
//! card and the journal.

pub mod actor;
pub mod appeal;
pub mod archive;
pub mod card;
pub mod enums;
pub mod journal;
pub mod reference;

pub use actor::Actor;
pub use appeal::*;
pub use archive::ArchiveEntry;
pub use card::*;
pub use enums::*;
pub use journal::*;
pub use reference::*;
