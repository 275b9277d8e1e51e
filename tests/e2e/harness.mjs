// Starts the real app through tauri-driver (WebKitWebDriver underneath) on an
// isolated database, and gives tests a small vocabulary for driving it.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import net from "node:net";
import { Builder, By, Key, until } from "selenium-webdriver";

export { By, Key, until };

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
  const app = new App(browser, db, dir);
  await app.$(".topbar", 20000);
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

/** An element replaced by a re-render between finding and reading it
 *  (WebKitWebDriver: "Stale element found…"). */
const replacedElement = (e) => e?.name === "StaleElementReferenceError";

/**
 * The whole document being replaced (a reload). WebKit fails every script call
 * still in flight when the old document's window goes away, with "Callback was
 * not called before the unload event." (NoSuchFrameError here; other WebKit
 * versions report it as "no such window" or "javascript error", hence the
 * message), and an element of the old document reads as stale afterwards.
 */
const replacedDocument = (e) =>
  replacedElement(e) || e?.name === "NoSuchFrameError" || /before the unload event/.test(e?.message ?? "");

/** A wait condition that reads the errors `replaced` recognises as "not yet". */
function notYet(replaced, condition) {
  return async () => {
    try {
      return await condition();
    } catch (e) {
      if (replaced(e)) return false;
      throw e;
    }
  };
}

/**
 * Runs in the page. True once this is not the document marked before a reload
 * (window.__e2eOldDocument) and the app in it is ready: the top bar is drawn and
 * the app has its data; until then «Новое обращение» is disabled and the
 * function keys (F2, Ctrl+N…) are ignored.
 */
function freshAppReady() {
  return !window.__e2eOldDocument && document.querySelector(".topbar [data-testid=nav-new]")?.disabled === false;
}

export class App {
  constructor(browser, db, dir) {
    this.b = browser;
    this.db = db;
    this.dir = dir;
  }
  /** The first element matching `css`, waited for. */
  $(css, ms = 10000) {
    return this.until(async () => (await this.b.findElements(By.css(css)))[0], ms, `no ${css}`);
  }
  async $$(css) { return this.b.findElements(By.css(css)); }
  /**
   * Runs `read` (finds elements, then reads or clicks them) again if an element
   * it found was replaced by a re-render before it was used: WebDriver checks
   * the element first, so what it was to do did not happen.
   */
  async fresh(read, attempts = 5) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (e) {
        if (!replacedElement(e) || attempt >= attempts) throw e;
      }
    }
  }
  async text(css) { return this.fresh(async () => (await this.$(css)).getText()); }
  /** The texts of every element matching `css`, read again if the list re-rendered meanwhile. */
  async texts(css) { return this.fresh(async () => Promise.all((await this.$$(css)).map((e) => e.getText()))); }
  /** An attribute of every element matching `css`, read again if the list re-rendered meanwhile. */
  async attrs(css, name) { return this.fresh(async () => Promise.all((await this.$$(css)).map((e) => e.getAttribute(name)))); }
  /** The first element matching `css` once it is shown. */
  async visible(css, ms = 10000) {
    return this.until(async () => {
      const [el] = await this.b.findElements(By.css(css));
      return el && (await el.isDisplayed()) && el;
    }, ms, `no visible ${css}`);
  }
  async gone(css, ms = 10000) {
    await this.until(async () => (await this.b.findElements(By.css(css))).length === 0, ms, `${css} still present`);
  }
  /**
   * Does `action`, which makes the page reload (a restore, a refresh), and
   * returns once a fresh document has replaced the marked old one and the app in
   * it is ready. Until then a call may still reach the old document, or fail as
   * it unloads; only this wait reads such failures as "not yet".
   */
  async afterReload(action, ms = 20000) {
    await this.b.executeScript(() => { window.__e2eOldDocument = true; });
    try {
      await action();
    } catch (e) {
      // The reload it started may cut the action's own last call short.
      if (!replacedDocument(e)) throw e;
    }
    await this.b.wait(notYet(replacedDocument, () => this.b.executeScript(freshAppReady)), ms,
      "the page was not reloaded, or the app in the new page did not get ready");
  }
  /** Sends keys to whatever has focus. */
  async keys(...k) { await this.b.actions({ async: true }).sendKeys(...k).perform(); }
  async chord(mod, key) {
    await this.b.actions({ async: true }).keyDown(mod).sendKeys(key).keyUp(mod).perform();
  }
  /** Scrolls an element to the middle of its scrolling panel (WebKitWebDriver
   *  does not scroll nested panels by itself). */
  async reveal(css) {
    return this.fresh(async () => {
      const el = await this.$(css);
      await this.b.executeScript((e) => e.scrollIntoView({ block: "center" }), el);
      return el;
    });
  }
  async click(css) {
    return this.fresh(async () => {
      const el = await this.reveal(css);
      await el.click();
      return el;
    });
  }
  async type(css, value) {
    return this.fresh(async () => {
      const el = await this.reveal(css);
      await el.clear();
      await el.sendKeys(value);
      return el;
    });
  }
  /** Puts a value into a field the way a paste does (for very long or exotic text). */
  async paste(css, value) {
    return this.fresh(async () => {
      const el = await this.$(css);
      await this.b.executeScript(
        (e, v) => { e.value = v; e.dispatchEvent(new Event("input", { bubbles: true })); },
        el, value,
      );
      return el;
    });
  }
  /** Chooses the option with `value` in a <select>, once that option is there. (Not
   *  selenium's Select: its constructor reads the element in promises nobody awaits.) */
  async select(css, value) {
    await this.fresh(async () => {
      const option = await this.until(
        async () => (await (await this.reveal(css)).findElements(By.css(`option[value=${JSON.stringify(value)}]`)))[0],
        10000, `no option ${value} in ${css}`);
      if (!(await option.isSelected())) await option.click();
    });
  }
  async value(css) { return this.fresh(async () => (await this.$(css)).getAttribute("value")); }
  /** The error shown at a field, "" for none. */
  async fieldError(name) {
    const xpath = `//*[@name='${name}']/ancestor::label[contains(@class,'field')]//span[contains(@class,'error')]`;
    return this.fresh(async () => {
      const els = await this.b.findElements(By.xpath(xpath));
      return els.length ? els[0].getText() : "";
    });
  }
  /** Waits for the error at a field to match `re` (errors checked by the app's
   *  core arrive after the click that submitted the form has returned). */
  async fieldSays(name, re, ms = 10000) {
    await this.until(async () => re.test(await this.fieldError(name)), ms, `no error at ${name} matching ${re}`);
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
    await this.until(async () => re.test((await (await this.$(css)).getAttribute("value")) ?? ""), ms, `no ${css} value matching ${re}`);
  }
  /** Waits for `condition` to return something truthy and returns it, reading
   *  an element replaced by a re-render as "not yet". */
  until(condition, ms = 10000, message = "condition not met") {
    return this.b.wait(notYet(replacedElement, condition), ms, message);
  }
  async waitText(css, re, ms = 10000) {
    await this.until(async () => {
      const els = await this.b.findElements(By.css(css));
      for (const e of els) if (re.test(await e.getText())) return true;
      return false;
    }, ms, `no ${css} matching ${re}`);
  }
}
