//! culprit: finds why something broke by reading its logs.
//!
//! Data flows one way (DESIGN §1): `source` opens what the user named and cuts it into
//! line-aligned chunks; `engine` runs each chunk through `record` (lines → records), `event`
//! (records → events) and a sink such as `summary` on all cores and merges the results in
//! order; `rank` turns the merged summary into likely causes; `report` renders them.

pub mod app;
pub mod cli;
pub mod diff;
pub mod engine;
pub mod event;
pub mod patterns;
pub mod rank;
pub mod record;
pub mod report;
pub mod source;
pub mod summary;
pub mod templates;
pub mod testgen;
