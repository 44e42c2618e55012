import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
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
  });
});
