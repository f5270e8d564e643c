// Migrations, templates, locales and assets are embedded in the binary:
// rebuild when any of them changes.
fn main() {
    for dir in ["migrations", "templates", "locales", "assets"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
