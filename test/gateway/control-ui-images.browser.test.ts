import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AgentEvents, connectBus, getAttachment, putAttachment } from "@clawfleet/bus";
import { sessionToken } from "@clawfleet/core";
import { forgetAllAttachments } from "@clawfleet/bus/testing";
import { silentLogger } from "@clawfleet/log";
import { llm } from "@clawfleet/testkit";
import {
  attachWithPicker,
  imagesSeen,
  dropImage,
  loadedWidths,
  pasteImage,
  sha256,
  sidewaysOverflow,
  type ImageFile,
} from "./support/image-composer.js";
import { pngImage } from "./support/png-image.js";
import { UI_CONFIG, startControlUiStack, type ControlUiStack } from "./support/control-ui-stack.js";

// Images in the Control UI chat against the real gateway and agents processes, the model answered
// by the testkit's Anthropic fake: attach (picker, paste, drop), send, what the model received,
// the bubble, the reload, the refusals, a text-only model, and the phone size.
let stack: ControlUiStack;

// Images are limited to 1 MB here (agents.defaults.mediaMaxMb) so an oversized one stays small.
const CONFIG = {
  ...UI_CONFIG,
  agents: {
    ...UI_CONFIG.agents,
    defaults: { ...UI_CONFIG.agents.defaults, mediaMaxMb: 1 },
  },
  models: {
    providers: {
      local: {
        baseUrl: "http://127.0.0.1:9/v1",
        apiKey: "sk-local-test",
        api: "openai-completions",
        models: [{ id: "tiny-text", name: "Tiny text", input: ["text"] }],
      },
    },
  },
};

const red: ImageFile = {
  name: "red.png",
  mimeType: "image/png",
  buffer: pngImage(40, 30, [220, 30, 30]),
};
const blue: ImageFile = {
  name: "blue.png",
  mimeType: "image/png",
  buffer: pngImage(30, 40, [30, 30, 220]),
};

before(async () => {
  stack = await startControlUiStack({ config: CONFIG, chunkDelayMs: 5 });
});

after(async () => {
  await stack?.stop();
});

/** Opens the chat of a fresh session (so bubbles of earlier tests are not in the way). */
async function openFreshChat(options: { imagesAccepted?: boolean } = {}): Promise<void> {
  await stack.open();
  const toggle = stack.page.getByTestId("sessions-toggle");
  if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  const title = stack.page.getByTestId("chat-title");
  const was = await title.innerText();
  await stack.page.getByTestId("new-chat").click();
  // The chat shows the new session before anything is staged.
  await title.filter({ hasNotText: was }).waitFor();
  await stack.page.getByText("Say hello to your agent.").waitFor();
  if (options.imagesAccepted !== false)
    await stack.page.locator('[data-testid="attach"]:not([disabled])').waitFor({ timeout: 20_000 });
}

const staged = () => stack.page.getByTestId("staged-image");

describe("images in the Control UI chat", () => {
  it("sends a PNG picked and one pasted: the gateway stores both byte for byte and the bubble shows them (desktop and phone)", async () => {
    const { page } = stack;
    for (const size of [
      { name: "desktop", width: 1280, height: 720 },
      { name: "phone", width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      try {
        await openFreshChat();
        await attachWithPicker(page, [red]);
        await pasteImage(page, blue);
        await page.getByTestId("staged-image").nth(1).waitFor();
        assert.deepEqual(
          await loadedWidths(page.locator('[data-testid="staged-image"] img')),
          [40, 30],
          "both thumbnails show their image",
        );
        assert.ok((await sidewaysOverflow(page)) <= 0, `the composer fits at ${size.width}px`);
        stack.fake.script.enqueue(llm.text("two squares"));
        await stack.say(`what colours are these? (${size.name})`);
        await page
          .locator('[data-testid="msg-assistant"][data-state="done"]', { hasText: "two squares" })
          .last()
          .waitFor({ timeout: 30_000 });
        assert.equal(await page.getByTestId("staged-image").count(), 0, "the composer is empty");
        const bubble = page.getByTestId("msg-user").last();
        assert.deepEqual(
          await loadedWidths(bubble.locator("img")),
          [40, 30],
          "the bubble shows both",
        );
        assert.ok((await sidewaysOverflow(page)) <= 0, `the transcript fits at ${size.width}px`);
        const bus = await connectBus({
          servers: stack.natsUrl,
          name: "test",
          logger: silentLogger,
        });
        try {
          for (const image of [red, blue])
            assert.deepEqual(
              Buffer.from((await getAttachment(bus, `sha256:${sha256(image.buffer)}`)) ?? []),
              image.buffer,
              `${image.name} reached the gateway's store byte for byte`,
            );
        } finally {
          await bus.close();
        }
        const question = `what colours are these? (${size.name})`;
        const [request] = await stack.fake.requests.waitFor((r) =>
          r.lastUserText.includes(question),
        );
        assert.deepEqual(
          imagesSeen(request!),
          [
            { mediaType: "image/png", sha256: sha256(red.buffer) },
            { mediaType: "image/png", sha256: sha256(blue.buffer) },
          ],
          "the model received both images, byte for byte, in order",
        );
        await page.reload();
        const reloaded = page.getByTestId("msg-user").filter({ hasText: question });
        await reloaded.getByTestId("chat-image").nth(1).waitFor({ timeout: 20_000 });
        assert.deepEqual(
          await loadedWidths(reloaded.locator('[data-testid="chat-image"] img')),
          [40, 30],
          "after a reload the bubble still shows both (artifacts.download)",
        );
      } finally {
        await page.setViewportSize({ width: 1280, height: 720 });
      }
    }
  });

  it("stages a dropped image, removes another with the keyboard, and sends an images-only message", async () => {
    const { page } = stack;
    const green: ImageFile = {
      name: "green.png",
      mimeType: "image/png",
      buffer: pngImage(24, 24, [30, 200, 30]),
    };
    const grey: ImageFile = {
      name: "grey.png",
      mimeType: "image/png",
      buffer: pngImage(20, 20, [90, 90, 90]),
    };
    await openFreshChat();
    await dropImage(page, green);
    await attachWithPicker(page, [grey]);
    await page.getByTestId("staged-image").nth(1).waitFor();
    // The remove control is a button: focused and pressed with Enter, as with a keyboard.
    await page.getByRole("button", { name: "Remove grey.png" }).focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("staged-image").nth(1).waitFor({ state: "detached" });
    assert.match(await page.getByTestId("staged-image").innerText(), /green\.png/);
    await page.getByTestId("send").click();
    const bubble = page.getByTestId("msg-user").last();
    await bubble.locator("img").waitFor({ timeout: 20_000 });
    assert.equal((await bubble.innerText()).trim(), "", "no text in the bubble, only the image");
    assert.deepEqual(await loadedWidths(bubble.locator("img")), [24]);
    const bus = await connectBus({ servers: stack.natsUrl, name: "test", logger: silentLogger });
    try {
      assert.ok(await getAttachment(bus, `sha256:${sha256(green.buffer)}`), "green.png was sent");
      assert.equal(
        await getAttachment(bus, `sha256:${sha256(grey.buffer)}`),
        undefined,
        "the removed grey.png was not",
      );
    } finally {
      await bus.close();
    }
  });

  it("shows 'image no longer stored' after a reload for an image the gateway has forgotten, and opens a stored one full size", async () => {
    const { page } = stack;
    const white: ImageFile = {
      name: "white.png",
      mimeType: "image/png",
      buffer: pngImage(36, 28, [250, 250, 250]),
    };
    await openFreshChat();
    await attachWithPicker(page, [white]);
    await page.getByTestId("staged-image").waitFor();
    stack.fake.script.enqueue(llm.text("noted"));
    await stack.say("keep this one");
    await page
      .locator('[data-testid="msg-assistant"][data-state="done"]', { hasText: "noted" })
      .waitFor({ timeout: 30_000 });
    await page.reload();
    const bubble = page.getByTestId("msg-user").filter({ hasText: "keep this one" });
    await bubble.getByTestId("chat-image").click({ timeout: 20_000 });
    const viewer = page.getByTestId("image-viewer");
    await viewer.waitFor();
    assert.deepEqual(await loadedWidths(viewer.locator("img")), [36], "opened full size");
    await page.keyboard.press("Escape");
    await viewer.waitFor({ state: "detached" });

    const bus = await connectBus({ servers: stack.natsUrl, name: "test", logger: silentLogger });
    try {
      await forgetAllAttachments(bus);
    } finally {
      await bus.close();
    }
    await page.reload();
    const missing = bubble.locator('[data-testid="chat-image-missing"][data-state="gone"]');
    await missing.waitFor({ timeout: 20_000 });
    assert.equal(await missing.innerText(), "white.png: image no longer stored");
    assert.equal(await bubble.getByTestId("chat-image").count(), 0, "no broken image");
  });

  it("shows a reply's image in its bubble as soon as the reply ends, without a reload", async () => {
    const { page } = stack;
    await openFreshChat();
    const sessionKey = await page.evaluate(
      () =>
        (
          document.querySelector("claw-app")?.shadowRoot?.querySelector("claw-chat") as
            (Element & { sessionKey?: string }) | null | undefined
        )?.sessionKey,
    );
    assert.ok(sessionKey, "the chat names its session");
    const chart: ImageFile = {
      name: "chart.png",
      mimeType: "image/png",
      buffer: pngImage(44, 22, [200, 120, 0]),
    };
    // The events an agents worker publishes for a reply whose MEDIA: line became a stored image
    // (services/agents' reply-media test checks the worker sends them so); the gateway relays them.
    const bus = await connectBus({ servers: stack.natsUrl, name: "test", logger: silentLogger });
    try {
      const image = await putAttachment(bus, {
        bytes: chart.buffer,
        mimeType: "image/png",
        fileName: chart.name,
      });
      const runId = `run-live-image-${Date.now()}`;
      const events = [
        { type: "lifecycle" as const, phase: "start" as const },
        { type: "final" as const, text: "Here is the chart.", attachments: [image] },
        { type: "lifecycle" as const, phase: "end" as const },
      ];
      for (const [i, event] of events.entries())
        bus.publish(
          AgentEvents,
          { session: sessionToken(sessionKey) },
          { runId, runIds: [runId], sessionKey, seq: i + 1, ts: Date.now(), ...event },
        );
      await bus.flush();
    } finally {
      await bus.close();
    }
    const bubble = page.locator('[data-testid="msg-assistant"][data-state="done"]', {
      hasText: "Here is the chart.",
    });
    await bubble.getByTestId("chat-image").waitFor({ timeout: 20_000 });
    assert.deepEqual(
      await loadedWidths(bubble.locator('[data-testid="chat-image"] img')),
      [44],
      "the reply's image shows live",
    );
  });

  it("refuses an image over maxImageBytes beside its thumbnail and sends nothing until it is removed", async () => {
    const { page } = stack;
    await openFreshChat();
    const big: ImageFile = {
      name: "big.png",
      mimeType: "image/png",
      buffer: pngImage(700, 700, [0, 0, 0], true),
    };
    assert.ok(big.buffer.length > 1024 * 1024);
    await attachWithPicker(page, [big]);
    const refusal = page.getByTestId("staged-refusal");
    await refusal.waitFor();
    assert.equal(await refusal.innerText(), "big.png is 1.4 MB; images are limited to 1 MB");

    const before = stack.fake.requests.all().length;
    await stack.say("look at this big one");
    const message = page.getByTestId("attach-message");
    await message.waitFor();
    assert.match(await message.innerText(), /Not sent: big\.png is 1\.4 MB.*Remove it/);
    assert.equal(
      await page.getByLabel("message").inputValue(),
      "look at this big one",
      "text kept",
    );
    assert.equal(await page.getByTestId("msg-user").count(), 0, "no bubble: nothing was sent");
    await page.waitForTimeout(500);
    assert.equal(stack.fake.requests.all().length, before, "the model was not called");

    await page.getByRole("button", { name: "Remove big.png" }).click();
    assert.equal(await staged().count(), 0);
    assert.equal(await message.count(), 0, "the refusal went with the image");
  });

  it("shows the gateway's refusal of a file that is not the image it claims to be, and keeps it staged", async () => {
    const { page } = stack;
    await openFreshChat();
    const fake: ImageFile = {
      name: "fake.png",
      mimeType: "image/png",
      buffer: Buffer.from("these bytes are not a PNG image at all"),
    };
    await attachWithPicker(page, [fake]);
    await staged().waitFor();
    const before = stack.fake.requests.all().length;
    await stack.say("what is this");
    const message = page.getByTestId("attach-message");
    await message.waitFor({ timeout: 20_000 });
    assert.match(await message.innerText(), /^Not sent: .*fake\.png/);
    assert.equal(await staged().count(), 1, "the image is back in the composer");
    assert.equal(await page.getByLabel("message").inputValue(), "what is this");
    await page.waitForTimeout(500);
    assert.equal(stack.fake.requests.all().length, before, "nothing reached the model");
    await page.getByRole("button", { name: "Remove fake.png" }).click();
    await page.getByLabel("message").fill("");
  });

  it("disables the attach button for a text-only model, saying why; paste says so instead of staging", async () => {
    const { page } = stack;
    await openFreshChat();
    await page.getByTestId("model-picker").selectOption("local/tiny-text");
    const attach = page.locator('[data-testid="attach"][disabled][title*="local/tiny-text"]');
    await attach.waitFor();
    assert.match(
      (await attach.getAttribute("title")) ?? "",
      /^local\/tiny-text cannot see images \(it takes text only\)/,
      "the tooltip says why",
    );
    await pasteImage(page, red);
    const message = page.getByTestId("attach-message");
    await message.waitFor();
    assert.match(await message.innerText(), /Not attached: local\/tiny-text cannot see images/);
    assert.equal(await staged().count(), 0, "nothing staged");
    await dropImage(page, blue);
    assert.equal(await staged().count(), 0, "a drop stages nothing either");

    await page.getByTestId("model-picker").selectOption("");
    await page.locator('[data-testid="attach"]:not([disabled])').waitFor();
  });
});
