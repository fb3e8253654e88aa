"use client";

import { type Ref, useCallback, useEffect, useRef } from "react";
import { cn } from "./cn";

const CONTROL =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-xs transition-colors " +
  "placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none focus:ring-3 focus:ring-brand-500/20 " +
  "disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 " +
  "aria-invalid:border-red-500 aria-invalid:focus:ring-red-500/20 " +
  "dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 dark:disabled:bg-zinc-800";

/** Input types whose state is `checked`, or that cannot hold a controlled value. */
const NOT_TEXT = new Set(["checkbox", "radio", "file"]);

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * A controlled field (value + onChange) rendered on the server can be typed into, autofilled or (a select) changed
 * before React has hydrated it. React hears nothing of that, and the form's next render (a keystroke in any of its
 * fields) writes the rendered value back over the field: the email typed while the sign-in page loaded, gone once the
 * password is typed (React issue #26974); meanwhile the form's state is not what the field shows. Right after mount, a
 * controlled field whose value differs from what it was rendered with hands it to its own onChange, through React's
 * own event: a select's change event as it is; a text field's input event once React's change detection, which
 * compares with the value hydration read from the field itself, has been told the rendered value.
 * Returns the ref callback to put on the field (it also sets the caller's ref).
 */
function useKeepsEarlyInput<T extends Field>(value: unknown, type: string | undefined, outer: Ref<T> | undefined): (field: T | null) => void {
  const own = useRef<T | null>(null);
  useEffect(() => {
    const field = own.current;
    if (!field || value === undefined || value === null || NOT_TEXT.has(type ?? "")) return;
    const rendered = String(value);
    if (field.value === rendered) return;
    if (field instanceof HTMLSelectElement) {
      // one option chosen over another (a rendered value no option has shows the first option: nobody chose that)
      const options = Array.from(field.options, (option) => option.value);
      if (!field.multiple && options.includes(rendered)) field.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    (field as T & { _valueTracker?: { setValue(value: string): void } })._valueTracker?.setValue(rendered);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }, []); // once, at mount: later changes arrive through the field's own events
  return useCallback(
    (field: T | null) => {
      own.current = field;
      if (typeof outer === "function") outer(field);
      else if (outer) outer.current = field;
    },
    [outer],
  );
}

export function Input({ className, ref, ...props }: React.InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const fieldRef = useKeepsEarlyInput(props.value, props.type, ref);
  return <input ref={fieldRef} className={cn(CONTROL, "h-9", className)} {...props} />;
}

export function Textarea({ className, ref, ...props }: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  const fieldRef = useKeepsEarlyInput(props.value, undefined, ref);
  return <textarea ref={fieldRef} className={cn(CONTROL, "min-h-20 py-2", className)} {...props} />;
}

export function Select({ className, children, ref, ...props }: React.SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  const fieldRef = useKeepsEarlyInput(props.value, undefined, ref);
  return (
    <select ref={fieldRef} className={cn(CONTROL, "h-9 pr-8", className)} {...props}>
      {children}
    </select>
  );
}
