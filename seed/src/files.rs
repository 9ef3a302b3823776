//! The shapes of the seed files (see `seed/data/README.md`). Unknown keys are
//! errors, so a typo in a file does not silently drop data.

use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organizations {
    pub organization: Vec<Organization>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Users {
    pub user: Vec<User>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub username: String,
    pub name: String,
    pub role: String,
    pub email: String,
    pub organization: String,
    pub password: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agencies {
    pub agency: Vec<Agency>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub slug: String,
    pub name: String,
    pub abbreviation: String,
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub foia_contact: String,
    #[serde(default)]
    pub foia_url: String,
    #[serde(default)]
    pub regulations: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provisions {
    pub provision: Vec<Provision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub slug: String,
    pub citation: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub kind: String,
    pub verification: String,
    #[serde(default)]
    pub source_note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theories {
    pub theory: Vec<Theory>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theory {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub description: String,
    #[serde(default)]
    pub provisions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub agency: String,
    pub status: String,
    pub public: bool,
    pub organization: String,
    #[serde(default)]
    pub assigned: Vec<String>,
    #[serde(default)]
    pub agency_tracking_number: String,
    #[serde(default)]
    pub court: String,
    #[serde(default)]
    pub docket_number: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub counsel: String,
    #[serde(default)]
    pub requester: String,
    pub verification: String,
    #[serde(default)]
    pub verification_note: String,
    #[serde(default)]
    pub provisions: Vec<String>,
    #[serde(default)]
    pub event: Vec<Event>,
    #[serde(default)]
    pub theory: Vec<Claim>,
    #[serde(default)]
    pub link: Vec<Link>,
    #[serde(default)]
    pub note: Vec<Note>,
    #[serde(default)]
    pub deadline: Vec<ManualDeadline>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub date: NaiveDate,
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub details: String,
    #[serde(default)]
    pub public: bool,
    pub verification: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub pages_released: i32,
    #[serde(default)]
    pub exemptions: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    pub slug: String,
    pub claim_status: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub to: String,
    pub kind: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub privileged: bool,
    pub author: String,
    pub body: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualDeadline {
    pub title: String,
    pub due: NaiveDate,
    #[serde(default)]
    pub source: String,
    pub verification: String,
    #[serde(default)]
    pub public: bool,
}
