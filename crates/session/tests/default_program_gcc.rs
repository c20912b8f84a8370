//! The program the playground opens on is real C: gcc -m32 (the reference the playground is
//! held to) compiles it without warnings, and it prints what its comments promise.

use std::process::Command;

use memplay_session::DEFAULT_PROGRAM;

#[test]
fn default_program_compiles_and_runs_under_gcc_m32() {
    let dir = std::env::temp_dir().join(format!("memplay-gcc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("default.c");
    let binary = dir.join("default");
    std::fs::write(&source, DEFAULT_PROGRAM).unwrap();
    let compiled = Command::new("gcc")
        .args(["-m32", "-std=c11", "-Wall", "-Wextra", "-Werror", "-o"])
        .arg(&binary)
        .arg(&source)
        .output()
        .expect("gcc runs");
    assert!(
        compiled.status.success(),
        "gcc -m32 rejected the default program (is gcc-multilib installed? `cargo xtask setup --test`):\n{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let ran = Command::new(&binary).output().expect("the program runs");
    assert!(ran.status.success());
    assert_eq!(String::from_utf8_lossy(&ran.stdout), "sum = 60\n");
    std::fs::remove_dir_all(&dir).unwrap();
}
