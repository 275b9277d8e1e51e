// Reports in the real app: the weekly note of the last full week is previewed,
// its summary edited and saved as PDF (the text is in the file); a bad week is
// refused at the field; the indicators are saved as XLSX; both are in the
// archive and reopen; the journal is exported with personal data masked.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { startApp, mcu, Key } from "./harness.mjs";

const OWN_SUMMARY = "Свой вывод дежурного для главы района.";
let app;
before(async () => {
  app = await startApp({ demo: 600 });
  await app.login("Отчётов О.О.");
});
after(async () => { await app?.stop("reports-last"); });

test("the weekly note: preview, edited summary, PDF, bad week at the field", async () => {
  await app.keys(Key.F7);
  await app.visible("[data-testid=weekly-preview]");
  // MCU_NOW is Friday 27.11.2026: the last full week is 2026-W47.
  assert.equal(await app.value("[name=week]"), "2026-W47");
  const preview = await app.text("[data-testid=weekly-preview]");
  assert.match(preview, /за неделю 2026-W47 \(16\.11\.2026 — 22\.11\.2026\)/);
  assert.match(preview, /6\. Дорожные карты по устранению причин обращений/);
  assert.match(preview, /7\. Просроченные обращения/);
  assert.match(preview, /дежурный Отчётов О\.О\.$/, "one final stop after the initials");
  assert.ok(Number(await app.text("[data-testid=weekly-total]")) > 0, "demo data has appeals in the week");

  await app.type("[name=summary]", OWN_SUMMARY);
  await app.waitText("[data-testid=weekly-summary]", new RegExp(OWN_SUMMARY));
  await app.click("[data-testid=weekly-pdf]");
  await app.waitText("[data-testid=report-saved]", /Записка_2026-W47_.*\.pdf/);
  const pdf = (await app.text("[data-testid=report-saved] code")).trim();
  const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
  assert.match(text, /Аналитическая записка/);
  assert.match(text.replace(/\s+/g, " "), new RegExp(OWN_SUMMARY));
  assert.doesNotMatch(text, /Контрольная|Иванов Иван Иванович/, "no applicants in the note");

  await app.type("[name=week]", "2026-W99");
  await app.click("form.filters button[type=submit]");
  await app.fieldSays("week", /ГГГГ-Wнн/);
});

test("indicators as XLSX, then both reports in the archive", async () => {
  await app.chord(Key.ALT, "2");
  await app.visible("[data-testid=indicators-preview]");
  assert.equal(await app.value("[name=period]"), "2026-Q3");
  assert.match(await app.text("[data-testid=indicators-preview]"), /Показатели работы МЦУ, III квартал 2026 г./);
  await app.click("[data-testid=indicators-xlsx]");
  await app.waitText("[data-testid=report-saved]", /Показатели_2026-Q3_.*\.xlsx/);
  const xlsx = (await app.text("[data-testid=report-saved] code")).trim();
  assert.equal(readFileSync(xlsx).subarray(0, 2).toString(), "PK", "a zip package");

  await app.chord(Key.ALT, "3");
  await app.visible("[data-testid=archive-list]");
  const rows = await app.$$("[data-testid=archive-list] tbody tr");
  assert.equal(rows.length, 2);
  assert.match(mcu(app.db, "report", "archive"), /2026-W47/);
  await app.click("[data-testid=archive-list] tbody tr:last-child button.link");
  await app.visible("[data-testid=weekly-preview]");
  assert.match(await app.text("[data-testid=weekly-summary]"), new RegExp(OWN_SUMMARY));
  await app.click("[data-testid=archive-pdf]");
  await app.waitText("[data-testid=report-saved]", /\.pdf/);
});

test("the journal export masks personal data by default", async () => {
  await app.keys(Key.F2);
  await app.visible("[data-testid=journal]");
  await app.click("[data-testid=journal-export-open]");
  await app.visible("[data-testid=journal-export]");
  assert.equal(await (await app.$("[data-testid=export-masked]")).isSelected(), true);
  await app.click("[data-testid=journal-export] input[value=csv]");
  await app.click("[data-testid=journal-export-run]");
  await app.waitText("[data-testid=journal-export-saved]", /Выгружено 600: .*\.csv/);
  const csv = readFileSync((await app.text("[data-testid=journal-export-saved] code")).trim(), "utf8");
  assert.ok(csv.startsWith("\uFEFF"), "UTF-8 with BOM for Russian Excel");
  const full = JSON.parse(mcu(app.db, "show", "2026-00001", "--format", "json"));
  assert.ok(full.applicant_name && !csv.includes(full.applicant_name), `the full name ${full.applicant_name} is masked`);

  // The same selection as a register to print, masked too.
  await app.click("[data-testid=journal-export] input[value=pdf]");
  await app.click("[data-testid=journal-export-run]");
  await app.waitText("[data-testid=journal-export-saved]", /Выгружено 600: .*Реестр_обращений.*\.pdf/);
  const pdf = (await app.text("[data-testid=journal-export-saved] code")).trim();
  const register = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  assert.match(register, /Реестр обращений/);
  assert.match(register, /Отбор\s+все обращения\n\s*Обращений\s+600\n/);
  assert.match(register, /2026-00001/);
  assert.ok(!register.includes(full.applicant_name), "masked in the register too");

  await app.click("[data-testid=export-masked]");
  await app.waitText("[data-testid=journal-export] .warning", /полные персональные данные/);
  await app.keys(Key.ESCAPE);
  await app.gone("[data-testid=journal-export]");
});

test("the indicator list is edited: errors at their cells, then the report uses it", async () => {
  await app.keys(Key.F7);
  await app.chord(Key.ALT, "2");
  await app.visible("[data-testid=indicators-preview]");
  await app.click("[data-testid=indicator-list-open]");
  await app.visible("[data-testid=indicator-list]");
  const first = await app.value("[name=code-0]");
  await app.paste("[name=name-1]", "");
  await app.type("[name=code-2]", first);
  await app.type("[name=target-3]", "много");
  await app.click("[data-testid=indicator-list-save]");
  await app.waitText("[data-testid=indicator-list] .error", /Целевое значение — число/);
  await app.type("[name=target-3]", "90,5");
  await app.click("[data-testid=indicator-list-save]");
  await app.waitText("[data-testid=indicator-list] .error", /уже есть в списке/);
  await app.waitText("[data-testid=indicator-list] .error", /наименование/);
  assert.equal(JSON.parse(mcu(app.db, "report", "indicator-list"))[1].is_default, true, "nothing saved");

  await app.type("[name=name-1]", "Обращений всего (своя формулировка)");
  await app.type("[name=code-2]", "X03");
  await app.click("[data-testid=indicator-list-save]");
  await app.waitText("[data-testid=indicators-preview]", /Обращений всего \(своя формулировка\)/);
  const saved = JSON.parse(mcu(app.db, "report", "indicator-list"));
  assert.equal(saved[1].name, "Обращений всего (своя формулировка)");
  assert.equal(saved[1].is_default, false);
  assert.equal(saved[3].target, 90.5);
});

test("the change log: who changed what, by operator and period; a number opens the card", async () => {
  await app.keys(Key.F7);
  await app.chord(Key.ALT, "4");
  await app.visible("[data-testid=changes]");
  // The indicator list saved above is the newest change, by this operator.
  assert.match(await app.text("[data-testid=change-row]"), /Отчётов О\.О\.\s*Настройки\s*Правка\s*Перечень показателей/);

  await app.type("[data-testid=changes-filters] [name=from]", "32.11.2026");
  await app.click("[data-testid=changes-filters] button[type=submit]");
  await app.fieldSays("from", /ДД\.ММ\.ГГГГ/);

  await app.type("[data-testid=changes-filters] [name=from]", "01.01.2026");
  await app.type("[data-testid=changes-filters] [name=operator]", "Демо-данные");
  await app.click("[data-testid=changes-filters] button[type=submit]");
  await app.until(async () => {
    const operators = await app.texts("[data-testid=change-row] td:nth-child(2)");
    return operators.length > 0 && operators.every((o) => o === "Демо-данные");
  }, 10000, "the log is not narrowed to the demo operator");
  // 100 rows a page, and more on request.
  assert.equal((await app.$$("[data-testid=change-row]")).length, 100);
  await app.click("[data-testid=changes-more]");
  await app.until(async () => (await app.$$("[data-testid=change-row]")).length === 200);

  const number = (await app.text("[data-testid=change-row] button.link")).replace("№ ", "");
  await app.click("[data-testid=change-row] button.link");
  await app.visible("[data-testid=card]");
  assert.equal(await app.text("[data-testid=card-number]"), number);
});
