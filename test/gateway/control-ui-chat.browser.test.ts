import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { llm } from "@clawfleet/testkit";
import { startControlUiStack, type ControlUiStack } from "./support/control-ui-stack.js";

// The chat of clawfleet's Control UI against the real gateway and agents processes, the model
// answered by the testkit's Anthropic fake: what a person sees after errors, reloads and long talks.
let stack: ControlUiStack;

before(async () => {
  stack = await startControlUiStack();
});

after(async () => {
  await stack?.stop();
});

describe("the Control UI chat", () => {
  it("keeps a failed reply in the chat as an error after a reload", async () => {
    const { page } = stack;
    await stack.open();
    stack.fake.script.enqueue(
      llm.error("invalid_request", { message: "this prompt is refused by policy" }),
    );
    await stack.say("please do the forbidden thing");
    const failed = page.locator('[data-testid="msg-assistant"][data-state="error"]');
    await failed.waitFor({ timeout: 20_000 });
    assert.match(await failed.innerText(), /refused by policy/);

    await page.reload();
    await page.locator('[data-testid="msg-user"]', { hasText: "forbidden thing" }).waitFor();
    const kept = page.locator('[data-testid="msg-assistant"][data-state="error"]');
    await kept.waitFor();
    assert.match(await kept.innerText(), /refused by policy/, "the error is still there");
    assert.equal(await kept.count(), 1, "shown once");
  });

  it("opens at the newest message of a long conversation", async () => {
    const { page } = stack;
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`);
    stack.fake.script.enqueue(llm.text([...lines, "the very last line"].join("\n\n")));
    await stack.say("write me sixty lines");
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "the very last line",
      })
      .waitFor({ timeout: 30_000 });
    for (const size of [
      { width: 1280, height: 720 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await page.reload();
      const last = page.getByText("the very last line");
      await last.waitFor();
      await page.waitForTimeout(300);
      assert.equal(await last.isVisible(), true);
      assert.ok(await inViewport(last), `the newest line is on screen at ${size.width}px`);
      assert.equal(
        await inViewport(page.locator('[data-testid="msg-user"]').first()),
        false,
        `the oldest message is scrolled away at ${size.width}px`,
      );
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });
});

async function inViewport(locator: ReturnType<ControlUiStack["page"]["locator"]>) {
  return locator.evaluate(
    (el) =>
      new Promise<boolean>((resolve) => {
        const observer = new IntersectionObserver((entries) => {
          observer.disconnect();
          resolve(entries[0]!.isIntersecting);
        });
        observer.observe(el);
      }),
  );
}
