import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { llm } from "@clawfleet/testkit";
import { startControlUiStack, type ControlUiStack } from "./support/control-ui-stack.js";
import { holdChatHistory } from "./support/held-history.js";

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

  it("keeps a message sent while the history is still loading on screen once it arrives", async () => {
    const { page } = stack;
    await stack.open();
    await stack.say("said before the slow reload");
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "said before the slow reload",
      })
      .waitFor({ timeout: 20_000 });
    const history = await holdChatHistory(page);
    await page.reload();
    await history.holding;
    await stack.say("typed while the history loads");
    const sent = page.locator('[data-testid="msg-user"]', {
      hasText: "typed while the history loads",
    });
    await sent.waitFor();
    history.release();
    await page
      .locator('[data-testid="msg-user"]', { hasText: "said before the slow reload" })
      .waitFor();
    assert.equal(await sent.count(), 1, "the message typed during the load is shown, once");
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "typed while the history loads",
      })
      .waitFor({ timeout: 20_000 });
  });

  it("opens at the newest message of a long conversation", async () => {
    const { page } = stack;
    await stack.open();
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

  it("ends a stalled reply with a visible error and lets the person write again", async () => {
    const { page } = stack;
    await stack.open();
    await page.evaluate(() => localStorage.setItem("clawfleet.chatStallSeconds", "2"));
    await page.reload();
    await page.getByTestId("send").waitFor();
    stack.fake.script.enqueue(llm.delay(9000, llm.text("a late answer after all")));
    await stack.say("are you still there");
    const stalled = page.locator('[data-testid="msg-assistant"][data-state="error"]', {
      hasText: "stalled",
    });
    await stalled.waitFor({ timeout: 8000 });
    assert.match(await stalled.innerText(), /No reply for 2 s/);
    assert.equal(await page.getByLabel("message").isEnabled(), true, "the composer is usable");
    assert.equal(await page.getByTestId("send").isEnabled(), true, "Send is back");
    assert.equal(await page.getByTestId("stop").count(), 0, "no Stop for a reply given up");
    // The model did answer in the end: the reply shows instead of the error.
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "a late answer after all",
      })
      .waitFor({ timeout: 20_000 });
    await page.evaluate(() => localStorage.removeItem("clawfleet.chatStallSeconds"));
  });

  it("queues messages written while a reply streams; Stop marks the reply stopped and hands them back", async () => {
    const { page } = stack;
    await stack.open();
    await page.getByTestId("send").waitFor();
    const story = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    stack.fake.script.enqueue(llm.text(story));
    await stack.say("tell me a very long story");
    await page.locator('[data-testid="msg-assistant"][data-state="streaming"]').waitFor();
    await stack.say("first follow-up");
    await stack.say("second follow-up");
    const queued = page.locator('[data-testid="msg-user"][data-state="queued"]');
    assert.deepEqual(
      (await queued.allInnerTexts()).map((t) => t.split("\n")[0]),
      ["first follow-up", "second follow-up"],
    );
    assert.match(await queued.first().innerText(), /queued/);
    assert.equal(await page.getByLabel("message").inputValue(), "", "the composer is free");

    await page.locator('[data-testid="msg-assistant"]', { hasText: "word1" }).waitFor();
    await page.getByTestId("stop").click();
    const stopped = page.locator('[data-testid="msg-assistant"][data-state="aborted"]');
    await stopped.waitFor({ timeout: 15_000 });
    assert.match(await stopped.innerText(), /stopped/);
    assert.ok(!(await stopped.innerText()).includes("word299"), "the reply was cut short");
    assert.equal(await queued.count(), 0, "nothing left queued");
    assert.equal(
      await page.getByLabel("message").inputValue(),
      "first follow-up\n\nsecond follow-up",
      "the queued messages are back in the composer, unsent",
    );
    await page.waitForTimeout(500);
    assert.equal(
      stack.fake.requests.filter((r) => r.lastUserText.includes("follow-up")).length,
      0,
      "the model never saw them",
    );
    await page.getByLabel("message").fill("");

    // The stopped reply is kept: after a reload it is still there, cut short and marked stopped.
    await stack.open();
    const kept = page.locator('[data-testid="msg-assistant"][data-state="aborted"]').last();
    await kept.waitFor({ timeout: 15_000 });
    assert.match(await kept.innerText(), /word0 word1/);
    assert.match(await kept.innerText(), /stopped/);
    assert.ok(!(await kept.innerText()).includes("word299"));
  });

  it("sends a queued message by itself once the reply ends", async () => {
    const { page } = stack;
    await stack.open();
    await page.getByTestId("send").waitFor();
    const story = Array.from({ length: 120 }, (_, i) => `part${i}`).join(" ");
    stack.fake.script.enqueue(llm.text(story));
    await stack.say("one more long story");
    await page.locator('[data-testid="msg-assistant"][data-state="streaming"]').waitFor();
    await stack.say("and then this");
    await page.locator('[data-testid="msg-user"][data-state="queued"]').waitFor();
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', { hasText: "part119" })
      .waitFor({ timeout: 20_000 });
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "echo: and then this",
      })
      .waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('[data-testid="msg-user"][data-state="queued"]').count(), 0);
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
