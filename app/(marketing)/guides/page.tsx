import { redirect } from "next/navigation";

// GET /guides – the console's "Guides" link: the integration guides live at /docs
export default function GuidesRedirect() {
  redirect("/docs");
}
