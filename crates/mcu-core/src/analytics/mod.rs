//! Problem analytics: where complaints concentrate and where they grow.
//!
//! The unit of counting is a question of an appeal (an appeal about roads and
//! lighting counts once under each). Aggregations run over [`facts::Facts`], a
//! compact in-memory copy of the (appeal, question) pairs, rebuilt when the
//! register changes: a heat map over a million appeals is then a few
//! milliseconds of counting instead of a second of SQL grouping.

pub mod dynamics;
pub mod facts;
pub mod heatmap;
pub mod map;
pub mod poisson;
pub mod trends;
pub mod week;
