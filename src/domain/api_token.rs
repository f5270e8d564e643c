//! Personal API tokens: what a token may do.

use std::fmt;
use std::str::FromStr;

use super::contribution::text_enum;
use super::validation::FieldError;

// What a personal API token may do: read only (GET and HEAD requests), or
// read and write as its owner would.
text_enum!(TokenScope {
    Read => "read",
    ReadWrite => "read-write",
});

impl TokenScope {
    /// What a token gets when its creator does not choose: the least that
    /// works, so that a token copied into a dashboard or leaked from a
    /// script cannot vote, post or delete anything in its owner's name.
    pub const DEFAULT: TokenScope = TokenScope::Read;

    /// The scope asked for at creation; absent or blank is the default.
    pub fn parse(raw: Option<&str>) -> Result<TokenScope, FieldError> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(TokenScope::DEFAULT),
            Some(code) => code
                .parse()
                .map_err(|_| FieldError::new("scope", "error-token-scope-invalid")),
        }
    }

    /// Whether a request made with the token may go ahead: reads always,
    /// writes only with a read-write token.
    pub fn allows(self, writes: bool) -> bool {
        !writes || self == TokenScope::ReadWrite
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_token_reads_and_a_read_write_token_also_writes() {
        assert!(TokenScope::Read.allows(false));
        assert!(!TokenScope::Read.allows(true));
        assert!(TokenScope::ReadWrite.allows(false));
        assert!(TokenScope::ReadWrite.allows(true));
    }

    #[test]
    fn the_scope_is_read_unless_asked_otherwise() {
        assert_eq!(TokenScope::parse(None), Ok(TokenScope::Read));
        assert_eq!(TokenScope::parse(Some(" ")), Ok(TokenScope::Read));
        assert_eq!(TokenScope::parse(Some("read")), Ok(TokenScope::Read));
        assert_eq!(
            TokenScope::parse(Some(" read-write ")),
            Ok(TokenScope::ReadWrite)
        );
        let refused = TokenScope::parse(Some("admin")).unwrap_err();
        assert_eq!(refused.field, "scope");
    }
}
