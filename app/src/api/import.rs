//! The import page's reads, for admins only: the upload form's choices and
//! an upload's preview, progress or report. The file itself is posted as a
//! plain multipart form to `/admin/import` (see the server's
//! `import_routes`), which works without JavaScript.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A mapping the upload form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingOption {
    pub name: String,
    /// The file a stored mapping was saved from (empty for built-ins).
    pub source: String,
}

/// What the upload form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadChoices {
    pub mappings: Vec<MappingOption>,
    /// Agencies as `(abbreviation, name)`.
    pub agencies: Vec<(String, String)>,
    /// Date formats as `(code, example)`.
    pub date_formats: Vec<(String, String)>,
}

/// One problem with the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemView {
    pub line: u64,
    pub column: Option<usize>,
    pub header: String,
    pub message: String,
}

/// What one column of the file becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnView {
    pub number: usize,
    pub header: String,
    /// The field's code, or empty when the column is not imported.
    pub field: String,
    /// The date format, as 2025-12-26 written in it.
    pub date_format: String,
    pub detected: bool,
}

/// One row as it will be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowView {
    pub line: u64,
    pub action: String,
    pub kind: String,
    pub agency: String,
    pub tracking_number: String,
    pub title: String,
    pub status: String,
    pub events: String,
}

/// What an import did or, in the preview, would do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// What the rows became: `foia_log`, `matters`, `events` or `deadlines`.
    pub target: String,
    pub encoding: String,
    pub rows: usize,
    pub columns: Vec<ColumnView>,
    pub preview: Vec<RowView>,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: usize,
    pub events: usize,
    pub deadlines: usize,
    /// Matters whose deadlines were recomputed (an events import).
    pub recomputed: usize,
    pub errors: Vec<ProblemView>,
    pub warnings: Vec<ProblemView>,
    pub committed: bool,
}

/// An upload: its options, state and report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadView {
    pub id: String,
    pub file_name: String,
    pub mapping: String,
    pub agency: String,
    pub on_duplicate: String,
    pub date_format: String,
    /// `uploaded` (the preview), `running`, `done` or `failed`.
    pub state: String,
    pub phase: String,
    pub done: u64,
    pub total: u64,
    pub error: String,
    pub report: Option<ReportView>,
}

/// One column of the file in the mapping editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditorColumn {
    pub number: usize,
    pub header: String,
    pub sample: String,
    /// The prefilled field's code, or empty when the column is not imported.
    pub field: String,
    /// The date format the values look like (its example), or empty.
    pub detected: String,
}

/// The mapping editor of an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingEditorView {
    pub id: String,
    pub file_name: String,
    /// The upload's mapping now.
    pub mapping: String,
    /// The name to save under.
    pub name: String,
    /// The saved mapping the columns were prefilled from, remembered for
    /// files with these columns.
    pub remembered: Option<String>,
    /// `foia_log` or `matters`.
    pub target: String,
    /// A date format's code, or empty to detect it per column.
    pub date_format: String,
    pub columns: Vec<EditorColumn>,
    /// Why the file cannot be mapped (it is not a readable table).
    pub problems: Vec<ProblemView>,
    /// Fields as `(code, label)` in groups `(label, fields)`: those of
    /// matters, then those of events and deadlines.
    pub fields: Vec<(String, Vec<(String, String)>)>,
    /// The field `ignore` as `(code, label)`, offered after the groups.
    pub ignore: (String, String),
    /// Targets as `(code, label, required fields)`.
    pub targets: Vec<(String, String, String)>,
    /// Date formats as `(code, example)`.
    pub date_formats: Vec<(String, String)>,
}

/// The upload form's mappings, agencies and date formats.
#[server(endpoint = "imports/form")]
pub async fn import_choices() -> Result<UploadChoices, AppError> {
    use crate::{
        domain::vocab::Role,
        server::{auth::require_role, context::ctx, import::dates::DateFormat, services::import_uploads},
    };
    let me = require_role(&[Role::Admin]).await?;
    let (mappings, agencies) = import_uploads::choices(&ctx()?.db, &me).await?;
    Ok(UploadChoices {
        mappings: mappings.into_iter().map(|m| MappingOption { name: m.name, source: m.source }).collect(),
        agencies,
        date_formats: DateFormat::ALL.iter().map(|f| (f.code().to_string(), f.example().to_string())).collect(),
    })
}

/// The upload `id`: its dry-run preview, its progress, or its report.
#[server(endpoint = "imports/get")]
pub async fn get_upload(#[server(default)] id: String) -> Result<UploadView, AppError> {
    use crate::{
        domain::vocab::Role,
        server::{auth::require_role, context::ctx, services::import_uploads},
    };
    let me = require_role(&[Role::Admin]).await?;
    let ctx = ctx()?;
    let (up, report) = import_uploads::view(&ctx.db, &me, &id, ctx.today()).await?;
    Ok(ssr::upload_view(up, report.as_ref()))
}

/// The mapping editor of the upload `id`: its columns, prefilled.
#[server(endpoint = "imports/mapping")]
pub async fn get_mapping_editor(#[server(default)] id: String) -> Result<MappingEditorView, AppError> {
    use crate::{
        domain::vocab::Role,
        server::{auth::require_role, context::ctx, services::import_uploads},
    };
    let me = require_role(&[Role::Admin]).await?;
    let editor = import_uploads::editor(&ctx()?.db, &me, &id).await?;
    Ok(ssr::editor_view(editor))
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{ColumnView, EditorColumn, MappingEditorView, ProblemView, ReportView, RowView, UploadView};
    use crate::server::{
        import::{
            Problem, Report,
            dates::DateFormat,
            mapping::{Field, Target, required},
        },
        services::import_uploads::{Editor, Upload},
    };

    /// The editor's view: the prefilled columns and every choice.
    pub fn editor_view(e: Editor) -> MappingEditorView {
        let (columns, problems, target, date_format) = match e.draft {
            Ok(d) => {
                let columns = d
                    .columns
                    .into_iter()
                    .map(|c| EditorColumn {
                        number: c.number,
                        header: c.header,
                        sample: c.sample,
                        field: c.field.map(Field::code).unwrap_or_default(),
                        detected: c.detected.map(|f| f.example().to_string()).unwrap_or_default(),
                    })
                    .collect();
                (columns, Vec::new(), d.target, d.date_format)
            }
            Err(p) => (Vec::new(), problems(&p), Target::FoiaLog, None),
        };
        let needs = |t: Target| required(t).iter().map(|f| format!("`{}`", f.code())).collect::<Vec<_>>().join(", ");
        MappingEditorView {
            id: e.upload.id,
            file_name: e.upload.file_name,
            mapping: e.upload.mapping_name,
            name: e.name,
            remembered: e.remembered,
            target: target.code().to_string(),
            date_format: date_format.map(|f| f.code().to_string()).unwrap_or_default(),
            columns,
            problems,
            fields: Field::groups()
                .into_iter()
                .map(|(label, fields)| (label.to_string(), fields.into_iter().map(option).collect()))
                .collect(),
            ignore: option(Field::Ignore),
            targets: Target::ALL.iter().map(|t| (t.code().to_string(), t.label().to_string(), needs(*t))).collect(),
            date_formats: DateFormat::ALL.iter().map(|f| (f.code().to_string(), f.example().to_string())).collect(),
        }
    }

    fn option(f: Field) -> (String, String) {
        (f.code(), f.label().to_string())
    }

    fn problems(list: &[Problem]) -> Vec<ProblemView> {
        list.iter()
            .map(|p| ProblemView {
                line: p.line,
                column: p.column,
                header: p.header.clone(),
                message: p.message.clone(),
            })
            .collect()
    }

    fn report_view(r: &Report) -> ReportView {
        ReportView {
            target: r.target.clone(),
            encoding: r.encoding.clone(),
            rows: r.rows,
            columns: r
                .columns
                .iter()
                .map(|c| ColumnView {
                    number: c.number,
                    header: c.header.clone(),
                    field: c.field.clone(),
                    date_format: c.date_format.map(|f| f.example().to_string()).unwrap_or_default(),
                    detected: c.detected,
                })
                .collect(),
            preview: r
                .preview
                .iter()
                .map(|p| RowView {
                    line: p.line,
                    action: p.action.clone(),
                    kind: p.kind.clone(),
                    agency: p.agency.clone(),
                    tracking_number: p.tracking_number.clone(),
                    title: p.title.clone(),
                    status: p.status.clone(),
                    events: p.events.clone(),
                })
                .collect(),
            created: r.created,
            updated: r.updated,
            unchanged: r.unchanged,
            skipped: r.skipped,
            events: r.events,
            deadlines: r.deadlines,
            recomputed: r.recomputed,
            errors: problems(&r.errors),
            warnings: problems(&r.warnings),
            committed: r.committed,
        }
    }

    /// The page's view of an upload and its report.
    pub fn upload_view(up: Upload, report: Option<&Report>) -> UploadView {
        UploadView {
            id: up.id,
            file_name: up.file_name,
            mapping: up.mapping_name,
            agency: up.agency,
            on_duplicate: up.on_duplicate,
            date_format: up.date_format,
            state: up.state,
            phase: up.phase,
            done: u64::try_from(up.done).unwrap_or(0),
            total: u64::try_from(up.total).unwrap_or(0),
            error: up.error,
            report: report.map(report_view),
        }
    }
}
