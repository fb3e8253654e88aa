/**
 * The method of a page's form whose submit is handled in script — not one inside a <dialog>, which this method would
 * close. Sent by the browser itself (Enter, or a click, before React has hydrated the page), a "dialog" form outside a
 * dialog goes nowhere: nothing is sent — no GET putting a password in the address, no POST reloading the page empty —
 * and what was typed stays for the hydrated form to send (input.tsx keeps it). Forms inside dialogs use "post".
 */
export const SCRIPT_FORM_METHOD = "dialog";
