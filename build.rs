//! Rebuild when the default theme changes: it is compiled into the binary (see src/load/theme.rs).
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
