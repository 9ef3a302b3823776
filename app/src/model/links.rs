//! What the matter page offers those who may edit a matter's links.

use super::Choice;
use serde::{Deserialize, Serialize};

/// The choices of the forms that link a matter to other matters, legal
/// theories and provisions (those already linked are left out of the last two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LinkChoices {
    /// Other matters the editor may see, by slug: all of them, or when there
    /// are too many to list (`more_matters`) the most recently updated.
    pub matters: Vec<Choice>,
    /// More matters than `matters` holds: the form asks for the other
    /// matter's slug and offers `matters` as suggestions.
    pub more_matters: bool,
    /// Legal theories, by slug.
    pub theories: Vec<Choice>,
    /// Provisions, by slug.
    pub provisions: Vec<Choice>,
}
