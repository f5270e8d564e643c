//! Field errors are message ids from the catalogue (`locales/`), so the web
//! layer can show them in the reader's language.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    /// Message id in the catalogue, e.g. `error-email-invalid`.
    pub message: &'static str,
    /// Named arguments for the message (e.g. a maximum length).
    pub args: Vec<(&'static str, String)>,
}

impl FieldError {
    pub fn new(field: &'static str, message: &'static str) -> Self {
        FieldError {
            field,
            message,
            args: Vec::new(),
        }
    }

    pub fn with_arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Collects the error of `result`, if any, and returns its value.
    pub fn take<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn by_field(&self) -> BTreeMap<&'static str, Vec<&FieldError>> {
        let mut map: BTreeMap<&'static str, Vec<&FieldError>> = BTreeMap::new();
        for e in &self.0 {
            map.entry(e.field).or_default().push(e);
        }
        map
    }

    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl From<FieldError> for FieldErrors {
    fn from(e: FieldError) -> Self {
        FieldErrors(vec![e])
    }
}

/// Checks a free-text field's length in characters, after trimming.
pub fn bounded_text(
    field: &'static str,
    value: &str,
    min: usize,
    max: usize,
) -> Result<String, FieldError> {
    let value = value.trim();
    let len = value.chars().count();
    if len < min {
        return Err(if min <= 1 {
            FieldError::new(field, "error-required")
        } else {
            FieldError::new(field, "error-too-short").with_arg("min", min)
        });
    }
    if len > max {
        return Err(FieldError::new(field, "error-too-long").with_arg("max", max));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(FieldError::new(field, "error-control-characters"));
    }
    Ok(value.to_string())
}
