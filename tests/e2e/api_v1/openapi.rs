//! `/api/v1/openapi.json` is a valid OpenAPI 3.1 document (utoipa's types
//! and Python's `openapi-spec-validator` both accept it), documents every
//! route with its parameters, and every reference in it resolves.

use super::api;
use e2e::{TestApp, both, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;
use std::{
    collections::BTreeSet,
    io::Write,
    process::{Command, Stdio},
};

/// Every route of the API, with the query parameters it takes.
const ROUTES: [(&str, &[&str]); 7] = [
    ("/api/v1/matters", &["kind", "status", "agency", "theory", "limit", "cursor"]),
    ("/api/v1/matters/{slug}", &["slug"]),
    ("/api/v1/events", &["matter", "kind", "from", "to", "limit", "cursor"]),
    ("/api/v1/deadlines", &["matter", "status", "rule", "from", "to", "limit", "cursor"]),
    ("/api/v1/agencies", &["parent", "limit", "cursor"]),
    ("/api/v1/theories", &["limit", "cursor"]),
    ("/api/v1/provisions", &["kind", "theory", "limit", "cursor"]),
];

/// Every `$ref` in the document.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r.clone());
            }
            map.values().for_each(|x| refs(x, out));
        }
        Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// The value a local reference (`#/components/schemas/X`) points at.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    doc.pointer(pointer)
}

fn python_validates(doc: &Value) -> anyhow::Result<()> {
    let script = "import json, sys\nfrom openapi_spec_validator import validate\nvalidate(json.load(sys.stdin))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child.stdin.take().expect("stdin").write_all(doc.to_string().as_bytes())?;
    let out = child.wait_with_output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    anyhow::ensure!(
        out.status.success(),
        "openapi-spec-validator refused the document (pip install openapi-spec-validator; dev/test does): {stderr}"
    );
    Ok(())
}

async fn documented_routes_answer(app: &TestApp, doc: &Value) -> anyhow::Result<()> {
    for (path, params) in ROUTES {
        let op = &doc["paths"][path]["get"];
        assert!(op.is_object(), "GET {path} is documented");
        let documented: BTreeSet<&str> =
            op["parameters"].as_array().into_iter().flatten().filter_map(|p| p["name"].as_str()).collect();
        assert_eq!(documented, params.iter().copied().collect(), "parameters of {path}");
        let ok = &op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
        let schema = ok.as_str().and_then(|r| resolve(doc, r));
        assert!(schema.is_some_and(|s| s["properties"].is_object()), "{path}'s 200 body is a documented schema");
        for status in ["400", "401", "404"] {
            if let Some(body) = op["responses"][status]["content"]["application/json"]["schema"]["$ref"].as_str() {
                assert!(body.ends_with("/ApiError"), "{path} {status} answers ApiError");
            }
        }
        let url = path.replace("{slug}", "access-now-cbp-request");
        let (status, body) = api(app, &url, None).await?;
        assert_eq!(status, StatusCode::OK, "{url}: {body}");
        let fields = schema.and_then(|s| s["required"].as_array()).cloned().unwrap_or_default();
        for field in fields.iter().filter_map(Value::as_str) {
            assert!(body.get(field).is_some(), "{url} answers `{field}` as documented");
        }
    }
    Ok(())
}

both!(the_openapi_document_validates_and_lists_every_route, |engine| async move {
    let app = spawn_app(engine).await?;
    let (status, doc) = api(&app, "/api/v1/openapi.json", None).await?;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "OpenAPI 3.1: {}", doc["openapi"]);
    let parsed: utoipa::openapi::OpenApi = serde_json::from_value(doc.clone())?;
    let paths: BTreeSet<&str> = parsed.paths.paths.keys().map(String::as_str).collect();
    assert_eq!(paths, ROUTES.iter().map(|(p, _)| *p).collect(), "exactly the API's routes");
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 10, "the document refers to its schemas");
    for r in &all {
        assert!(resolve(&doc, r).is_some(), "{r} resolves");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer", "the bearer scheme");
    documented_routes_answer(&app, &doc).await?;
    python_validates(&doc)?;
    app.cleanup().await;
    Ok(())
});
