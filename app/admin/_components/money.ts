import { MAX_OPERATOR_AMOUNT_MICROS } from "@/lib/admin/constants";
import { formatUsd, formatUsdExact, readUsdInput } from "@/lib/money";

/** Micro-units → the decimal a money field starts with ("2500000" → "2.5", "0" → "0"). */
export function microsToInput(micros: string | null): string {
  if (micros === null) return "";
  const [whole, fraction] = formatUsdExact(BigInt(micros)).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed ? `${whole}.${trimmed}` : whole;
}

/**
 * Why a money field's text is refused, as the key of its message under `errors` (null when it is fine): dollars up
 * to MAX_OPERATOR_AMOUNT_MICROS with up to 6 decimals, a leading minus when `isSigned`. `max` fills the message.
 */
export function usdInputError(
  text: string,
  { isSigned = false }: { isSigned?: boolean } = {},
): { key: "amount" | "amountNegative" | "amountTooLarge" | "amountTooPrecise"; max: string } | null {
  const { problem } = readUsdInput(text, { max: MAX_OPERATOR_AMOUNT_MICROS, isSigned });
  if (!problem) return null;
  const key = ({ malformed: "amount", negative: "amountNegative", tooLarge: "amountTooLarge", tooPrecise: "amountTooPrecise" } as const)[problem];
  return { key, max: formatUsd(MAX_OPERATOR_AMOUNT_MICROS) };
}

/** 1_000_000 ppm → "×1", 900_000 → "×0.9". */
export function multiplierLabel(ppm: number): string {
  return `×${Number((ppm / 1_000_000).toFixed(4))}`;
}
