import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { llm } from "@clawfleet/testkit";
import { COMPAT_TOKEN, startCompatStack, type CompatStack } from "./support/compat-stack.js";
import { serveControlUi } from "./support/control-ui-origin.js";
import { installOpenClaw } from "./support/openclaw-cli.js";

// OpenClaw 2026.9.6's own Control UI (from its npm package), served from a local origin that
// forwards the WebSocket to clawfleet's gateway, driven in Chromium.
let stack: CompatStack;
let ui: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const unknownMethods = new Set<string>();
const called = new Set<string>();
/** The `state` of every `chat` event the page received, by run id. */
const chatStates = new Map<string, string[]>();
/** How many `chat.history` / `chat.startup` answers the page has received (over every connection it opened). */
let historyAnswers = 0;
/** {@link historyAnswers} when the last `chat` final arrived (the UI rereads the transcript after it). */
let historyAtLastFinal = 0;

before(async () => {
  const install = installOpenClaw();
  stack = await startCompatStack({ models: { "anthropic/claude-haiku-4-5": { alias: "haiku" } } });
  ui = await serveControlUi(install.controlUiDir, stack.port);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  page = await browser.newPage();
  page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on("console", (m) => m.type() === "error" && pageErrors.push(m.text()));
  page.on("websocket", (ws) => {
    const methods = new Map<string, string>();
    ws.on("framesent", (f) => {
      const frame = parse(f.payload);
      if (frame?.type === "req") {
        methods.set(String(frame.id), String(frame.method));
        called.add(String(frame.method));
      }
    });
    ws.on("framereceived", (f) => {
      const frame = parse(f.payload);
      const error = frame?.error as { message?: string } | undefined;
      if (frame?.type === "res" && /unknown method/.test(error?.message ?? ""))
        unknownMethods.add(methods.get(String(frame.id)) ?? "?");
      const event = frame?.payload as { runId?: string; state?: string } | undefined;
      if (frame?.type === "event" && frame.event === "chat" && event?.runId && event.state)
        chatStates.set(event.runId, [...(chatStates.get(event.runId) ?? []), event.state]);
      if (frame?.type === "event" && frame.event === "chat" && event?.state === "final")
        historyAtLastFinal = historyAnswers;
      if (
        frame?.type === "res" &&
        /^chat\.(history|startup)$/.test(methods.get(String(frame.id)) ?? "")
      )
        historyAnswers++;
    });
  });
});
after(async () => {
  await browser?.close();
  await ui?.close();
  await stack?.stop();
});

/** The chat bubbles in the conversation showing exactly `text`. */
function bubbles(text: string) {
  return page.locator(`.chat-thread .chat-bubble[data-message-text="${text}"]`);
}

/** Waits until the page has read the transcript again (after `since` answers) and drawn it. */
async function historyReloaded(since: number): Promise<void> {
  for (let i = 0; i < 600 && historyAnswers <= since; i++) await page.waitForTimeout(100);
  assert.ok(historyAnswers > since, "the UI read chat.history again");
  // The reconciled transcript is drawn on a later frame; give it a few.
  await page.waitForTimeout(1_500);
}

function parse(payload: string | Buffer): Record<string, unknown> | undefined {
  try {
    return JSON.parse(String(payload)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describe("OpenClaw's Control UI against clawfleet", { timeout: 300_000 }, () => {
  it("opens chat with the configured model, sends and shows the streamed reply, with no unknown methods or page errors", async () => {
    await page.goto(`${ui.url}/#token=${COMPAT_TOKEN}`);
    const composer = page.locator("textarea").first();
    await composer.waitFor({ timeout: 60_000 });
    await page.getByText("claude-sonnet-4-5").first().waitFor({ timeout: 60_000 });
    await composer.fill("hello from the control ui");
    await composer.press("Enter");
    await page.getByText("echo: hello from the control ui").first().waitFor({ timeout: 60_000 });
    // The live reply, the session.message and the reread history are one message each.
    await historyReloaded(historyAtLastFinal);
    assert.equal(await bubbles("hello from the control ui").count(), 1, "user message shown once");
    assert.equal(await bubbles("echo: hello from the control ui").count(), 1, "reply shown once");
    assert.ok(called.has("chat.send"), [...called].join(", "));
    for (const method of ["chat.startup", "sessions.list", "models.list", "agents.list"])
      assert.ok(called.has(method), `the UI called ${method}`);
    assert.deepEqual([...unknownMethods], []);
    assert.deepEqual(pageErrors, []);
  });

  it("shows the conversation once after the chat is opened again", async () => {
    const before = historyAnswers;
    await page.reload();
    await bubbles("echo: hello from the control ui").first().waitFor({ timeout: 60_000 });
    await historyReloaded(before);
    assert.equal(await bubbles("hello from the control ui").count(), 1);
    assert.equal(await bubbles("echo: hello from the control ui").count(), 1);
    assert.deepEqual(pageErrors, []);
  });

  it("Stop ends a streaming reply: the partial text stays, the run ends aborted, the composer works", async () => {
    // Long enough (~60 s at the fake's pace) that a busy machine still clicks Stop mid-story.
    const story = Array.from({ length: 6000 }, (_, i) => `word${i}`).join(" ");
    stack.llm.script.enqueue(llm.text(story));
    const composer = page.getByRole("textbox", { name: "Chat composer" });
    await composer.fill("tell me a long story");
    await composer.press("Enter");
    const stop = page.getByRole("button", { name: "Stop generating" });
    await stop.waitFor({ timeout: 60_000 });
    const partial = page.locator('.chat-thread .chat-bubble[data-message-text^="word0 word1"]');
    await partial.first().waitFor({ timeout: 60_000 });
    await stop.click();
    await stop.waitFor({ state: "hidden", timeout: 60_000 });
    // Stopped mid-story: the streamed words stay on screen, the rest never comes.
    const shown = (await partial.last().getAttribute("data-message-text")) ?? "";
    assert.ok(shown.length < story.length, `stopped before the end (${shown.length} characters)`);
    const runs = [...chatStates.entries()].filter(([, states]) => states.includes("delta"));
    assert.deepEqual(
      runs.at(-1)?.[1].filter((s) => s !== "delta"),
      ["aborted"],
    );
    await composer.fill("after the stop");
    await composer.press("Enter");
    await page
      .locator(
        '.chat-thread .chat-bubble[data-message-text^="echo:"][data-message-text$="after the stop"]',
      )
      .first()
      .waitFor({ timeout: 60_000 });
    assert.ok((await partial.count()) >= 1, "the stopped reply is still shown");
    assert.deepEqual([...unknownMethods], []);
    assert.deepEqual(pageErrors, []);
  });

  it("its chat model picker switches the session's model (sessions.patch): the next turn goes to it", async () => {
    const trigger = page.locator('summary[data-chat-model-select="true"]');
    await trigger.click();
    // The picker's option buttons stay `hidden` while its list lays out; the click goes to the option.
    await page
      .locator('button[data-chat-model-option="anthropic/claude-haiku-4-5"]')
      .dispatchEvent("click");
    await page
      .locator(
        'summary[data-chat-model-select="true"][data-chat-select-value="anthropic/claude-haiku-4-5"]',
      )
      .waitFor({ timeout: 30_000 });
    assert.ok(called.has("sessions.patch"));
    const composer = page.getByRole("textbox", { name: "Chat composer" });
    await composer.fill("which model now");
    await composer.press("Enter");
    await page
      .locator('.chat-thread .chat-bubble[data-message-text="echo: which model now"]')
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal(stack.llm.requests.all().at(-1)!.model, "claude-haiku-4-5");
    assert.deepEqual([...unknownMethods], []);
    assert.deepEqual(pageErrors, []);
  });
});
