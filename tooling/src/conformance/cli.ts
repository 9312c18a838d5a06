/** `tsx src/conformance/cli.ts [--quick] [--config NAME] [--only PATH] [--update-ratchet]` */
import { main } from "./run.js";

process.exitCode = await main(process.argv.slice(2));
