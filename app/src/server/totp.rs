//! Time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second
//! steps), the optional second sign-in factor. A code is accepted for the
//! step before, the current one and the one after (clocks drift), and only
//! for a step later than the last one accepted, so a code works once.

use crate::error::{AppError, AppResult};
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per step.
const STEP: u64 = 30;
/// Who issues the codes, as authenticator apps show it.
const ISSUER: &str = "Docket";

/// A fresh random secret (160 bits), base32 without padding.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret: &str, account: &str) -> AppResult<TOTP> {
    let bytes = Secret::Encoded(secret.to_string()).to_bytes().map_err(|e| {
        tracing::error!(error = ?e, "stored TOTP secret is not base32");
        AppError::Internal
    })?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP, bytes, Some(ISSUER.to_string()), account.replace(':', "_")).map_err(|e| {
        tracing::error!(error = ?e, "TOTP secret refused");
        AppError::Internal
    })
}

/// The `otpauth://` address an authenticator app reads (from the QR code).
///
/// # Errors
/// `Internal` when the secret is not valid base32.
pub fn otpauth_url(secret: &str, account: &str) -> AppResult<String> {
    Ok(totp(secret, account)?.get_url())
}

/// The otpauth address as an SVG QR code.
///
/// # Errors
/// `Internal` when the address does not fit a QR code.
pub fn qr_svg(url: &str) -> AppResult<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| {
        tracing::error!(error = %e, "QR code");
        AppError::Internal
    })?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .dark_color(qrcode::render::svg::Color("#111111"))
        .light_color(qrcode::render::svg::Color("#ffffff"))
        .build())
}

/// The code of `secret` at Unix time `at` (seconds).
///
/// # Errors
/// `Internal` when the secret is not valid base32.
pub fn code_at(secret: &str, at: u64) -> AppResult<String> {
    Ok(totp(secret, "code")?.generate(at))
}

/// The time step at which `code` is valid for `secret` around Unix time
/// `now`, if any step within one of now's is later than `last_step`.
///
/// # Errors
/// `Internal` when the secret is not valid base32.
pub fn accepted_step(secret: &str, code: &str, now: u64, last_step: Option<i64>) -> AppResult<Option<i64>> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    let t = totp(secret, "code")?;
    let current = now / STEP;
    for step in [current.saturating_sub(1), current, current + 1] {
        let Ok(signed) = i64::try_from(step) else { continue };
        if last_step.is_some_and(|last| signed <= last) {
            continue;
        }
        if constant_time_eq(t.generate(step * STEP).as_bytes(), code.as_bytes()) {
            return Ok(Some(signed));
        }
    }
    Ok(None)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
    const RFC_KEY: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_rfc_6238_test_vectors() {
        // The RFC's 8-digit values, of which a 6-digit code is the last six.
        for (time, eight) in
            [(59, "94287082"), (1_111_111_109, "07081804"), (1_234_567_890, "89005924"), (2_000_000_000, "69279037")]
        {
            assert_eq!(code_at(RFC_KEY, time).unwrap(), eight[2..], "at {time}");
        }
    }

    #[test]
    fn accepts_one_step_of_drift_and_each_step_once() {
        let now = 1_234_567_890;
        let code = code_at(RFC_KEY, now).unwrap();
        let step = accepted_step(RFC_KEY, &code, now, None).unwrap().unwrap();
        assert_eq!(step, i64::try_from(now / STEP).unwrap());
        assert_eq!(accepted_step(RFC_KEY, &code, now + STEP, None).unwrap(), Some(step), "a step late");
        assert_eq!(accepted_step(RFC_KEY, &code, now - STEP, None).unwrap(), Some(step), "a step early");
        assert_eq!(accepted_step(RFC_KEY, &code, now + 3 * STEP, None).unwrap(), None, "too late");
        assert_eq!(accepted_step(RFC_KEY, &code, now, Some(step)).unwrap(), None, "used twice");
        assert_eq!(accepted_step(RFC_KEY, "005 924", now, None).unwrap(), Some(step), "spaces are ignored");
        assert_eq!(accepted_step(RFC_KEY, "005925", now, None).unwrap(), None, "a wrong code");
        assert_eq!(accepted_step(RFC_KEY, "abcdef", now, None).unwrap(), None);
    }

    #[test]
    fn new_secrets_differ_and_make_urls_and_qr_codes() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        let url = otpauth_url(&a, "ana:attorney").unwrap();
        assert!(url.starts_with("otpauth://totp/Docket:ana_attorney?"), "{url}");
        assert!(url.contains(&format!("secret={a}")), "{url}");
        assert!(qr_svg(&url).unwrap().starts_with("<?xml"));
    }
}
