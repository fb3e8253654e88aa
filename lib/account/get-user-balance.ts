/**
 * A customer's own wallet balance, as the console shows it (read-only: balances change only in the ledger).
 */
import "server-only";
import { getWalletBalance, walletId, type WalletBalance } from "../billing/accounts";

export async function getUserBalance(userId: string): Promise<WalletBalance> {
  return getWalletBalance(await walletId({ userId }));
}
