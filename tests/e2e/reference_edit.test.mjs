// Reference data edited in the app, an appeal edited with F4, and the journal's
// filters on demo data.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startApp, mcu, Key, By } from "./harness.mjs";

let app;
before(async () => {
  app = await startApp({ demo: 200 });
  await app.login("Сидоров В.В.");
});
after(async () => { await app?.stop("reference_edit-last"); });

test("a settlement's population and coordinates are edited with errors at the fields", async () => {
  await app.keys(Key.F9);
  await app.click("[data-testid=tab-settlements]");
  await app.fresh(async () => {
    const cell = await app.until(async () => {
      for (const r of await app.$$("[data-testid=settlements] tbody tr")) {
        if ((await r.getText()).startsWith("Майское")) return r.findElement(By.css("td"));
      }
    }, 10000, "no row of Майское");
    await app.b.executeScript((e) => e.scrollIntoView({ block: "center" }), cell);
    await cell.click();
  });
  await app.type(".ref-form [name=population]", "сто");
  await app.type(".ref-form [name=lat]", "52.41");
  await app.click(".ref-form button[type=submit]");
  await app.fieldSays("population", /не число/);
  await app.fieldSays("lon", /обе координаты/);
  await app.type(".ref-form [name=population]", "1204");
  await app.type(".ref-form [name=lon]", "49.88");
  await app.click(".ref-form button[type=submit]");
  await app.waitText("[data-testid=settlements] tbody tr", /Майское.*1204.*52\.41, 49\.88/s);
});

test("the number pattern changes the numbers of new appeals", async () => {
  await app.click("[data-testid=tab-numbering]");
  await app.type("[name=number_pattern]", "{YYYY}");
  await app.click(".ref-form button[type=submit]");
  await app.fieldSays("number_pattern", /счётчик/);
  await app.type("[name=number_pattern]", "ПС-{YY}/{N:4}");
  await app.click(".ref-form button[type=submit]");
  await app.waitText("[data-testid=notice]", /Шаблон номера сохранён/);
  await app.chord(Key.CONTROL, "n");
  await app.visible("form [name=channel]");
  await app.select("[name=channel]", "phone");
  await app.waitText("[data-testid=next-number]", /^ПС-26\/\d{4}$/);
});

test("an appeal is edited with F4 and the change is in its history", async () => {
  await app.select("[name=appeal_type]", "request");
  await app.type("[name=applicant_name]", "Курочкина Л.М.");
  await app.type("[name=text]", "Когда откроют баню в селе?");
  const t = await app.type("[name=questions]", "бытовое обслуж");
  await app.visible("[data-testid=topic-suggestions]");
  await t.sendKeys(Key.ENTER);
  await app.click("[data-testid=form-save]");
  await app.visible("[data-testid=card]");
  const number = await app.text("[data-testid=card-number]");
  assert.match(number, /^ПС-26\//);

  await app.keys(Key.F4);
  await app.visible("form [name=applicant_phone]");
  await app.type("[name=applicant_phone]", "8 846 74 2-11-11");
  await app.select("[name=settlement]", "Майское");
  await (await app.$("[name=applicant_phone]")).sendKeys(Key.ENTER);
  await app.visible("[data-testid=card]");
  const history = await app.text("[data-testid=history]");
  assert.match(history, /Правка\s*Телефон\s*8 846 74 2-11-11/);
  assert.match(history, /Населённый пункт\s*Майское/);
  const card = JSON.parse(mcu(app.db, "show", number, "--format", "json"));
  assert.equal(card.settlement, "Майское");
  assert.equal(card.history.filter((h) => h.action === "update").every((h) => h.operator === "Сидоров В.В."), true);
});

test("journal filters: overdue only, and a short search is explained", async () => {
  await app.keys(Key.F2);
  await app.visible("[data-testid=journal-row]");
  const expected = JSON.parse(mcu(app.db, "list", "--overdue", "--format", "json", "--limit", "1000")).total;
  assert.ok(expected > 0);
  await app.click("[data-testid=filter-overdue]");
  await app.waitText("[data-testid=journal-total]", new RegExp(`из ${expected}$`));
  const rows = await app.$$("[data-testid=journal-row]");
  for (const r of rows.slice(0, 10)) assert.match(await r.getAttribute("class"), /overdue/);
  await app.click("[data-testid=filter-overdue]");
  const search = await app.$("[data-testid=search]");
  await search.sendKeys("во");
  await app.waitText("[data-testid=search-error]", /не менее 3 символов/);
  await search.sendKeys("да");
  await app.gone("[data-testid=search-error]");
  await app.visible("[data-testid=journal-row]");
});

test("a calendar change is previewed, then moves the open deadlines", async () => {
  // 59-ФЗ appeal registered 26.11.2026: due Saturday 26.12 → Monday 28.12.2026.
  const json = JSON.stringify({
    received_at: "2026-11-26T09:00", registered_at: "2026-11-26T10:00", channel: "letter", appeal_type: "statement",
    applicant_name: "Календарная А.А.", text: "Проверка календаря", questions: ["0003.0009.0097.0690"],
  });
  const number = JSON.parse(mcu(app.db, "add", "--json", "-", "--format", "json", { input: json })).number;
  await app.keys(Key.F9);
  await app.click("[data-testid=tab-calendar]");
  await app.type(".ref-form [name=date]", "26.12.2026");
  await app.select(".ref-form [name=kind]", "working");
  await app.type(".ref-form [name=note]", "Перенос рабочего дня (проверка)");
  await app.click("[data-testid=override-check]");
  await app.waitText("[data-testid=override-preview]", new RegExp(`${number}\\s*28\\.12\\.2026\\s*26\\.12\\.2026`));
  assert.equal(JSON.parse(mcu(app.db, "show", number, "--format", "json")).deadline.due_date, "2026-12-28", "preview changes nothing");
  await app.click("[data-testid=override-apply]");
  await app.waitText("[data-testid=overrides]", /26\.12\.2026/);
  assert.equal(JSON.parse(mcu(app.db, "show", number, "--format", "json")).deadline.due_date, "2026-12-26");
});

test("notification settings are saved", async () => {
  await app.click("[data-testid=tab-notifications]");
  await app.visible("[data-testid=notify-settings]");
  await app.type("[name=interval_seconds]", "5");
  await app.click("[data-testid=notify-settings] button[type=submit]");
  await app.fieldSays("interval_seconds", /от 10 до 3600/);
  await app.type("[name=interval_seconds]", "120");
  await app.click("[data-testid=notify-settings] button[type=submit]");
  await app.waitText("[data-testid=notice]", /Настройки уведомлений сохранены/);
});

test("the office's particulars: errors at the fields, then the window and the letters use them", async () => {
  await app.keys(Key.F9);
  await app.click("[data-testid=tab-office]");
  await app.visible("[data-testid=office-profile]");
  assert.match(await app.value("[name=name]"), /Пестравский/);
  await app.paste("[name=short_name]", "");
  await app.type("[name=population]", "около 15 тысяч");
  await app.click("[data-testid=office-save]");
  await app.fieldSays("short_name", /Укажите краткое наименование/);
  await app.fieldSays("population", /целое число/);
  // Nothing typed is lost after the refusal.
  await app.waitValue("[name=population]", /^около 15 тысяч$/);

  await app.type("[name=short_name]", "МЦУ Образцового района");
  await app.type("[name=name]", "Муниципальный центр управления Образцового района");
  await app.type("[name=population]", "20 500");
  await app.type("[name=signer_position]", "Глава Образцового района");
  await app.type("[name=signer_name]", "О. О. Образцов");
  await app.click("[data-testid=office-save]");
  await app.waitText("[data-testid=notice]", /Сведения об организации сохранены/);
  await app.waitText(".topbar .office", /^МЦУ Образцового района$/);
  await app.waitValue("[name=population]", /^20500$/);

  // A letter to an applicant now carries the new header and its signer.
  const number = JSON.parse(mcu(app.db, "add", "--json", "-", "--format", "json", {
    input: JSON.stringify({
      received_at: "2026-11-26T09:00", registered_at: "2026-11-26T10:00", channel: "letter", appeal_type: "statement",
      applicant_name: "Письмова Ольга Ивановна", text: "Прошу убрать сухое дерево.", questions: ["0003.0009.0097.0690"],
    }),
  })).number;
  const out = join(app.dir, "answer.txt");
  mcu(app.db, "paper", number, "--kind", "answer", "--format", "txt", "-o", out);
  const letter = readFileSync(out, "utf8");
  assert.match(letter, /^Муниципальный центр управления Образцового района\n/);
  assert.match(letter, /Глава Образцового района: _+ О\. О\. Образцов/);
});
