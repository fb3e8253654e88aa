/**
 * The one or two characters of a person's avatar: the first letter or digit of the first two words of their name
 * (of the email's local part when they have no name). Whole code points, never half of a surrogate pair (an emoji's
 * first half rendered as U+FFFD on the server and as itself in the browser: a hydration error on every page).
 */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function initials({ email, name }: { email: string; name: string | null }): string {
  const source = name?.trim() || email;
  const letters = source
    .split(/[\s@._-]+/)
    .map((word) => word.match(LETTER_OR_DIGIT)?.[0])
    .filter((letter): letter is string => letter !== undefined);
  if (letters.length === 0) return "?";
  return (name?.trim() ? letters.slice(0, 2).join("") : letters[0]).toUpperCase();
}
