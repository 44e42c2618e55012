import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { llm } from "@clawfleet/testkit";
import { startControlUiStack, type ControlUiStack } from "./support/control-ui-stack.js";

// The assistant's views of clawfleet's Control UI (Automations, Usage) against the real gateway and
// agents processes, the model answered by the testkit's Anthropic fake.
let stack: ControlUiStack;

before(async () => {
  stack = await startControlUiStack();
});

after(async () => {
  await stack?.stop();
});

// First: the Automations test's manual run is a model call of its own, counted from then on.
describe("the Control UI Usage view", () => {
  it("shows the tokens the model reported for a turn, per model and agent, and today's bar", async () => {
    const { page, fake } = stack;
    await stack.open("chat");
    fake.script.enqueue(llm.text("counted reply", { usage: { input: 4321, output: 87 } }));
    await stack.say("how much did that cost");
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', { hasText: "counted reply" })
      .waitFor({ timeout: 20_000 });

    await stack.open("usage");
    await page.getByTestId("usage-input").getByText("4,321").waitFor();
    assert.match(await page.getByTestId("usage-output").innerText(), /^87\b/);
    // claude-sonnet-4-5 at $3 / $15 per million tokens: 4321 × 3 + 87 × 15 = 14,268 µ$.
    assert.match(await page.getByTestId("usage-cost").innerText(), /\$0\.0143/);
    assert.match(
      await page.getByTestId("usage-by-model").innerText(),
      /claude-sonnet-4-5\s+4,321\s+87/,
    );
    assert.match(await page.getByTestId("usage-by-agent").innerText(), /main\s+4,321\s+87/);

    const today = new Date().toISOString().slice(0, 10);
    const bars = page.getByTestId("usage-bar");
    assert.equal(await bars.count(), 7, "a bar per day of the last 7");
    const todayBar = page.locator(`[data-testid="usage-bar"][data-date="${today}"]`);
    assert.equal(await todayBar.getAttribute("data-tokens"), String(4321 + 87));
    const heights = await todayBar
      .locator("rect")
      .evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("height"))));
    assert.ok(
      heights.every((h) => h > 0),
      `today's bar is drawn (heights ${heights.join(", ")})`,
    );

    await page.getByRole("button", { name: "Today" }).click();
    await page.waitForFunction(
      () =>
        document
          .querySelector("claw-app")
          ?.shadowRoot?.querySelector("claw-usage")
          ?.shadowRoot?.querySelectorAll('[data-testid="usage-bar"]').length === 1,
    );
    assert.match(await page.getByTestId("usage-input").innerText(), /4,321/);
  });
});

describe("the Control UI Automations view", () => {
  it("adds a job through the form, runs it now, shows a bad cron expression's error and deletes it", async () => {
    const { page } = stack;
    await stack.open("automations");
    await page.getByRole("button", { name: "Add job" }).click();
    const form = page.getByRole("form", { name: "add job" });
    await form.locator('[name="name"]').fill("morning digest");
    await form.locator('[name="expr"]').fill("0 9 * * 1-5");
    await form.locator('[name="tz"]').fill("Europe/Rome");
    await form.locator('[name="message"]').fill("summarise the overnight news");
    await form.getByRole("button", { name: "Add job" }).click();

    const job = page.locator('[data-testid="cron-job"]', { hasText: "morning digest" });
    await job.waitFor();
    assert.match(
      await job.getByTestId("schedule").innerText(),
      /cron 0 9 \* \* 1-5 \(Europe\/Rome\)/,
    );
    assert.match(await job.innerText(), /enabled/);
    assert.match(await job.innerText(), /never run/);

    await job.getByRole("button", { name: "Run now" }).click();
    await job.getByTestId("cron-run").first().waitFor();
    assert.match(await job.getByTestId("cron-runs").innerText(), /manual/);

    await job.getByRole("button", { name: "Disable" }).click();
    await job.getByRole("button", { name: "Enable" }).waitFor();
    assert.match(await job.innerText(), /disabled/);

    await form.locator('[name="name"]').fill("broken");
    await form.locator('[name="expr"]').fill("61 * * * *");
    await form.locator('[name="message"]').fill("never scheduled");
    await form.getByRole("button", { name: "Add job" }).click();
    const exprError = form.getByTestId("error-expr");
    await exprError.waitFor();
    assert.match(await exprError.innerText(), /invalid cron expression "61 \* \* \* \*"/);
    assert.equal(await page.locator('[data-testid="cron-job"]').count(), 1, "nothing was added");

    await page.setViewportSize({ width: 390, height: 844 });
    const box = await job.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, "the job fits a phone's width");
    await page.setViewportSize({ width: 1280, height: 720 });

    page.once("dialog", (dialog) => void dialog.accept());
    await job.getByRole("button", { name: "Delete" }).click();
    await job.waitFor({ state: "detached" });
    assert.equal(await page.locator('[data-testid="cron-job"]').count(), 0);

    await form.getByLabel("schedule kind").selectOption("every");
    await form.locator('[name="every"]').fill("30");
    await form.locator('[name="name"]').fill("water the plants");
    await form.locator('[name="message"]').fill("remind me to water the plants");
    await form.locator('[name="channel"]').fill("telegram");
    await form.locator('[name="to"]').fill("12345");
    await form.getByRole("button", { name: "Add job" }).click();
    const every = page.locator('[data-testid="cron-job"]', { hasText: "water the plants" });
    await every.waitFor();
    assert.equal(
      await every.getByTestId("schedule").innerText(),
      "every 30 minutes · main · own session → telegram:12345",
    );
  });
});
