import { speakableText } from "../domain/speakable-text.js";
import { splitSentences } from "./sentences.js";

/**
 * Collects an agent's streamed text deltas and hands out each sentence once it is complete (ended
 * by `.`, `!` or `?` and followed by more text), so speech can start before the reply is done.
 */
export class DeltaSentences {
  #buffer = "";
  /** Speakable sentences handed out so far, in order. */
  readonly spoken: string[] = [];

  /** Adds a delta; returns the sentences it completed (speakable text, maybe none). */
  push(delta: string): string[] {
    this.#buffer += delta;
    const match = /^([\s\S]*[.!?])\s+(?=\S)/.exec(this.#buffer);
    if (!match?.[1]) return [];
    this.#buffer = this.#buffer.slice(match[0].length);
    const sentences = splitSentences(speakableText(match[1]));
    this.spoken.push(...sentences);
    return sentences;
  }

  /**
   * What is left to say of the complete reply `full` after the sentences already spoken: the rest
   * after them when the reply starts with them, else the reply minus as many sentences.
   */
  remainder(full: string, split: (text: string) => string[]): string[] {
    const said = this.spoken.join(" ").replace(/\s+/g, " ");
    const text = full.replace(/\s+/g, " ").trim();
    if (!said) return split(text);
    if (text.startsWith(said)) return split(text.slice(said.length).trim());
    return split(text).slice(split(said).length);
  }
}
