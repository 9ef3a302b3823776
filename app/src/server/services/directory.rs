//! Organisations, users and agencies.

use crate::{
    domain::vocab::Role,
    error::AppResult,
    server::{
        audit::{self, Change},
        auth::hash_password,
        entities::{agency, organization, user},
    },
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Creates an organisation unless one with this slug exists; returns its id.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn ensure_organization(
    db: &impl ConnectionTrait,
    slug: &str,
    name: &str,
    description: &str,
) -> AppResult<i32> {
    if let Some(o) = organization::Entity::find().filter(organization::Column::Slug.eq(slug)).one(db).await? {
        return Ok(o.id);
    }
    let o = organization::ActiveModel {
        slug: Set(slug.into()),
        name: Set(name.into()),
        description: Set(description.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(None, "organization", o.id, None, slug.into())).await?;
    Ok(o.id)
}

/// A new user.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub organization_id: i32,
    pub password: &'a str,
}

/// Creates a user unless the username exists; returns its id and whether it
/// was created.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn ensure_user(db: &impl ConnectionTrait, new: NewUser<'_>) -> AppResult<(i32, bool)> {
    if let Some(u) = user::Entity::find().filter(user::Column::Username.eq(new.username)).one(db).await? {
        return Ok((u.id, false));
    }
    let password = new.password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await.map_err(|e| {
        tracing::error!(error = %e, "password hashing panicked");
        crate::error::AppError::Internal
    })?;
    let u = user::ActiveModel {
        organization_id: Set(new.organization_id),
        username: Set(new.username.into()),
        name: Set(new.name.into()),
        email: Set(new.email.into()),
        role: Set(new.role.code().into()),
        password_hash: Set(hash),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(None, "user", u.id, None, format!("{} ({})", new.username, new.role.code())))
        .await?;
    Ok((u.id, true))
}

/// A new agency.
pub struct NewAgency<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub abbreviation: &'a str,
    pub parent_id: Option<i32>,
    pub foia_contact: &'a str,
    pub foia_url: &'a str,
    pub regulations: &'a str,
}

/// Creates an agency unless the slug exists; returns its id.
///
/// # Errors
/// `Internal` on a database failure.
pub async fn ensure_agency(db: &impl ConnectionTrait, new: NewAgency<'_>) -> AppResult<i32> {
    if let Some(a) = agency::Entity::find().filter(agency::Column::Slug.eq(new.slug)).one(db).await? {
        return Ok(a.id);
    }
    let a = agency::ActiveModel {
        slug: Set(new.slug.into()),
        name: Set(new.name.into()),
        abbreviation: Set(new.abbreviation.into()),
        parent_id: Set(new.parent_id),
        foia_contact: Set(new.foia_contact.into()),
        foia_url: Set(new.foia_url.into()),
        regulations: Set(new.regulations.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(db, Change::created(None, "agency", a.id, None, new.slug.into())).await?;
    Ok(a.id)
}

/// Adds the organisation `slug` (2 to 60 lowercase letters, digits and
/// inner hyphens) named `name`, as `actor`; returns its id.
///
/// # Errors
/// `Validation` naming `slug` (malformed or taken) or `name` (empty or
/// longer than 200 characters); `Internal` on a database failure.
pub async fn add_organization(
    db: &sea_orm::DatabaseConnection,
    slug: &str,
    name: &str,
    description: &str,
) -> AppResult<i32> {
    use crate::error::AppError;
    let (slug, name) = (slug.trim(), name.trim());
    let well_formed = (2..=60).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !well_formed {
        return Err(AppError::invalid("slug", "use 2 to 60 lowercase letters, digits and inner hyphens"));
    }
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid("name", "give the organisation's name (at most 200 characters)"));
    }
    let txn = crate::server::tx::begin_write(db).await?;
    if organization::Entity::find().filter(organization::Column::Slug.eq(slug)).one(&txn).await?.is_some() {
        return Err(AppError::invalid("slug", format!("there is already an organisation `{slug}`")));
    }
    let id = ensure_organization(&txn, slug, name, description.trim()).await?;
    txn.commit().await?;
    Ok(id)
}
