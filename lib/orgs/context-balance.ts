/** The balance of a console context's wallet (the customer's own or an organization's). Read-only. */
import "server-only";
import { getWalletBalance, walletId, type WalletBalance, type WalletOwner } from "../billing/accounts";

export async function getContextBalance(owner: WalletOwner): Promise<WalletBalance> {
  return getWalletBalance(await walletId(owner));
}
