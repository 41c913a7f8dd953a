//! The share and search preview of `herald serve`: how the page being edited would look as a
//! Google result and as a link shared on X, Facebook, LinkedIn, Slack or Discord, WhatsApp and
//! iMessage, drawn from the tags the page really emits.

pub mod cut;
pub mod metrics;
