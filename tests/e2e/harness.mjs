// Starts the real app through tauri-driver (WebKitWebDriver underneath) on an
// isolated database, and gives tests a small vocabulary for driving it.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { Builder, By, Key, until } from "selenium-webdriver";
import { Select } from "selenium-webdriver/lib/select.js";

export { By, Key, until, Select };

const root = resolve(import.meta.dirname, "../..");
const target = process.env.CARGO_TARGET_DIR ? resolve(process.env.CARGO_TARGET_DIR) : join(root, "target");
export const APP = process.env.MCU_APP ?? join(target, "debug", "mcu-app");
export const CLI = process.env.MCU_CLI ?? join(target, "debug", "mcu");
export const NOW = "2026-11-27T10:00";
export const artifacts = join(root, "tests", "e2e", "artifacts");

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

async function waitForPort(port, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((res) => {
      const c = net.connect(port, "127.0.0.1", () => { c.end(); res(true); });
      c.on("error", () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not open port ${port}`);
}

/** Runs the `mcu` command on a database; returns stdout. */
export function mcu(db, ...args) {
  const input = args.length && typeof args[args.length - 1] === "object" ? args.pop().input : undefined;
  return execFileSync(CLI, ["--db", db, ...args], { env: { ...process.env, MCU_NOW: NOW }, encoding: "utf8", input });
}

/**
 * Starts the app on a fresh database, optionally with `demo` synthetic appeals.
 */
export async function startApp({ demo = 0, prepare = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "mcu-e2e-"));
  const db = join(dir, "mcu.sqlite");
  mcu(db, "init");
  if (demo) mcu(db, "demo", "--appeals", String(demo), "--seed", "11");
  if (prepare) prepare(db);
  const port = await freePort();
  const nativePort = await freePort();
  const driverBin = process.env.TAURI_DRIVER ?? "tauri-driver";
  // Its own process group, so that stopping kills WebKitWebDriver and the app too.
  const driver = spawn(driverBin, ["--port", String(port), "--native-port", String(nativePort)], {
    detached: true,
    // XDG_DATA_HOME: WebKit keeps its local storage there; each run gets its own.
    env: { ...process.env, MCU_NOW: NOW, MCU_DB: db, XDG_DATA_HOME: join(dir, "data"), MCU_EXPORT_DIR: join(dir, "export") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let driverLog = "";
  driver.stdout.on("data", (d) => (driverLog += d));
  driver.stderr.on("data", (d) => (driverLog += d));
  await waitForPort(port);
  const caps = { browserName: "wry", "tauri:options": { application: APP, args: ["--db", db] } };
  const browser = await new Builder().usingServer(`http://127.0.0.1:${port}/`).withCapabilities(caps).build();
  await browser.wait(until.elementLocated(By.css(".topbar")), 20000);
  const app = new App(browser, db, dir);
  app.exportDir = join(dir, "export");
  const within = (p, ms) => Promise.race([p, new Promise((r) => setTimeout(r, ms))]);
  app.stop = async (name = "last") => {
    // The last screen is kept for whoever reads a failure; a stuck driver must not hang the run.
    try { await within(app.screenshot(name), 15000); } catch { /* no window */ }
    try { await within(browser.quit(), 15000); } catch { /* already gone */ }
    try { process.kill(-driver.pid, "SIGKILL"); } catch { /* already gone */ }
    return driverLog;
  };
  return app;
}

/**
 * A wait condition that treats an element replaced while it was being read
 * (WebKitWebDriver: "Stale element found…", when the page re-renders between
 * finding and reading) as "not yet" instead of failing the wait.
 */
function retryStale(condition) {
  return async () => {
    try {
      return await condition();
    } catch (e) {
      if (e?.name === "StaleElementReferenceError") return false;
      throw e;
    }
  };
}

export class App {
  constructor(browser, db, dir) {
    this.b = browser;
    this.db = db;
    this.dir = dir;
  }
  $(css) { return this.b.wait(until.elementLocated(By.css(css)), 10000); }
  async $$(css) { return this.b.findElements(By.css(css)); }
  async text(css) { return (await this.$(css)).getText(); }
  async visible(css, ms = 10000) {
    const el = await this.b.wait(until.elementLocated(By.css(css)), ms);
    await this.b.wait(until.elementIsVisible(el), ms);
    return el;
  }
  async gone(css, ms = 10000) {
    await this.b.wait(retryStale(async () => (await this.b.findElements(By.css(css))).length === 0), ms, `${css} still present`);
  }
  /** Sends keys to whatever has focus. */
  async keys(...k) { await this.b.actions({ async: true }).sendKeys(...k).perform(); }
  async chord(mod, key) {
    await this.b.actions({ async: true }).keyDown(mod).sendKeys(key).keyUp(mod).perform();
  }
  /** Scrolls an element to the middle of its scrolling panel (WebKitWebDriver
   *  does not scroll nested panels by itself). */
  async reveal(css) {
    const el = await this.$(css);
    await this.b.executeScript((e) => e.scrollIntoView({ block: "center" }), el);
    return el;
  }
  async click(css) {
    const el = await this.reveal(css);
    await el.click();
    return el;
  }
  async type(css, value) {
    const el = await this.reveal(css);
    await el.clear();
    await el.sendKeys(value);
    return el;
  }
  /** Puts a value into a field the way a paste does (for very long or exotic text). */
  async paste(css, value) {
    const el = await this.$(css);
    await this.b.executeScript(
      (e, v) => { e.value = v; e.dispatchEvent(new Event("input", { bubbles: true })); },
      el, value,
    );
    return el;
  }
  async select(css, value) { await new Select(await this.reveal(css)).selectByValue(value); }
  async value(css) { return (await this.$(css)).getAttribute("value"); }
  /** The error shown at a field, "" for none; read again if the field re-rendered meanwhile. */
  async fieldError(name) {
    const xpath = `//*[@name='${name}']/ancestor::label[contains(@class,'field')]//span[contains(@class,'error')]`;
    for (let attempt = 0; ; attempt++) {
      try {
        const els = await this.b.findElements(By.xpath(xpath));
        return els.length ? await els[0].getText() : "";
      } catch (e) {
        if (e?.name !== "StaleElementReferenceError" || attempt >= 4) throw e;
      }
    }
  }
  /** Answers the "who is on duty" dialog shown at the first start. */
  async login(name) {
    const input = await this.visible("[data-testid=operator-dialog] input[name=operator]");
    await input.sendKeys(name, Key.ENTER);
    await this.gone("[data-testid=operator-dialog]");
  }
  async screenshot(name) {
    mkdirSync(artifacts, { recursive: true });
    const png = await this.b.takeScreenshot();
    const file = join(artifacts, `${name}.png`);
    writeFileSync(file, png, "base64");
    return file;
  }
  /** Waits for a field's current value (a textarea's text is not its getText). */
  async waitValue(css, re, ms = 10000) {
    await this.b.wait(retryStale(async () => re.test((await (await this.$(css)).getAttribute("value")) ?? "")), ms, `no ${css} value matching ${re}`);
  }
  /** Waits for `condition`, reading a re-rendered element as "not yet". */
  async until(condition, ms = 10000, message = "condition not met") {
    await this.b.wait(retryStale(condition), ms, message);
  }
  async waitText(css, re, ms = 10000) {
    await this.b.wait(retryStale(async () => {
      const els = await this.b.findElements(By.css(css));
      for (const e of els) if (re.test(await e.getText())) return true;
      return false;
    }), ms, `no ${css} matching ${re}`);
  }
}
