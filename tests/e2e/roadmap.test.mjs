// Road maps in the real app: a problem point becomes a measure (prefilled),
// bad input is refused at the fields, the saved measure is overdue, the weekly
// note and the control screen show it, and its figures open the journal with
// the same counts; completing it is audited and takes it off the list of open
// measures; the plan is saved as a PDF.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startApp, Key } from "./harness.mjs";

let app;
before(async () => {
  app = await startApp({ demo: 600 });
  await app.login("Аналитик А.А.");
});
after(async () => { await app?.stop("roadmap-last"); });

test("a problem point becomes a road-map measure; errors are shown at the fields", async () => {
  await app.keys(Key.F6);
  await app.chord(Key.ALT, "3");
  await app.type("[data-testid=trends-week]", "2026-W47");
  await app.keys(Key.ENTER);
  await app.waitText("[data-testid=trends-summary]", /точек роста — [1-9]/);
  const settlement = await app.text("[data-testid=trends-table] tbody tr td:nth-child(2)");
  await app.click("[data-testid=trend-plan]");

  await app.visible("[data-testid=roadmap-form]");
  await app.waitValue("textarea[name=problem]", /^Рост обращений за неделю 2026-W47: \d+ при среднем/);
  await app.visible("[data-testid=roadmap-form] [data-testid=question-chip]");
  const sel = await app.$("select[name=settlement_id]");
  assert.equal(await (await sel.findElement({ css: "option:checked" })).getText(), settlement);

  await app.click("[data-testid=roadmap-save]");
  await app.waitText("[data-testid=roadmap-form] .error", /Укажите мероприятие/);
  assert.match(await app.fieldError("measure"), /Укажите мероприятие/);
  assert.match(await app.fieldError("responsible"), /Укажите ответственное должностное лицо/);
  assert.match(await app.fieldError("due_date"), /Укажите срок реализации/);

  await app.type("textarea[name=measure]", "Обследовать и промыть канализационный коллектор");
  await app.type("input[name=responsible]", "Осипов А. В., МУП «ЖКХ Пестравского района»");
  await app.type("input[name=start_date]", "09.11.2026");
  await app.type("input[name=due_date]", "31.11.2026");
  await app.click("[data-testid=roadmap-save]");
  await app.fieldSays("due_date", /Срок реализации: дата в виде ДД\.ММ\.ГГГГ/);
  // What was typed is still there after the refusal.
  await app.waitValue("input[name=responsible]", /^Осипов А\. В\./);

  await app.type("input[name=due_date]", "20.11.2026");
  await app.type("input[name=funding]", "без затрат");
  await app.click("[data-testid=roadmap-save]");
  await app.waitText("[data-testid=notice]", /Мероприятие добавлено в дорожную карту/);
  await app.gone("[data-testid=roadmap-form]");
  await app.waitText("[data-testid=roadmap-summary]", /Мероприятий: 1, в работе: 1, просрочено: 1/);
  await app.waitText("[data-testid=roadmap-row]", /Обследовать и промыть канализационный коллектор/);
  await app.waitText("[data-testid=roadmap-row]", /просрочено/);
  await app.screenshot("analytics-roadmap");

  // The weekly note lists it, overdue, in its road-map section.
  await app.keys(Key.F7);
  await app.waitText("[data-testid=weekly-roadmap]", /Обследовать и промыть канализационный коллектор/);
  await app.waitText("[data-testid=weekly-roadmap]", /Запланировано, срок нарушен/);
  await app.waitText("[data-testid=weekly-summary]", /Мероприятий дорожных карт в работе: 1, из них с нарушением срока: 1\./);
  // The control screen does not let it go unnoticed either.
  await app.keys(Key.F3);
  await app.waitText("[data-testid=roadmap-overdue]", /с нарушением срока: 1/);
  await app.click("[data-testid=roadmap-overdue] button");
  await app.visible("[data-testid=roadmap-table]");
});

test("the figures of a measure open the journal with the same counts", async () => {
  for (const [which, re] of [["before", /Журнал: (\d+) за 8 недель/], ["since", /Журнал: (\d+) с 09\.11\.2026/]]) {
    const n = await app.fresh(async () => {
      const link = await app.reveal(`[data-testid=effect-${which}]`);
      const n = Number((await link.getAttribute("title")).match(re)[1]);
      assert.ok(which === "since" ? n >= 3 : n >= 0, `${which}: ${n}`);
      await link.click();
      return n;
    });
    await app.visible("[data-testid=journal]");
    await app.waitText("[data-testid=journal-total]", new RegExp(`из ${n.toLocaleString("ru-RU")}$`));
    await app.keys(Key.F6);
    await app.visible("[data-testid=roadmap-table]");
  }
});

test("completing a measure is audited and takes it off the open list", async () => {
  await app.click("[data-testid=roadmap-row] td");
  await app.visible("[data-testid=roadmap-history]");
  await app.select("select[name=status]", "done");
  await app.click("[data-testid=roadmap-save]");
  await app.fieldSays("done_date", /Укажите, когда мероприятие выполнено/);
  await app.type("input[name=done_date]", "26.11.2026");
  await app.type("textarea[name=result]", "Коллектор промыт, засоров нет");
  await app.chord(Key.CONTROL, Key.ENTER); // saves from the text area too
  await app.waitText("[data-testid=notice]", /Мероприятие сохранено/);
  await app.waitText("[data-testid=roadmap-summary]", /Мероприятий: 1, в работе: 0$/);
  await app.waitText("[data-testid=roadmap-table]", /Все мероприятия выполнены или отменены/);

  await app.click("[data-testid=roadmap-open-only]");
  await app.waitText("[data-testid=roadmap-row]", /Выполнено\s*26\.11\.2026/);
  await app.click("[data-testid=roadmap-row] td");
  await app.waitText("[data-testid=roadmap-history]", /Аналитик А\.А\.: Статус: «Запланировано» → «Выполнено»/);
  await app.waitText("[data-testid=roadmap-history]", /Дата выполнения: «» → «26\.11\.2026»/);

  // Esc closes an untouched form at once, and asks before dropping typed text.
  await app.click("[data-testid=roadmap-add]");
  await app.visible("[data-testid=roadmap-form]");
  await app.keys(Key.ESCAPE);
  await app.gone("[data-testid=roadmap-form]");
  await app.click("[data-testid=roadmap-add]");
  await app.type("textarea[name=problem]", "Черновик проблемы");
  await app.keys(Key.ESCAPE);
  await app.click("[data-testid=confirm-no]");
  await app.waitValue("textarea[name=problem]", /^Черновик проблемы$/);
  await app.keys(Key.ESCAPE);
  await app.click("[data-testid=confirm-yes]");
  await app.gone("[data-testid=roadmap-form]");

  // The road map as a document to approve and print.
  await app.click("[data-testid=roadmap-pdf]");
  await app.waitText("[data-testid=notice]", /Сохранено: .*Дорожная_карта_.*\.pdf/);
  const pdf = readdirSync(app.exportDir).find((f) => f.startsWith("Дорожная_карта_") && f.endsWith(".pdf"));
  const text = execFileSync("pdftotext", [join(app.exportDir, pdf), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  assert.match(text, /План \(«дорожная карта»\) по устранению причин обращений/);
  assert.match(text, /Мероприятий: 1, из них в работе: 0, с нарушением срока: 0, выполнено: 1\./);
  assert.match(text, /Выполнено 26\.11\.2026/);
});
