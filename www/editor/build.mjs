// Builds the CodeMirror editor bundle (one IIFE that sets globalThis.memplayEditor).
//
//   node www/editor/build.mjs [OUTPUT]
//
// OUTPUT defaults to <repo>/target/editor/editor.js. Paths are resolved from
// this script's location, so it can be run from any working directory.

import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const entry = resolve(here, "src", "editor.js");
const outfile = process.argv[2]
  ? resolve(process.cwd(), process.argv[2])
  : resolve(repo, "target", "editor", "editor.js");

let esbuild;
try {
  esbuild = await import("esbuild");
} catch (err) {
  console.error(`editor bundle: cannot load esbuild (run \`npm ci\` in ${resolve(repo, "www")}): ${err.message}`);
  process.exit(1);
}

try {
  mkdirSync(dirname(outfile), { recursive: true });
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    legalComments: "none",
    logLevel: "silent",
  });
} catch (err) {
  const messages = err && Array.isArray(err.errors) && err.errors.length
    ? (await esbuild.formatMessages(err.errors, { kind: "error", color: false })).join("")
    : String(err && err.message ? err.message : err);
  console.error(`editor bundle: build failed\n${messages}`);
  process.exit(1);
}

const code = readFileSync(outfile);
const gz = gzipSync(code, { level: 9 });
console.log(`editor bundle: ${outfile} (${code.length} bytes, ${gz.length} bytes gzip)`);
