import { Alert } from "@/components/ui/alert";

/** The form-level error above an auth form (tests find it by `form-error`); nothing when there is no error. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert tone="danger">
      <span data-testid="form-error">{message}</span>
    </Alert>
  );
}
