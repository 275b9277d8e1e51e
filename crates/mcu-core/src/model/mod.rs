//! The domain model: closed vocabularies, reference data, the appeal, its
//! card and the journal.

pub mod appeal;
pub mod card;
pub mod enums;
pub mod journal;
pub mod reference;

pub use appeal::*;
pub use card::*;
pub use enums::*;
pub use journal::*;
pub use reference::*;
