/**
 * The relay's door for Next route handlers (app/v1/**): the same pipeline over Web Request/Response.
 */
import { handleRelayRequest } from "./pipeline";
import { webRequest, webResponse } from "./web-exchange";

export async function handleWebRelay(request: Request): Promise<Response> {
  const { response, ready } = webResponse(request.signal);
  void handleRelayRequest(webRequest(request), response).finally(() => {
    if (!response.isHeadersSent) response.writeHead(499, {});
  });
  return ready;
}
