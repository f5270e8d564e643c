//! Files compiled into the binary: templates and static assets.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

#[derive(RustEmbed)]
#[folder = "assets/"]
pub struct AssetFiles;

/// A static asset and the content hash that versions its URL.
pub struct Asset {
    pub bytes: std::borrow::Cow<'static, [u8]>,
    pub hash: String,
    pub mime: &'static str,
}

pub fn asset(path: &str) -> Option<Asset> {
    let file = AssetFiles::get(path)?;
    let hash = hex::encode(&file.metadata.sha256_hash()[..8]);
    let mime = match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    Some(Asset {
        bytes: file.data,
        hash,
        mime,
    })
}

/// The tera function `asset(path="css/site.css")`: a URL that changes when
/// the file does, so it can be cached for a year.
struct AssetUrl;

impl tera::Function for AssetUrl {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("asset() needs path=\"…\""))?;
        let found = asset(path).ok_or_else(|| tera::Error::msg(format!("no asset {path}")))?;
        Ok(tera::Value::String(format!(
            "/assets/{path}?v={}",
            found.hash
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

pub fn build_tera() -> Result<tera::Tera, String> {
    let mut tera = tera::Tera::default();
    let mut files = Vec::new();
    for name in TemplateFiles::iter() {
        let file = TemplateFiles::get(&name).ok_or_else(|| format!("template {name} vanished"))?;
        let text = String::from_utf8(file.data.into_owned())
            .map_err(|_| format!("template {name} is not UTF-8"))?;
        files.push((name.to_string(), text));
    }
    tera.autoescape_on(vec![".html"]);
    tera.register_function("t", crate::i18n::TeraTranslate);
    tera.register_function("asset", AssetUrl);
    tera.register_function(
        "contribution_rule",
        crate::web::views::contributions::RuleFunction,
    );
    tera.add_raw_templates(files).map_err(|e| {
        let mut msg = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            msg.push_str(&format!(": {s}"));
            source = s.source();
        }
        msg
    })?;
    Ok(tera)
}
