// Measures how long the window takes to become interactive (the journal's rows
// on screen) on a database of N appeals. Not a test: a benchmark.
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/bench-startup.mjs [appeals] [runs] [app]
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Builder, By, until } from "selenium-webdriver";
import { APP, mcu } from "./harness.mjs";

const appeals = Number(process.argv[2] ?? 100000);
const runs = Number(process.argv[3] ?? 5);
const app = process.argv[4] ?? APP;
const dir = mkdtempSync(join(tmpdir(), "mcu-bench-"));
const db = join(dir, "mcu.sqlite");
mcu(db, "demo", "--appeals", String(appeals), "--seed", "5");

const port = 4600 + Math.floor(Math.random() * 300);
const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(port + 1)], {
  env: { ...process.env, XDG_DATA_HOME: join(dir, "data") },
  stdio: "ignore",
});
await new Promise((r) => setTimeout(r, 1500));
const times = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  const b = await new Builder().usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application: app, args: ["--db", db] } }).build();
  const tSession = performance.now();
  await b.wait(until.elementLocated(By.css("[data-testid=journal-row]")), 30000);
  const t1 = performance.now();
  times.push([t1 - t0, tSession - t0]);
  await b.quit();
}
driver.kill();
times.sort((a, b) => a[0] - b[0]);
const med = times[Math.floor(times.length / 2)];
console.log(`appeals ${appeals}, runs ${runs}: start → journal rows on screen median ${med[0].toFixed(0)} ms ` +
  `(of which WebDriver session/launch ${med[1].toFixed(0)} ms); all: ${times.map((t) => t[0].toFixed(0)).join(", ")} ms`);

