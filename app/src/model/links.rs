//! What the matter page offers those who may edit a matter's links.

use super::Choice;
use serde::{Deserialize, Serialize};

/// The choices of the forms that link a matter to other matters, legal
/// theories and provisions (those already linked are left out of the last two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LinkChoices {
    /// Other matters the editor may see, by slug.
    pub matters: Vec<Choice>,
    /// Legal theories, by slug.
    pub theories: Vec<Choice>,
    /// Provisions, by slug.
    pub provisions: Vec<Choice>,
}
