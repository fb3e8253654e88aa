import { AppError, errorBody } from "@/lib/errors";

// ALL /api/* that no route serves – a 404 in the console's JSON dialect (not the HTML not-found page)
function notFound(request: Request): Response {
  const { pathname } = new URL(request.url);
  const error = new AppError("not_found", `Unknown endpoint: ${request.method} ${pathname}`);
  return Response.json(errorBody(error, "console"), { status: error.status, headers: { "cache-control": "no-store" } });
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
