/** What the relay knows about a key once it is verified (no secret, no hash). */
export type ApiKeyAuth = {
  id: string;
  name: string;
  userId: string;
  orgId: string | null;
  /** the wallet this key spends from (the org's for an org key, else the user's) */
  walletId: string;
  membershipId: string | null;
  isEnabled: boolean;
  isUserDisabled: boolean;
  creditCap: bigint;
  allowedModels: string[];
  allowedIps: string[];
  expiresAt: Date | null;
  rpmLimit: number | null;
  concurrencyLimit: number;
  groupMultiplierPpm: number;
};
