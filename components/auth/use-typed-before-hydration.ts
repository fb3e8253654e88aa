"use client";

import { type RefObject, useEffect, useRef } from "react";

/**
 * What was typed or autofilled into a server-rendered form before React hydrated it, taken into the form's state once,
 * right after hydration. A controlled input's state starts empty and React hears nothing of earlier typing, so the
 * form's next render (the next keystroke in any of its fields) would write the empty state back over the field: the
 * email typed while the page was still loading, gone once the password is typed, and "Enter your email address" on a
 * filled-in form (React issue #26974). Every named text field that holds a value at that moment is handed to `adopt`.
 * Returns the ref to put on the form.
 */
export function useTypedBeforeHydration(adopt: (name: string, value: string) => void): RefObject<HTMLFormElement | null> {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    for (const field of Array.from(form.current?.elements ?? [])) {
      if (field instanceof HTMLInputElement && field.name && field.value && field.type !== "hidden" && field.type !== "checkbox" && field.type !== "radio") adopt(field.name, field.value);
    }
    // once, at mount: later values arrive through the fields' own change events
  }, []);
  return form;
}
