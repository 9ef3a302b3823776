//! Reading the seed files and loading them in one transaction.

use crate::{SeedError, files};
use app::{
    domain::vocab::{ClaimStatus, EventKind, LinkKind, MatterKind, MatterStatus, ProvisionKind, Role, Verification},
    error::AppError,
    server::{
        entities::{agency, legal_theory, matter, organization, user},
        services::{deadlines, directory, law, matters},
    },
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait,
};
use serde::de::DeserializeOwned;
use std::{fmt, path::Path};

/// What a load did.
#[derive(Debug, Default)]
pub struct Report {
    pub matters_created: usize,
    pub matters_existing: usize,
    pub users_created: usize,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "demo data: {} matters created, {} already present, {} users created",
            self.matters_created, self.matters_existing, self.users_created
        )
    }
}

fn read<T: DeserializeOwned>(path: &Path) -> Result<T, SeedError> {
    let file = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| SeedError::File { file: file.clone(), message: e.to_string() })?;
    toml::from_str(&text).map_err(|e| SeedError::File { file, message: e.to_string().trim_end().to_string() })
}

fn field_err(file: &str, field: &str) -> impl Fn(AppError) -> SeedError {
    let (file, field) = (file.to_string(), field.to_string());
    move |e| match e {
        AppError::Validation { field: f, message } => {
            SeedError::Field { file: file.clone(), field: format!("{field}.{f}"), message }
        }
        other => SeedError::Database(other.to_string()),
    }
}

fn code<T>(
    file: &str,
    value: &str,
    parse: fn(&str) -> Result<T, app::domain::vocab::UnknownCode>,
) -> Result<T, SeedError> {
    parse(value).map_err(|e| SeedError::Field { file: file.into(), field: e.field.into(), message: e.to_string() })
}

fn db_err(e: sea_orm::DbErr) -> SeedError {
    SeedError::Database(e.to_string())
}

/// Whether the database holds no matters and no users yet.
///
/// # Errors
/// On a database failure.
pub async fn is_empty(db: &impl ConnectionTrait) -> Result<bool, SeedError> {
    let matters = matter::Entity::find().count(db).await.map_err(db_err)?;
    let users = user::Entity::find().count(db).await.map_err(db_err)?;
    Ok(matters == 0 && users == 0)
}

/// All parsed files, read before anything is written.
struct Data {
    organizations: files::Organizations,
    users: files::Users,
    agencies: files::Agencies,
    provisions: files::Provisions,
    theories: files::Theories,
    matters: Vec<(String, files::Matter)>,
}

fn read_all(dir: &Path) -> Result<Data, SeedError> {
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("matters"))
        .map_err(|e| SeedError::File { file: dir.join("matters").display().to_string(), message: e.to_string() })?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let matters = paths.iter().map(|p| Ok((p.display().to_string(), read(p)?))).collect::<Result<_, SeedError>>()?;
    Ok(Data {
        organizations: read(&dir.join("organizations.toml"))?,
        users: read(&dir.join("users.toml"))?,
        agencies: read(&dir.join("agencies.toml"))?,
        provisions: read(&dir.join("provisions.toml"))?,
        theories: read(&dir.join("theories.toml"))?,
        matters,
    })
}

/// Loads every file under `dir` in one transaction: all or nothing.
///
/// # Errors
/// A [`SeedError`] naming the file and field of the first problem; nothing
/// is written then.
pub async fn load_dir(db: &DatabaseConnection, dir: &Path) -> Result<Report, SeedError> {
    let data = read_all(dir)?;
    let txn = db.begin().await.map_err(db_err)?;
    let mut report = Report::default();
    load_people(&txn, dir, &data, &mut report).await?;
    load_agencies(&txn, dir, &data.agencies).await?;
    load_law(&txn, dir, &data.provisions, &data.theories).await?;
    let mut created = Vec::new();
    for (file, m) in &data.matters {
        match load_matter(&txn, file, m).await? {
            Some(id) => {
                created.push((file, m, id));
                report.matters_created += 1;
            }
            None => report.matters_existing += 1,
        }
    }
    for (file, m, id) in &created {
        for l in &m.link {
            let to = matter_id(&txn, file, &l.to).await?;
            matters::link(&txn, None, *id, to, code(file, &l.kind, LinkKind::parse)?)
                .await
                .map_err(field_err(file, "link"))?;
        }
    }
    deadlines::sync_closures(&txn).await.map_err(field_err("calendar", "closures"))?;
    let today = Utc::now().date_naive();
    for (file, _, id) in &created {
        deadlines::recompute_matter(&txn, None, *id, today, "demo data loaded")
            .await
            .map_err(field_err(file, "event"))?;
    }
    txn.commit().await.map_err(db_err)?;
    Ok(report)
}

/// Loads the reference data only: agencies, provisions, legal theories (with
/// the rules' provisions) and the calendar's closures, in one transaction,
/// without any organisation, user or matter: what a production install
/// starts from. Idempotent like [`load_dir`].
///
/// # Errors
/// A [`SeedError`] naming the file and field of the first problem; nothing
/// is written then.
pub async fn load_reference(db: &DatabaseConnection, dir: &Path) -> Result<(), SeedError> {
    let agencies: files::Agencies = read(&dir.join("agencies.toml"))?;
    let provisions: files::Provisions = read(&dir.join("provisions.toml"))?;
    let theories: files::Theories = read(&dir.join("theories.toml"))?;
    let txn = db.begin().await.map_err(db_err)?;
    load_agencies(&txn, dir, &agencies).await?;
    load_law(&txn, dir, &provisions, &theories).await?;
    deadlines::sync_closures(&txn).await.map_err(field_err("calendar", "closures"))?;
    txn.commit().await.map_err(db_err)
}

async fn load_people(
    txn: &impl ConnectionTrait,
    dir: &Path,
    data: &Data,
    report: &mut Report,
) -> Result<(), SeedError> {
    let file = dir.join("organizations.toml").display().to_string();
    for o in &data.organizations.organization {
        directory::ensure_organization(txn, &o.slug, &o.name, &o.description)
            .await
            .map_err(field_err(&file, "organization"))?;
    }
    let file = dir.join("users.toml").display().to_string();
    for u in &data.users.user {
        let org = organization::Entity::find()
            .filter(organization::Column::Slug.eq(&u.organization))
            .one(txn)
            .await
            .map_err(db_err)?;
        let org = org.ok_or_else(|| SeedError::Field {
            file: file.clone(),
            field: format!("user {}.organization", u.username),
            message: format!("unknown organization `{}`", u.organization),
        })?;
        let new = directory::NewUser {
            username: &u.username,
            name: &u.name,
            email: &u.email,
            role: code(&file, &u.role, Role::parse)?,
            organization_id: org.id,
            password: &u.password,
        };
        if directory::ensure_user(txn, new).await.map_err(field_err(&file, "user"))?.1 {
            report.users_created += 1;
        }
    }
    Ok(())
}

async fn load_agencies(txn: &impl ConnectionTrait, dir: &Path, agencies: &files::Agencies) -> Result<(), SeedError> {
    let file = dir.join("agencies.toml").display().to_string();
    for a in &agencies.agency {
        let parent_id = if a.parent.is_empty() { None } else { Some(agency_id(txn, &file, &a.parent).await?) };
        let new = directory::NewAgency {
            slug: &a.slug,
            name: &a.name,
            abbreviation: &a.abbreviation,
            parent_id,
            foia_contact: &a.foia_contact,
            foia_url: &a.foia_url,
            regulations: &a.regulations,
        };
        directory::ensure_agency(txn, new).await.map_err(field_err(&file, "agency"))?;
    }
    Ok(())
}

async fn load_law(
    txn: &impl ConnectionTrait,
    dir: &Path,
    provisions: &files::Provisions,
    theories: &files::Theories,
) -> Result<(), SeedError> {
    let file = dir.join("provisions.toml").display().to_string();
    for p in &provisions.provision {
        let new = law::NewProvision {
            slug: &p.slug,
            citation: &p.citation,
            title: &p.title,
            summary: &p.summary,
            url: &p.url,
            kind: code(&file, &p.kind, ProvisionKind::parse)?,
            verification: code(&file, &p.verification, Verification::parse)?,
            source_note: &p.source_note,
        };
        law::ensure_provision(txn, new).await.map_err(field_err(&file, &format!("provision {}", p.slug)))?;
    }
    law::sync_rule_provisions(txn).await.map_err(field_err(&file, "rules"))?;
    let file = dir.join("theories.toml").display().to_string();
    for t in &theories.theory {
        law::ensure_theory(txn, &t.slug, &t.name, &t.short_name, &t.description, &t.provisions)
            .await
            .map_err(field_err(&file, &format!("theory {}", t.slug)))?;
    }
    Ok(())
}

async fn agency_id(txn: &impl ConnectionTrait, file: &str, slug: &str) -> Result<i32, SeedError> {
    agency::Entity::find()
        .filter(agency::Column::Slug.eq(slug))
        .one(txn)
        .await
        .map_err(db_err)?
        .map(|a| a.id)
        .ok_or_else(|| SeedError::Field {
            file: file.into(),
            field: "agency".into(),
            message: format!("unknown agency `{slug}`"),
        })
}

async fn matter_id(txn: &impl ConnectionTrait, file: &str, slug: &str) -> Result<i32, SeedError> {
    matter::Entity::find()
        .filter(matter::Column::Slug.eq(slug))
        .one(txn)
        .await
        .map_err(db_err)?
        .map(|m| m.id)
        .ok_or_else(|| SeedError::Field {
            file: file.into(),
            field: "link.to".into(),
            message: format!("unknown matter `{slug}`"),
        })
}

async fn user_id(txn: &impl ConnectionTrait, file: &str, field: &str, username: &str) -> Result<i32, SeedError> {
    user::Entity::find()
        .filter(user::Column::Username.eq(username))
        .one(txn)
        .await
        .map_err(db_err)?
        .map(|u| u.id)
        .ok_or_else(|| SeedError::Field {
            file: file.into(),
            field: field.into(),
            message: format!("unknown user `{username}`"),
        })
}

/// Creates one matter with everything on it, unless its slug exists.
async fn load_matter(txn: &impl ConnectionTrait, file: &str, m: &files::Matter) -> Result<Option<i32>, SeedError> {
    if matter::Entity::find().filter(matter::Column::Slug.eq(&m.slug)).one(txn).await.map_err(db_err)?.is_some() {
        return Ok(None);
    }
    let org = organization::Entity::find()
        .filter(organization::Column::Slug.eq(&m.organization))
        .one(txn)
        .await
        .map_err(db_err)?;
    let org = org.ok_or_else(|| SeedError::Field {
        file: file.into(),
        field: "organization".into(),
        message: format!("unknown organization `{}`", m.organization),
    })?;
    let new = matters::NewMatter {
        slug: m.slug.clone(),
        organization_id: org.id,
        kind: code(file, &m.kind, MatterKind::parse)?,
        title: m.title.clone(),
        agency_id: agency_id(txn, file, &m.agency).await?,
        status: code(file, &m.status, MatterStatus::parse)?,
        public: m.public,
        agency_tracking_number: m.agency_tracking_number.clone(),
        court: m.court.clone(),
        docket_number: m.docket_number.clone(),
        summary: m.summary.clone(),
        counsel: m.counsel.clone(),
        requester: m.requester.clone(),
        verification: code(file, &m.verification, Verification::parse)?,
        verification_note: m.verification_note.clone(),
        extras: matters::MatterExtras::default(),
    };
    let id = matters::create(txn, None, new).await.map_err(field_err(file, "matter"))?;
    for username in &m.assigned {
        let uid = user_id(txn, file, "assigned", username).await?;
        matters::assign(txn, None, id, uid).await.map_err(field_err(file, "assigned"))?;
    }
    for slug in &m.provisions {
        let pid = law::provision_id(txn, slug, "provisions").await.map_err(field_err(file, "matter"))?;
        matters::add_provision(txn, None, id, pid).await.map_err(field_err(file, "provisions"))?;
    }
    for c in &m.theory {
        let t = legal_theory::Entity::find()
            .filter(legal_theory::Column::Slug.eq(&c.slug))
            .one(txn)
            .await
            .map_err(db_err)?;
        let t = t.ok_or_else(|| SeedError::Field {
            file: file.into(),
            field: "theory.slug".into(),
            message: format!("unknown theory `{}`", c.slug),
        })?;
        matters::add_theory(txn, None, id, t.id, code(file, &c.claim_status, ClaimStatus::parse)?, &c.note)
            .await
            .map_err(field_err(file, "theory"))?;
    }
    load_matter_children(txn, file, m, id).await?;
    Ok(Some(id))
}

async fn load_matter_children(
    txn: &impl ConnectionTrait,
    file: &str,
    m: &files::Matter,
    id: i32,
) -> Result<(), SeedError> {
    for e in &m.event {
        let new = matters::NewEvent {
            kind: code(file, &e.kind, EventKind::parse)?,
            date: e.date,
            title: e.title.clone(),
            details: e.details.clone(),
            public: e.public,
            verification: code(file, &e.verification, Verification::parse)?,
            outcome: e.outcome.clone(),
            pages_released: e.pages_released,
            exemptions: e.exemptions.clone(),
            pages_withheld: (0, 0),
        };
        matters::add_event(txn, None, id, new).await.map_err(field_err(file, "event"))?;
    }
    for n in &m.note {
        let author = user_id(txn, file, "note.author", &n.author).await?;
        matters::add_note(txn, Some(author), id, n.privileged, &n.body).await.map_err(field_err(file, "note"))?;
    }
    for d in &m.deadline {
        let new = matters::NewManualDeadline {
            title: d.title.clone(),
            due: d.due,
            source: d.source.clone(),
            verification: code(file, &d.verification, Verification::parse)?,
            public: d.public,
        };
        matters::add_manual_deadline(txn, None, id, new).await.map_err(field_err(file, "deadline"))?;
    }
    Ok(())
}

/// Logs the demo accounts and their passwords (local use only).
///
/// # Errors
/// When `users.toml` cannot be read.
pub fn log_demo_accounts(dir: &Path) -> Result<(), SeedError> {
    let users: files::Users = read(&dir.join("users.toml"))?;
    for u in users.user {
        tracing::info!("demo account (local only): {} / {} ({})", u.username, u.password, u.role);
    }
    Ok(())
}
