// Backup copies in the real app: the automatic copy made after start, the
// policy refused at its fields and then saved, a copy made by hand into the
// chosen folder, a restore that brings the register back to the copy and
// keeps the replaced database, a damaged copy refused with a reason, and the
// control screen's warning when copies have stopped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, mcu, Key } from "./harness.mjs";

let app;
before(async () => {
  app = await startApp({ demo: 30 });
  await app.login("Иванова А.П.");
});
after(async () => { await app?.stop("backup-last"); });

const total = async (n) => {
  await app.keys(Key.F2);
  await app.waitText("[data-testid=journal-total]", new RegExp(`из ${n}$`), 15000);
};

async function openTab() {
  await app.keys(Key.F9);
  await app.click("[data-testid=tab-backups]");
  await app.visible("[data-testid=backups]");
}

test("an automatic copy is made after start into the default folder", async () => {
  await openTab();
  // The shell makes it a few seconds after start; the tab shows it once reopened.
  const folder = join(app.exportDir, "Резервные копии");
  await app.until(async () => existsSync(folder) && readdirSync(folder).some((f) => f.startsWith("Автокопия_")), 20000);
  await app.click("[data-testid=tab-numbering]");
  await app.click("[data-testid=tab-backups]");
  await app.waitText("[data-testid=backup-last]", /Последняя копия: 27\.11\.2026 10:0\d \(автоматически, \d+,\d МБ\)/);
  assert.deepEqual(readdirSync(folder).filter((f) => f.endsWith(".partial")), []);
});

test("the policy is refused at its fields, then saved; a copy by hand goes to the chosen folder", async () => {
  await app.type("[data-testid=backup-settings] input[name=every_days]", "0");
  await app.type("[data-testid=backup-settings] input[name=keep]", "0");
  await app.type("[data-testid=backup-settings] input[name=folder]", "копии");
  await app.click("[data-testid=backup-settings] button[type=submit]");
  await app.fieldSays("every_days", /раз в 1–30 дней/);
  await app.fieldSays("keep", /от 1 до 365/);
  await app.fieldSays("folder", /полный путь/);

  // A folder that is not there (a USB stick not plugged in) is refused, not created.
  const usb = join(app.dir, "usb");
  await app.type("[data-testid=backup-settings] input[name=every_days]", "1");
  await app.type("[data-testid=backup-settings] input[name=keep]", "7");
  await app.type("[data-testid=backup-settings] input[name=folder]", usb);
  await app.click("[data-testid=backup-settings] button[type=submit]");
  await app.fieldSays("folder", /недоступна \(флешка или сетевой диск не подключены\?\)/);
  assert.equal(existsSync(usb), false);
  mkdirSync(usb);
  await app.click("[data-testid=backup-settings] button[type=submit]");
  await app.waitText("[data-testid=backups]", new RegExp(`Папка: ${usb}`));

  await app.click("[data-testid=backup-now]");
  await app.waitText("[data-testid=backup-made]", /Копия сохранена: .*\/usb\/Копия_2026-11-27_10-\d\d-\d\d\.sqlite \(\d+,\d МБ, обращений: 30\)/);
  await app.waitText("[data-testid=backup-list] td", /вручную/);
  assert.equal(readdirSync(usb).filter((f) => f.startsWith("Копия_")).length, 1);
  await app.screenshot("reference-backups");
});

test("a restore brings the register back to the copy and keeps the replaced database", async () => {
  // Five more appeals after the copy (the command works beside the window).
  mcu(app.db, "demo", "--appeals", "5", "--seed", "2");
  await total(35);
  await openTab();
  await app.click("[data-testid=backup-restore]");
  await app.waitText("[data-testid=confirm]", /Заменить текущую базу копией от 27\.11\.2026/);
  await app.click("[data-testid=confirm-yes]");
  await app.waitText("[data-testid=restored]", /Прежняя база сохранена: .*mcu\.before-restore-\d{14}\.sqlite/, 20000);
  // «Продолжить» reloads the page onto the restored database.
  await app.afterReload(() => app.click("[data-testid=restored-ok]"));
  await total(30);
  const saved = readdirSync(app.dir).find((f) => f.startsWith("mcu.before-restore-"));
  assert.ok(saved, readdirSync(app.dir).join(", "));
  const kept = JSON.parse(mcu(join(app.dir, saved), "list", "--limit", "1", "--format", "json"));
  assert.equal(kept.total, 35);
});

test("a damaged copy is refused with a reason and the register stays as it was", async () => {
  writeFileSync(join(app.dir, "usb", "Копия_2026-01-01_00-00-00.sqlite"), "это не база".repeat(500));
  await openTab();
  assert.equal((await app.$$("[data-testid=backup-restore]")).length, 2);
  // The list is newest first: the damaged copy of 1 January is the second row.
  await app.click("[data-testid=backup-list] tbody tr:nth-child(2) [data-testid=backup-restore]");
  await app.click("[data-testid=confirm-yes]");
  await app.waitText("[data-testid=backup-error]", /не является целой копией базы МЦУ·Дежурный: это не файл базы данных/);
  await total(30);
});

test("the control screen warns when copies have stopped and opens the tab", async () => {
  await openTab();
  await app.click("[data-testid=backup-settings] input[name=auto]");
  await app.click("[data-testid=backup-settings] button[type=submit]");
  await app.waitText(".statusbar, body", /Настройки резервных копий сохранены/);
  await app.keys(Key.F3);
  await app.visible("[data-testid=control]");
  await app.gone("[data-testid=backup-warning]");
  // Only the old (damaged) copy of 1 January is left in the folder.
  for (const f of readdirSync(join(app.dir, "usb"))) if (!f.includes("2026-01-01")) rmSync(join(app.dir, "usb", f));
  await app.keys(Key.F2);
  await app.keys(Key.F3);
  await app.waitText("[data-testid=backup-warning]", /Последняя резервная копия базы сделана 330 дн\. назад; автоматические копии выключены\./);
  await app.click("[data-testid=backup-warning] button");
  await app.visible("[data-testid=backups]");
  await app.waitText("[data-testid=backup-last]", /01\.01\.2026 00:00/);
});

test("a copy brought on a USB stick is restored by its path; a wrong path is refused at the field", async () => {
  const stick = join(app.dir, "stick");
  const made = mcu(app.db, "backup", "create", "--dir", stick);
  assert.match(made, /обращений: 30/);
  const copy = join(stick, readdirSync(stick)[0]);
  mcu(app.db, "demo", "--appeals", "4", "--seed", "5");
  await total(34);
  await openTab();
  await app.type("[data-testid=backup-other] input[name=restore_path]", join(stick, "нет-такого.sqlite"));
  await app.click("[data-testid=backup-other] button[type=submit]");
  await app.waitText("[data-testid=confirm]", /Заменить текущую базу файлом .*нет-такого\.sqlite/);
  await app.click("[data-testid=confirm-yes]");
  await app.fieldSays("restore_path", /Файл копии не найден/);
  await total(34);

  await openTab();
  await app.type("[data-testid=backup-other] input[name=restore_path]", copy);
  await app.click("[data-testid=backup-other] button[type=submit]");
  await app.click("[data-testid=confirm-yes]");
  await app.waitText("[data-testid=restored]", /Прежняя база сохранена/, 20000);
  await app.afterReload(() => app.click("[data-testid=restored-ok]"));
  await total(30);
});
