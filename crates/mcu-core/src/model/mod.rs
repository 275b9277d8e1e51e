//! The domain model: closed vocabularies, reference data, the appeal, its
//! card and the journal.

pub mod actor;
pub mod appeal;
pub mod archive;
pub mod card;
pub mod enums;
pub mod fields;
pub mod journal;
pub mod lookup;
pub mod reference;
pub mod roadmap;

pub use actor::Actor;
pub use appeal::*;
pub use archive::ArchiveEntry;
pub use card::*;
pub use enums::*;
pub use journal::*;
pub use lookup::{Lookup, Ref};
pub use reference::*;
pub use roadmap::{NamedItem, RoadMapItem};
