//! The mapping editor: an admin maps the columns of a file Docket does not
//! recognise, a field chosen twice or a required one left out is refused
//! naming the field and the columns (and nothing is saved), the saved
//! mapping is what the preview, the import and `docket import --mapping
//! NAME` then use, and it is offered again for a file with the same columns.

use super::{commit, core_counts, finished, upload};
use app::server::{
    entities::{import_mapping, import_upload},
    import::OnDuplicate,
};
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::cli::import::{ImportArgs, execute};

/// A log whose headers Docket does not know, but for `Outcome`.
const ODD: &str = "Ref,In,Who,About,Shut,Outcome,Notes\n\
    X-1,12/01/2025,Ana Lopez,Facial comparison records,01/05/2026,Full Grant,call back\n\
    X-2,12/02/2025,Sam Reyes,Exit pilot contracts,,,\n";

/// The value of the option chosen in the select `name` of `html`.
fn chosen(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(r#"name="{name}""#))?;
    let select = &html[start..start + html[start..].find("</select>")?];
    let option = select.split("<option").skip(1).find(|o| o[..o.find('>').unwrap_or(o.len())].contains("selected"))?;
    Some(option.split(r#"value=""#).nth(1)?.split('"').next()?.to_string())
}

/// Posts the editor's form; returns the status and the `Location`.
async fn post_mapping(app: &TestApp, page: &str, form: &[(&str, &str)]) -> anyhow::Result<(StatusCode, String)> {
    let res = app.client.post(format!("{}{page}/mapping", app.base)).form(form).send().await?;
    let location = res.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    Ok((res.status(), location))
}

const GOOD: &[(&str, &str)] = &[
    ("target", "foia_log"),
    ("column_1", "tracking_number"),
    ("column_2", "received_date"),
    ("column_3", "requester"),
    ("column_4", "summary"),
    ("column_5", "closed_date"),
    ("column_6", "disposition"),
    ("column_7", ""),
    ("date_format", "us"),
    ("name", "odd-log"),
];

/// `GOOD` with `changes` made.
fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    GOOD.iter().map(|(k, v)| changes.iter().find(|(c, _)| c == k).copied().unwrap_or((*k, *v))).collect()
}

/// Posts a mapping that must be refused; returns the editor shown again.
async fn refused(app: &TestApp, page: &str, form: &[(&str, &str)]) -> anyhow::Result<String> {
    let (status, location) = post_mapping(app, page, form).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with(&format!("{page}/mapping?problem=")), "{location}");
    assert!(location.ends_with("#problem"), "the editor opens at the problems: {location}");
    let saved = import_mapping::Entity::find().filter(import_mapping::Column::Name.eq("odd-log")).one(&app.db).await?;
    assert!(saved.is_none(), "no mapping is saved");
    app.page(&location).await
}

both!(a_mapping_made_in_the_editor_is_checked_saved_and_used, |engine| async move {
    let app = spawn_app(engine).await?;
    app.login("admin", "admin-demo").await?;
    let before = core_counts(&app.db).await?;
    let fields = [("mapping", "foia-log"), ("agency", "CBP")];
    let (status, page) = upload(&app.base, &app.client, "odd-log.csv", ODD.as_bytes().to_vec(), &fields).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let preview = app.page(&page).await?;
    assert!(preview.contains("no column holds `tracking_number`"), "{preview}");
    assert!(preview.contains(&format!(r#"href="{page}/mapping""#)), "the editor is offered: {preview}");

    let editor = app.page(&format!("{page}/mapping")).await?;
    assert!(editor.contains(r#"<label for="map-column-1">Column 1 `Ref`</label>"#), "{editor}");
    assert!(editor.contains(r#"id="map-column-7" name="column_7""#), "a labelled select per column: {editor}");
    assert!(editor.contains("Facial comparison records") && editor.contains("call back"), "samples: {editor}");
    assert!(editor.contains("dates like 12/26/2025"), "the detected date format: {editor}");
    assert_eq!(chosen(&editor, "column_6").as_deref(), Some("disposition"), "recognised `Outcome`");
    assert_eq!(chosen(&editor, "column_1").as_deref(), Some(""), "`Ref` is not recognised");
    let select = &editor[editor.find(r#"name="column_1""#).unwrap_or(0)..];
    let select = &select[..select.find("</select>").unwrap_or(0)];
    let groups: Vec<&str> =
        select.split("<optgroup label=\"").skip(1).map(|g| &g[..g.find('"').unwrap_or(0)]).collect();
    assert_eq!(groups, ["Matter (FOIA log or matters file)", "Event or deadline (events or deadlines file)"]);
    let (matter, timeline) = select.split_once("Event or deadline").unwrap_or_default();
    assert!(matter.contains(r#"value="received_date""#) && !matter.contains(r#"value="event_kind""#), "{select}");
    assert!(timeline.contains(r#"value="event_kind""#) && timeline.contains(r#"value="ignore""#), "{select}");

    let shown = refused(&app, &page, &with(&[("column_6", "closed_date")])).await?;
    assert!(
        shown.contains("`closed_date` is chosen for two columns, column 5 `Shut` and column 6 `Outcome`"),
        "{shown}"
    );
    assert_eq!(chosen(&shown, "column_6").as_deref(), Some("closed_date"), "the choices sent are shown again");
    let shown = refused(&app, &page, &with(&[("column_2", "")])).await?;
    assert!(shown.contains("`received_date` (date received by the agency) is required for a FOIA log"), "{shown}");
    let shown = refused(&app, &page, &with(&[("column_3", "shoe_size")])).await?;
    assert!(shown.contains("column_3: `shoe_size` is not a field Docket imports"), "{shown}");
    let shown = refused(&app, &page, &with(&[("name", "foia-log")])).await?;
    assert!(
        shown.contains("cannot be a mapping&#x27;s name") || shown.contains("cannot be a mapping's name"),
        "{shown}"
    );

    assert_eq!(post_mapping(&app, &page, GOOD).await?, (StatusCode::SEE_OTHER, page.clone()));
    let saved = import_mapping::Entity::find().filter(import_mapping::Column::Name.eq("odd-log")).one(&app.db).await?;
    let saved = saved.ok_or_else(|| anyhow::anyhow!("the mapping is saved"))?;
    assert_eq!(saved.source, "odd-log.csv");
    let json: serde_json::Value = serde_json::from_str(&saved.mapping)?;
    assert_eq!(
        (json["columns"]["Ref"].as_str(), json["columns"]["Notes"].as_str()),
        (Some("tracking_number"), Some("ignore"))
    );
    assert_eq!((json["date_format"].as_str(), json["agency"].as_str()), (Some("us"), Some("CBP")));
    let preview = app.page(&page).await?;
    assert!(preview.contains("odd-log.csv · mapping odd-log"), "{preview}");
    assert!(preview.contains("The import would create 2 matters"), "the preview uses the mapping: {preview}");

    let file = std::env::temp_dir().join(format!("odd-log-{}.csv", uuid::Uuid::new_v4().simple()));
    std::fs::write(&file, ODD)?;
    let args = ImportArgs {
        file: file.clone(),
        mapping: "odd-log".into(),
        dry_run: true,
        organization: Some("border-privacy-clinic".into()),
        on_duplicate: OnDuplicate::Skip,
        agency: None,
        date_format: None,
        save_mapping: None,
        today: "2026-03-01".parse().ok(),
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = execute(&app.db, &args, &mut out, &mut err, false).await?;
    let _ = std::fs::remove_file(&file);
    let (out, err) = (String::from_utf8(out)?, String::from_utf8(err)?);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.contains("column 1 `Ref` -> tracking_number")
            && out.contains("`In` -> received_date, dates like 12/26/2025"),
        "{out}"
    );
    assert!(out.contains("CBP X-1"), "the CLI uses the saved mapping: {out}");

    let (status, again) = upload(&app.base, &app.client, "log-2026-02.csv", ODD.as_bytes().to_vec(), &fields).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let editor = app.page(&format!("{again}/mapping")).await?;
    assert!(editor.contains("Prefilled from your mapping `odd-log`"), "remembered for the same columns: {editor}");
    assert_eq!(chosen(&editor, "column_1").as_deref(), Some("tracking_number"));
    assert_eq!(chosen(&editor, "date_format").as_deref(), Some("us"));
    assert!(editor.contains(r#"value="odd-log""#), "saved again under its name: {editor}");

    assert_eq!(commit(&app.base, &app.client, &page, "").await?.0, StatusCode::SEE_OTHER);
    let done = finished(&app.base, &app.client, &page).await?;
    assert!(done.contains("Imported: created 2 matters"), "{done}");
    assert_eq!(core_counts(&app.db).await?[0], before[0] + 2);
    let (status, location) = post_mapping(&app, &page, GOOD).await?;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.contains("problem=This%20file%20has%20been%20imported%20already"), "{location}");
    let id = page.trim_start_matches("/admin/import/").to_string();
    let row = import_upload::Entity::find_by_id(id).one(&app.db).await?.map(|u| (u.mapping_name, u.date_format));
    assert_eq!(row, Some(("odd-log".to_string(), "us".to_string())));
    app.cleanup().await;
    Ok(())
});
