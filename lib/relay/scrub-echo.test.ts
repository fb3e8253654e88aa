import { describe, expect, it } from "vitest";
import { ECHO_RUN, scrubEchoes } from "./scrub-echo";

const PROMPT = "Summarise the quarterly numbers for the purple elephant project, please";

describe("scrubEchoes", () => {
  it("cuts every run of the request's strings out of an upstream message and keeps the rest", () => {
    const request = { model: "m", messages: [{ role: "user", content: PROMPT }] };
    const message = `Invalid request: '${PROMPT}' exceeds max_tokens; also saw "${PROMPT.slice(10, 40)}"`;
    const scrubbed = scrubEchoes(message, request);
    expect(scrubbed).toBe(`Invalid request: '[…]' exceeds max_tokens; also saw "[…]"`);
  });

  it("finds the prompt in nested content parts and system prompts", () => {
    const request = { system: [{ type: "text", text: PROMPT }], messages: [{ role: "user", content: [{ type: "text", text: "short" }] }] };
    expect(scrubEchoes(`echo: ${PROMPT}`, request)).toBe("echo: […]");
  });

  it("leaves ordinary messages and short shared words alone", () => {
    const request = { messages: [{ role: "user", content: PROMPT }] };
    expect(scrubEchoes("max_tokens is too large: 100000 > 8192", request)).toBe("max_tokens is too large: 100000 > 8192");
    // a shared run one character shorter than ECHO_RUN is not an echo
    const near = PROMPT.slice(0, ECHO_RUN - 1);
    expect(scrubEchoes(`x ${near} y`, request)).toBe(`x ${near} y`);
    expect(scrubEchoes(`x ${PROMPT.slice(0, ECHO_RUN)} y`, request)).toBe("x […] y");
  });
});
