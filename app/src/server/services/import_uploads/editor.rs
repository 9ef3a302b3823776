//! The mapping editor of an upload: each column of the file with a sample
//! value and the field it is prefilled with — from the upload's mapping, or,
//! when that is a built-in, from a mapping the organisation saved for files
//! with the same columns (a mapping is remembered per source) — and saving
//! the user's choice as a named mapping that the upload's preview then uses.

use super::{UPLOADED, Upload, content, find};
use crate::{
    error::{AppError, AppResult},
    server::{
        auth::CurrentUser,
        entities::{import_mapping, import_upload},
        import::{
            Problem,
            dates::DateFormat,
            editor::{self, Draft},
            mapping::{self, Field, Mapping, Target},
            stored,
        },
    },
};
use chrono::Utc;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, TransactionTrait, sea_query::Expr,
};

/// What the editor shows for an upload.
#[derive(Debug, Clone)]
pub struct Editor {
    pub upload: Upload,
    /// The file's columns, prefilled; the problems when the file cannot be
    /// read as a table.
    pub draft: Result<Draft, Vec<Problem>>,
    /// The name to save under (the mapping's own when it is a stored one).
    pub name: String,
    /// The stored mapping the columns were prefilled from because it was
    /// made for files like this one, when the upload named a built-in.
    pub remembered: Option<String>,
}

/// The editor's form: a field code per column (`column_N`, 1-based; empty
/// or `ignore` for a column not imported).
#[derive(Debug, Clone, Default)]
pub struct EditedMapping {
    pub name: String,
    pub target: String,
    pub date_format: String,
    pub columns: Vec<(usize, String)>,
}

fn ensure_uploaded(up: &Upload) -> AppResult<()> {
    if up.state == UPLOADED {
        Ok(())
    } else {
        Err(AppError::Conflict("this file has been imported already; upload it again to change its mapping".into()))
    }
}

/// The organisation's stored mapping made for files with `headers`: one
/// saved from a file of the same name first, then the latest saved.
async fn remembered(
    db: &DatabaseConnection,
    organization_id: i32,
    file_name: &str,
    headers: &[String],
) -> AppResult<Option<(String, Mapping)>> {
    let rows = import_mapping::Entity::find()
        .filter(import_mapping::Column::OrganizationId.eq(organization_id))
        .order_by_desc(import_mapping::Column::UpdatedAt)
        .all(db)
        .await?;
    let mut fitting: Vec<(bool, String, Mapping)> = rows
        .into_iter()
        .filter_map(|r| {
            let m: Mapping = serde_json::from_str(&r.mapping).ok()?;
            editor::fits(&m, headers).then(|| (r.source == file_name, r.name, m))
        })
        .collect();
    fitting.sort_by_key(|(same_source, _, _)| !*same_source);
    Ok(fitting.into_iter().next().map(|(_, name, m)| (name, m)))
}

/// The editor of the upload `id`.
///
/// # Errors
/// As [`find`]; `Conflict` once the upload has been committed;
/// `Validation` when its mapping no longer exists.
pub async fn editor(db: &DatabaseConnection, who: &CurrentUser, id: &str) -> AppResult<Editor> {
    let upload = find(db, who, id).await?;
    ensure_uploaded(&upload)?;
    let bytes = content(db, id).await?;
    let mut m = stored::find(db, upload.organization_id, &upload.mapping_name).await?;
    if let Some(f) = DateFormat::parse(&upload.date_format) {
        m.date_format = Some(f);
    }
    let builtin = mapping::builtin(&upload.mapping_name).is_some();
    let mut name = if builtin { String::new() } else { upload.mapping_name.clone() };
    let mut draft = editor::draft(&bytes, &m);
    let mut from = None;
    if let (true, Ok(d)) = (builtin, &draft)
        && let Some((saved, m)) = remembered(db, upload.organization_id, &upload.file_name, &d.headers()).await?
    {
        draft = editor::draft(&bytes, &m);
        name.clone_from(&saved);
        from = Some(saved);
    }
    Ok(Editor { upload, draft, name, remembered: from })
}

/// The field chosen for each of the `n` columns.
fn choices(edit: &EditedMapping, n: usize) -> AppResult<Vec<Option<Field>>> {
    let mut out = vec![None; n];
    for (number, code) in &edit.columns {
        let slot = number.checked_sub(1).and_then(|i| out.get_mut(i));
        let Some(slot) = slot else {
            return Err(AppError::invalid(format!("column_{number}"), "the file has no such column"));
        };
        *slot = match code.trim() {
            "" => None,
            code => Some(Field::parse(code).ok_or_else(|| {
                AppError::invalid(format!("column_{number}"), format!("`{code}` is not a field Docket imports"))
            })?),
        };
    }
    Ok(out)
}

/// Checks the edited mapping against the upload's file, stores it for the
/// organisation under its name (remembered for files like this one) and
/// makes it the upload's mapping; returns the name.
///
/// # Errors
/// As [`find`]; `Conflict` once the upload has been committed; `Validation`
/// for an unknown target or date format or field, a field chosen for two
/// columns or a required one for none (one line per problem, naming the
/// field and the columns), or a bad name.
pub async fn save_mapping(
    db: &DatabaseConnection,
    who: &CurrentUser,
    id: &str,
    edit: EditedMapping,
) -> AppResult<String> {
    let up = find(db, who, id).await?;
    ensure_uploaded(&up)?;
    let target = Target::parse(&edit.target)
        .ok_or_else(|| AppError::invalid("target", "choose what each row becomes: foia_log or matters"))?;
    let date_format = match edit.date_format.trim() {
        "" => None,
        code => Some(
            DateFormat::parse(code)
                .ok_or_else(|| AppError::invalid("date_format", "choose iso, us, day_month_name or serial"))?,
        ),
    };
    let bytes = content(db, id).await?;
    let headers = editor::headers(&bytes)
        .map_err(|p| AppError::invalid("file", p.first().map(ToString::to_string).unwrap_or_default()))?;
    let chosen = choices(&edit, headers.len())?;
    let agency = Some(up.agency.clone()).filter(|a| !a.is_empty());
    let mapping = editor::build(target, &headers, &chosen, date_format, agency)
        .map_err(|errors| AppError::invalid("mapping", errors.join("\n")))?;
    let name = edit.name.trim().to_string();
    if name.is_empty() {
        return Err(AppError::invalid("name", "give the mapping a name (letters, digits, - and _)"));
    }
    let txn = db.begin().await?;
    stored::save(&txn, up.organization_id, Some(who.id), &name, &up.file_name, &mapping).await?;
    import_upload::Entity::update_many()
        .col_expr(import_upload::Column::MappingName, Expr::value(name.clone()))
        .col_expr(import_upload::Column::DateFormat, Expr::value(date_format.map(DateFormat::code).unwrap_or_default()))
        .col_expr(import_upload::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_upload::Column::Id.eq(up.id.as_str()))
        .filter(import_upload::Column::State.eq(UPLOADED))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(name)
}
