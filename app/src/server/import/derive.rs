//! Deadlines for imported matters, derived in memory by the engine
//! `recompute` uses and put in the form it stores (explanation JSON and
//! fingerprint), so that a later recomputation finds nothing to change.

use super::rows::ImportRow;
use crate::{
    domain::{
        calendar::Calendar,
        derive::{DerivedDeadline, EventFact, MatterFacts, derive_deadlines},
        rules::{Catalogue, catalogue_for_agency},
    },
    error::{AppError, AppResult},
    server::{entities::agency, services::deadlines::StoredExplanation},
};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The calendar and rules catalogue of each agency.
pub struct Engine {
    by_agency: HashMap<i32, (Calendar, Catalogue)>,
}

impl Engine {
    /// The engine for `agencies` on the stored calendar `base`.
    pub fn new(agencies: &[agency::Model], base: &Calendar) -> Engine {
        let by_id: HashMap<i32, &agency::Model> = agencies.iter().map(|a| (a.id, a)).collect();
        let by_agency = agencies
            .iter()
            .map(|a| {
                let own = catalogue_for_agency(&a.abbreviation);
                let parent = a.parent_id.and_then(|p| by_id.get(&p));
                let cat = match (own, parent) {
                    (Catalogue::Statute, Some(p)) => catalogue_for_agency(&p.abbreviation),
                    (own, _) => own,
                };
                (a.id, (base.clone().with_agency(&a.abbreviation), cat))
            })
            .collect();
        Engine { by_agency }
    }

    /// The deadlines of `row`'s events (event ids are 1-based positions in
    /// `row.events`).
    ///
    /// # Errors
    /// `Internal` when the row's agency is not in the engine.
    pub fn derive(&self, row: &ImportRow, today: NaiveDate) -> AppResult<Vec<DerivedDeadline>> {
        let (cal, catalogue) = self.by_agency.get(&row.agency_id).ok_or(AppError::Internal)?;
        let events = row
            .events
            .iter()
            .zip(1..)
            .map(|(e, id)| EventFact {
                id,
                kind: e.kind,
                date: e.date,
                outcome: (!e.outcome.is_empty()).then(|| e.outcome.clone()),
                label: e.title.clone(),
            })
            .collect();
        Ok(derive_deadlines(&MatterFacts { kind: row.kind, catalogue: *catalogue, events }, cal, today))
    }
}

/// Serialised explanations already made, by agency, rule, trigger date and
/// label. Only explanations without tolls, extensions, notes or warnings are
/// kept: those depend on nothing else (the rule, the agency's calendar and
/// catalogue, the trigger), so one serialisation serves every row alike.
#[derive(Default)]
pub struct Explanations(HashMap<(i32, &'static str, NaiveDate, String), String>);

impl Explanations {
    /// The stored explanation of `d`, a deadline of agency `agency_id`.
    ///
    /// # Errors
    /// `Internal` when it does not serialise.
    pub fn json(&mut self, agency_id: i32, d: &DerivedDeadline) -> AppResult<String> {
        let e = &d.computation.explanation;
        let plain =
            e.tolls.is_empty() && e.extension.is_none() && e.notes.is_empty() && d.computation.warnings.is_empty();
        let key = (agency_id, d.rule_id, e.trigger, e.trigger_label.clone());
        if let Some(json) = self.0.get(&key).filter(|_| plain) {
            return Ok(json.clone());
        }
        let stored = StoredExplanation { explanation: e.clone(), warnings: d.computation.warnings.clone() };
        let json = serde_json::to_string(&stored).map_err(|e| {
            tracing::error!(error = %e, "explanation does not serialise");
            AppError::Internal
        })?;
        if plain {
            self.0.insert(key, json.clone());
        }
        Ok(json)
    }
}
