/** Colour themes the console offers; "system" follows the operating system. */
export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_STORAGE_KEY = "switchyard.theme";
