/**
 * What the Credentials provider reports (as next-auth's `error`) when the password was right but the address is not
 * confirmed yet: the sign-in form then says so, names the address and offers to resend the link.
 */
export const EMAIL_UNVERIFIED_SIGNAL = "EmailUnverified";
