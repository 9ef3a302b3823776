//! How a matter's status follows from what happens to it. Statuses only move
//! forward: a finished matter (settled, decided, closed) stays finished
//! unless someone edits it by hand.

use super::vocab::{EventKind, MatterKind, MatterStatus};

/// The status of a matter of `kind` after an event of `event` (with
/// `outcome`, for determinations and appeal decisions) when it stood at
/// `current`.
pub fn status_after(kind: MatterKind, current: MatterStatus, event: EventKind, outcome: &str) -> MatterStatus {
    use MatterStatus as S;
    if !current.is_open() {
        return current;
    }
    let early = matches!(current, S::Draft | S::Submitted | S::Acknowledged);
    match event {
        EventKind::Submitted | EventKind::Received | EventKind::AppealFiled if kind == MatterKind::Appeal => {
            if current == S::Draft { S::Submitted } else { current }
        }
        EventKind::Submitted | EventKind::Received if current == S::Draft => S::Submitted,
        EventKind::Acknowledged | EventKind::AppealReceived if matches!(current, S::Draft | S::Submitted) => {
            S::Acknowledged
        }
        EventKind::InfoRequested
        | EventKind::InfoAnswered
        | EventKind::FeeRequested
        | EventKind::FeeAnswered
        | EventKind::ExtensionNotice
        | EventKind::ExpediteRequested
        | EventKind::ExpediteDecided
            if early =>
        {
            S::Processing
        }
        EventKind::Determination | EventKind::AppealDecided => decided(outcome).unwrap_or(current),
        EventKind::AppealFiled => S::Appealed,
        EventKind::ComplaintFiled if kind == MatterKind::Lawsuit => S::Pending,
        EventKind::ComplaintFiled => S::InLitigation,
        EventKind::Service | EventKind::AnswerFiled | EventKind::CourtOrder
            if kind == MatterKind::Lawsuit && matches!(current, S::Draft | S::Submitted) =>
        {
            S::Pending
        }
        EventKind::Judgment => S::Decided,
        EventKind::Settlement => S::Settled,
        EventKind::Closed => S::Closed,
        _ => current,
    }
}

fn decided(outcome: &str) -> Option<MatterStatus> {
    match outcome {
        "granted" => Some(MatterStatus::Granted),
        "partially_granted" => Some(MatterStatus::PartiallyGranted),
        "denied" => Some(MatterStatus::Denied),
        "no_records" => Some(MatterStatus::NoRecords),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MatterStatus as S;

    fn request(current: S, event: EventKind) -> S {
        status_after(MatterKind::FoiaRequest, current, event, "")
    }

    #[test]
    fn a_request_moves_forward_through_its_life() {
        assert_eq!(request(S::Draft, EventKind::Submitted), S::Submitted);
        assert_eq!(request(S::Submitted, EventKind::Acknowledged), S::Acknowledged);
        assert_eq!(request(S::Acknowledged, EventKind::FeeRequested), S::Processing);
        assert_eq!(
            status_after(MatterKind::FoiaRequest, S::Processing, EventKind::Determination, "partially_granted"),
            S::PartiallyGranted
        );
        assert_eq!(request(S::PartiallyGranted, EventKind::AppealFiled), S::Appealed);
        assert_eq!(request(S::Appealed, EventKind::ComplaintFiled), S::InLitigation);
        assert_eq!(request(S::InLitigation, EventKind::Closed), S::Closed);
    }

    #[test]
    fn late_or_repeated_events_do_not_move_it_back() {
        assert_eq!(request(S::Processing, EventKind::Acknowledged), S::Processing);
        assert_eq!(request(S::Denied, EventKind::ExtensionNotice), S::Denied);
        assert_eq!(request(S::Closed, EventKind::Submitted), S::Closed);
        assert_eq!(request(S::Processing, EventKind::Determination), S::Processing, "no outcome, no change");
    }

    #[test]
    fn lawsuits_and_appeals_have_their_own_path() {
        assert_eq!(status_after(MatterKind::Lawsuit, S::Draft, EventKind::ComplaintFiled, ""), S::Pending);
        assert_eq!(status_after(MatterKind::Lawsuit, S::Pending, EventKind::Settlement, ""), S::Settled);
        assert_eq!(status_after(MatterKind::Appeal, S::Draft, EventKind::AppealFiled, ""), S::Submitted);
        assert_eq!(status_after(MatterKind::Appeal, S::Submitted, EventKind::AppealDecided, "denied"), S::Denied);
    }
}
