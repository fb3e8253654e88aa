import { formatUsdExact } from "@/lib/money";

/** Micro-units → the decimal a money field starts with ("2500000" → "2.5", "0" → "0"). */
export function microsToInput(micros: string | null): string {
  if (micros === null) return "";
  const [whole, fraction] = formatUsdExact(BigInt(micros)).split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed ? `${whole}.${trimmed}` : whole;
}

/** What a money field accepts: dollars with up to 6 decimals (a leading minus when `isSigned`). */
export function isUsdInput(text: string, { isSigned = false }: { isSigned?: boolean } = {}): boolean {
  return (isSigned ? /^-?\d{1,9}(\.\d{1,6})?$/ : /^\d{1,9}(\.\d{1,6})?$/).test(text.trim());
}

/** 1_000_000 ppm → "×1", 900_000 → "×0.9". */
export function multiplierLabel(ppm: number): string {
  return `×${Number((ppm / 1_000_000).toFixed(4))}`;
}
