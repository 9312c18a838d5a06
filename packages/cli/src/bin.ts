#!/usr/bin/env node
// Entry point of the `sigma` command: kept tiny so start-up is fast; everything else loads lazily.
import("./main.js")
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  });
