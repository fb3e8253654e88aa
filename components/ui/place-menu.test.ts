import { describe, expect, it } from "vitest";
import { placeMenu } from "./place-menu";

const viewport = { width: 1000, height: 800 };
const menu = { width: 200, height: 160 };
const triggerAt = (top: number, left = 700) => ({ top, bottom: top + 32, left, right: left + 32 });

describe("placeMenu", () => {
  it("opens below the trigger, aligned to its end edge or its start edge", () => {
    expect(placeMenu({ trigger: triggerAt(100), menu, viewport, align: "end" })).toEqual({ top: 136, left: 532, isAbove: false });
    expect(placeMenu({ trigger: triggerAt(100), menu, viewport, align: "start" })).toEqual({ top: 136, left: 700, isAbove: false });
  });

  it("flips above the trigger near the bottom of the window (the last row of a table)", () => {
    expect(placeMenu({ trigger: triggerAt(700), menu, viewport, align: "end" })).toEqual({ top: 536, left: 532, isAbove: true });
  });

  it("stays below when there is no more room above than below, and never leaves the window's top", () => {
    const short = { width: 1000, height: 300 };
    expect(placeMenu({ trigger: triggerAt(100), menu, viewport: short, align: "end" }).isAbove).toBe(false);
    const tall = { width: 200, height: 700 };
    expect(placeMenu({ trigger: triggerAt(500), menu: tall, viewport, align: "end" })).toMatchObject({ top: 8, isAbove: true });
  });

  it("is kept inside the window's left and right edges", () => {
    expect(placeMenu({ trigger: triggerAt(100, 20), menu, viewport, align: "end" }).left).toBe(8);
    expect(placeMenu({ trigger: triggerAt(100, 950), menu, viewport, align: "start" }).left).toBe(792);
  });
});
