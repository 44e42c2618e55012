import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { UI_CONFIG, startControlUiStack, type ControlUiStack } from "./support/control-ui-stack.js";
import { holdChatHistory } from "./support/held-history.js";

// The chat's session switcher and model picker in Chromium against the real gateway and agents
// processes (the model answered by the testkit's Anthropic fake), as a person uses them.
const CONFIG = {
  ...UI_CONFIG,
  agents: {
    ...UI_CONFIG.agents,
    defaults: {
      ...UI_CONFIG.agents.defaults,
      models: { "anthropic/claude-haiku-4-5": { alias: "haiku" } },
    },
  },
};
let stack: ControlUiStack;

before(async () => {
  stack = await startControlUiStack({ config: CONFIG, chunkDelayMs: 5 });
});

after(async () => {
  await stack?.stop();
});

/** Opens the switcher (if closed) and answers the rows it lists. */
async function openSwitcher(page: Page) {
  const toggle = page.getByTestId("sessions-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await page.getByTestId("session-switcher").waitFor();
  return page.locator('[data-testid="chat-session"]');
}

/** The session key the chat shows now. */
function chatKey(page: Page): Promise<string | undefined> {
  return page.evaluate(
    () =>
      (
        document.querySelector("claw-app")?.shadowRoot?.querySelector("claw-chat") as
          (Element & { sessionKey?: string }) | null | undefined
      )?.sessionKey,
  );
}

/** Starts a new chat from the switcher and answers its session key. */
async function newChat(page: Page): Promise<string> {
  await openSwitcher(page);
  const before = await chatKey(page);
  await page.getByTestId("new-chat").click();
  await page.waitForFunction((old) => {
    const chat = document.querySelector("claw-app")?.shadowRoot?.querySelector("claw-chat") as
      (Element & { sessionKey?: string }) | null | undefined;
    return chat?.sessionKey !== undefined && chat.sessionKey !== old;
  }, before);
  const key = (await chatKey(page))!;
  await page.locator('[data-testid="chat-title"]', { hasText: key }).waitFor();
  return key;
}

/** Renames the chat with `key` through the switcher's rename button and its prompt. */
async function rename(page: Page, key: string, name: string): Promise<void> {
  await openSwitcher(page);
  page.once("dialog", (dialog) => void dialog.accept(name));
  await page
    .locator(`[data-testid="chat-session"][data-key="${key}"] button[title="Rename"]`)
    .click();
  await page
    .locator(`[data-testid="chat-session"][data-key="${key}"]`, { hasText: name })
    .waitFor();
}

describe("the Control UI chat's sessions", () => {
  it("starts a new chat that appears in the list and holds its own conversation", async () => {
    const { page } = stack;
    await stack.open();
    const key = await newChat(page);
    assert.match(key, /^agent:main:web-[0-9a-f]{8}$/);
    const rows = await openSwitcher(page);
    await page.locator(`[data-testid="chat-session"][data-key="${key}"]`).waitFor();
    assert.ok((await rows.count()) >= 1);
    await page.getByTestId("sessions-toggle").click();
    await stack.say("hello from the new chat");
    await page.locator('[data-testid="msg-assistant"][data-state="done"]').waitFor({
      timeout: 20_000,
    });
    await openSwitcher(page);
    await page.locator('[data-testid="chat-session"][data-key="agent:main:main"] .pick').click();
    await page.locator("text=hello from the new chat").waitFor({ state: "detached" });
  });

  it("shows only the picked chat's history when an earlier chat's history arrives late", async () => {
    const { page } = stack;
    await stack.open();
    await openSwitcher(page);
    await page.locator('[data-testid="chat-session"][data-key="agent:main:main"] .pick').click();
    await stack.say("words only the main chat holds");
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "words only the main chat holds",
      })
      .waitFor({ timeout: 20_000 });
    const key = await newChat(page);
    const history = await holdChatHistory(page);
    await page.reload();
    await history.holding;
    await openSwitcher(page);
    await page.locator('[data-testid="chat-session"][data-key="agent:main:main"] .pick').click();
    await openSwitcher(page);
    await page.locator(`[data-testid="chat-session"][data-key="${key}"] .pick`).click();
    // The picked chat's history arrives first, the main chat's (asked for earlier) after it.
    history.release("newest-first");
    await page.getByTestId("sessions-toggle").click();
    await stack.say("a word in the new chat");
    // Frames arrive in order: once this reply shows, the late history has been read too.
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', {
        hasText: "a word in the new chat",
      })
      .waitFor({ timeout: 20_000 });
    assert.equal(await chatKey(page), key);
    assert.doesNotMatch(
      await page.getByTestId("chat-log").innerText(),
      /words only the main chat holds/,
      "the main chat's history is not shown in the new chat",
    );
  });

  it("renames a chat; the new name is still there after a reload", async () => {
    const { page } = stack;
    await stack.open();
    const key = await newChat(page);
    await rename(page, key, "Holiday plans");
    await page.reload();
    await page.locator('[data-testid="chat-title"]', { hasText: "Holiday plans" }).waitFor();
    await openSwitcher(page);
    const row = page.locator(`[data-testid="chat-session"][data-key="${key}"]`);
    assert.equal(await row.getByTestId("chat-session-title").innerText(), "Holiday plans");
  });

  it("filters the list by what is typed in the search box", async () => {
    const { page } = stack;
    await stack.open();
    const alpha = await newChat(page);
    await rename(page, alpha, "Alpha recipes");
    const beta = await newChat(page);
    await rename(page, beta, "Beta taxes");
    await openSwitcher(page);
    await page.getByLabel("search chats").fill("alpha");
    const shown = page.locator('[data-testid="chat-session"]');
    await page.waitForFunction(
      () =>
        document
          .querySelector("claw-app")!
          .shadowRoot!.querySelector("claw-chat")!
          .shadowRoot!.querySelector("claw-session-switcher")!
          .shadowRoot!.querySelectorAll('[data-testid="chat-session"]').length === 1,
    );
    assert.deepEqual(await shown.getByTestId("chat-session-title").allInnerTexts(), [
      "Alpha recipes",
    ]);
    await page.getByLabel("search chats").fill("web-");
    assert.ok((await shown.count()) >= 2, "a key matches too");
    await page.getByLabel("search chats").fill("");
  });

  it("deletes a chat after asking; it is gone from the list, also after a reload", async () => {
    const { page } = stack;
    await stack.open();
    const key = await newChat(page);
    await rename(page, key, "Throwaway");
    await openSwitcher(page);
    let asked = "";
    page.once("dialog", (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page
      .locator(`[data-testid="chat-session"][data-key="${key}"] button[title="Delete"]`)
      .click();
    await page.locator(`[data-testid="chat-session"][data-key="${key}"]`).waitFor({
      state: "detached",
    });
    assert.match(asked, /Delete "Throwaway"\?/);
    await page.locator('[data-testid="chat-title"]', { hasText: "agent:main:main" }).waitFor();
    await page.reload();
    await openSwitcher(page);
    await page.locator('[data-testid="chat-session"][data-key="agent:main:main"]').waitFor();
    assert.equal(await page.locator(`[data-testid="chat-session"][data-key="${key}"]`).count(), 0);
  });

  it("sends the chat's next turn to the model picked for it, and back to the default", async () => {
    const { page, fake } = stack;
    await stack.open();
    await newChat(page);
    await page.getByTestId("model-picker").selectOption("anthropic/claude-haiku-4-5");
    await page.reload();
    await page.waitForFunction(
      () =>
        (
          document
            .querySelector("claw-app")
            ?.shadowRoot?.querySelector("claw-chat")
            ?.shadowRoot?.querySelector("claw-model-picker")
            ?.shadowRoot?.querySelector("select") as HTMLSelectElement | null | undefined
        )?.value === "anthropic/claude-haiku-4-5",
    );
    await stack.say("which model are you");
    await page.locator('[data-testid="msg-assistant"][data-state="done"]').waitFor({
      timeout: 20_000,
    });
    assert.equal(fake.requests.all().at(-1)!.model, "claude-haiku-4-5");
    await page.getByTestId("model-picker").selectOption("");
    await page.reload();
    await page.getByTestId("send").waitFor();
    await stack.say("and now");
    await page.locator('[data-testid="msg-assistant"][data-state="done"]').nth(1).waitFor({
      timeout: 20_000,
    });
    assert.equal(fake.requests.all().at(-1)!.model, "claude-sonnet-4-5");
  });

  it("fits a phone: the open switcher with a long name and the picker scroll nothing sideways", async () => {
    const { page } = stack;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await stack.open();
      const key = await newChat(page);
      await rename(page, key, "A rather long chat name that goes on and on about many things");
      await openSwitcher(page);
      await page.getByTestId("model-picker").waitFor();
      const overflow = await page.evaluate(() => {
        const main = document.querySelector("claw-app")!.shadowRoot!.querySelector("main")!;
        return Math.max(
          document.documentElement.scrollWidth - window.innerWidth,
          main.scrollWidth - main.clientWidth,
        );
      });
      assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
      const box = await page.getByTestId("new-chat").boundingBox();
      assert.ok(box && box.x + box.width <= 390, "New chat is on screen");
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });
});
